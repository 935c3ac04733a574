package io.wavebeam.combiner;

import java.util.Arrays;

/**
 * An open-addressing map of long keys to long values (no boxing: 16 bytes a slot), for the per-file set of row
 * keys that finds duplicate rows. Keys must not be {@link Long#MIN_VALUE} (the empty slot).
 */
final class LongLongMap {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private long[] values;
  private int size;

  LongLongMap() {
    this(1 << 12);
  }

  /** A map of {@code capacity} slots to start with (a power of two). */
  LongLongMap(int capacity) {
    keys = new long[Integer.highestOneBit(Math.max(capacity, 4) - 1) << 1];
    Arrays.fill(keys, EMPTY);
    values = new long[keys.length];
  }

  /** Puts {@code key → value} unless {@code key} is there; returns the value already there, or EMPTY. */
  long putIfAbsent(long key, long value) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = (int) mix(key) & mask;
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
    return EMPTY;
  }

  static boolean absent(long result) {
    return result == EMPTY;
  }

  int size() {
    return size;
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    return k;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new long[keys.length];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = (int) mix(oldKeys[j]) & mask;
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
