package io.wavebeam.pipeline.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Exact counts of every distinct digital value of a signal. Values inside the format's natural range are counted
 * in a dense {@code long[]} (256 entries for 8-bit formats, 65,536 for 16-bit ones), so memory does not grow with
 * the record's length; values outside it (format 8's running sums can wander, 24- and 32-bit formats have no dense
 * range) go to a sparse open-addressing table whose size grows with the number of distinct values.
 *
 * <p>Exact counts give exact quantiles, minimum, maximum and moments; two histograms of the same signal merge by
 * adding counts, so partial results of a split segment combine.
 */
public final class DigitalHistogram implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Widest format whose values are counted densely. */
  public static final int MAX_DENSE_BITS = 16;
  private static final int EMPTY_KEY = Integer.MIN_VALUE; // the reader's INVALID, never counted

  private final int denseLow; // digital value of dense[0]
  private final long[] dense; // null when there is no dense range
  private int[] sparseKeys = new int[0];
  private long[] sparseCounts = new long[0];
  private int sparseSize;

  private DigitalHistogram(int denseLow, long[] dense) {
    this.denseLow = denseLow;
    this.dense = dense;
  }

  /**
   * A histogram whose dense range covers the two's-complement range of {@code bits}-bit values; {@code bits} above
   * {@value #MAX_DENSE_BITS} (or 0) gives a sparse-only histogram.
   */
  public static DigitalHistogram forBits(int bits) {
    if (bits <= 0 || bits > MAX_DENSE_BITS) {
      return new DigitalHistogram(0, null);
    }
    return new DigitalHistogram(-(1 << (bits - 1)), new long[1 << bits]);
  }

  public void add(int value) {
    if (dense != null) {
      int i = value - denseLow;
      if (i >= 0 && i < dense.length) {
        dense[i]++;
        return;
      }
    }
    addSparse(value, 1);
  }

  /** Adds {@code count} occurrences of {@code value}. */
  public void add(int value, long count) {
    addCount(value, count);
  }

  /** The dense counts (null when there is no dense range), for callers that count in bulk. */
  long[] denseCounts() {
    return dense;
  }

  /** The digital value counted in {@code denseCounts()[0]}. */
  int denseLow() {
    return denseLow;
  }

  /** Count of {@code value}. */
  public long count(int value) {
    if (dense != null) {
      int i = value - denseLow;
      if (i >= 0 && i < dense.length) {
        return dense[i];
      }
    }
    if (sparseSize == 0) {
      return 0;
    }
    int slot = find(value);
    return sparseKeys[slot] == value ? sparseCounts[slot] : 0;
  }

  /** Adds {@code other}'s counts to this histogram. */
  public void merge(DigitalHistogram other) {
    if (other.dense != null) {
      for (int i = 0; i < other.dense.length; i++) {
        long c = other.dense[i];
        if (c != 0) {
          int v = other.denseLow + i;
          if (dense != null && denseLow == other.denseLow && dense.length == other.dense.length) {
            dense[i] += c;
          } else {
            addCount(v, c);
          }
        }
      }
    }
    for (int i = 0; i < other.sparseKeys.length; i++) {
      if (other.sparseKeys[i] != EMPTY_KEY) {
        addCount(other.sparseKeys[i], other.sparseCounts[i]);
      }
    }
  }

  /** Forgets every count, keeping the tables (a window's counter is reused for the next window). */
  void clear() {
    if (dense != null) {
      Arrays.fill(dense, 0);
    }
    if (sparseSize > 0) {
      Arrays.fill(sparseKeys, EMPTY_KEY);
      Arrays.fill(sparseCounts, 0);
      sparseSize = 0;
    }
  }

  /** Whether {@link #forBits}{@code (bits)} has a dense range. */
  static boolean forBitsIsDense(int bits) {
    return bits > 0 && bits <= MAX_DENSE_BITS;
  }

  /** Whether some value is counted outside the dense range. */
  boolean hasSparse() {
    return sparseSize > 0;
  }

  boolean isDense() {
    return dense != null;
  }

  private void addCount(int value, long c) {
    if (dense != null) {
      int i = value - denseLow;
      if (i >= 0 && i < dense.length) {
        dense[i] += c;
        return;
      }
    }
    addSparse(value, c);
  }

  private void addSparse(int value, long c) {
    if ((sparseSize + 1) * 2 > sparseKeys.length) {
      grow();
    }
    int slot = find(value);
    if (sparseKeys[slot] == EMPTY_KEY) {
      sparseKeys[slot] = value;
      sparseSize++;
    }
    sparseCounts[slot] += c;
  }

  private int find(int value) {
    int mask = sparseKeys.length - 1;
    int slot = mix(value) & mask;
    while (sparseKeys[slot] != EMPTY_KEY && sparseKeys[slot] != value) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static int mix(int v) {
    int h = v * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    int[] oldKeys = sparseKeys;
    long[] oldCounts = sparseCounts;
    int capacity = Math.max(16, oldKeys.length * 2);
    sparseKeys = new int[capacity];
    Arrays.fill(sparseKeys, EMPTY_KEY);
    sparseCounts = new long[capacity];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY_KEY) {
        int slot = find(oldKeys[i]);
        sparseKeys[slot] = oldKeys[i];
        sparseCounts[slot] = oldCounts[i];
      }
    }
  }

  /** The distinct values with a non-zero count, ascending, and their counts. */
  public Bins bins() {
    int n = sparseSize;
    if (dense != null) {
      for (long c : dense) {
        if (c != 0) {
          n++;
        }
      }
    }
    int[] values = new int[n];
    long[] counts = new long[n];
    int k = 0;
    if (sparseSize > 0) {
      int[] keys = new int[sparseSize];
      int j = 0;
      for (int key : sparseKeys) {
        if (key != EMPTY_KEY) {
          keys[j++] = key;
        }
      }
      Arrays.sort(keys);
      int below = 0;
      while (below < keys.length && (dense == null || keys[below] < denseLow)) {
        values[k] = keys[below];
        counts[k++] = count(keys[below]);
        below++;
      }
      k = fillDense(values, counts, k);
      for (int i = below; i < keys.length; i++) {
        values[k] = keys[i];
        counts[k++] = count(keys[i]);
      }
    } else {
      fillDense(values, counts, k);
    }
    return new Bins(values, counts);
  }

  private int fillDense(int[] values, long[] counts, int k) {
    if (dense != null) {
      for (int i = 0; i < dense.length; i++) {
        if (dense[i] != 0) {
          values[k] = denseLow + i;
          counts[k++] = dense[i];
        }
      }
    }
    return k;
  }

  // Equality of the stored state: Beam's DirectRunner compares decoded copies of elements with it.
  @Override
  public boolean equals(Object o) {
    return o instanceof DigitalHistogram h && denseLow == h.denseLow && sparseSize == h.sparseSize
        && Arrays.equals(dense, h.dense) && Arrays.equals(sparseKeys, h.sparseKeys)
        && Arrays.equals(sparseCounts, h.sparseCounts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dense) + Arrays.hashCode(sparseKeys);
  }

  /** Distinct values ascending with their counts. */
  public record Bins(int[] values, long[] counts) {
    public long total() {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      return n;
    }
  }
}
