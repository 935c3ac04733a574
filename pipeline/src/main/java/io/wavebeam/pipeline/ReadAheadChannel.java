package io.wavebeam.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import io.wavebeam.wfdb.ReadOnlyChannel;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A bounded, parallel read-ahead over a file of an object store: the file is read in blocks of
 * {@link #BLOCK_BYTES} (8 MiB), each block one ranged request ({@link RangeReader}, an S3 {@code Range} GET), with
 * up to {@link #IN_FLIGHT} (2) requests in flight ahead of the block the reader is in. Requests may complete in any
 * order; the reader takes them in file order. Several requests at once keep the connection busy while one of them
 * waits on the server, which one streamed GET per file could not (pass 1 from S3Proxy took 1.6× its local time
 * with one GET per file, docs/benchmarks.md). Each request costs the SDK's whole request path (interceptors,
 * signing, its compilation by the JIT): 8 MiB blocks, two ahead (16 MiB in flight), halved the requests of 4 MiB
 * blocks, three ahead (12 MiB): an S3 run of 1 GB went from 1.34 to 1.24-1.40 times the local run's wall.
 *
 * <p>Memory per open file: at most {@code IN_FLIGHT + 1} blocks = 24 MiB (the block being read and the blocks
 * being fetched), never the whole object; the blocks are reused from one request to the next, and a closed file's
 * blocks go to a pool shared by the process (at most {@code (IN_FLIGHT + 1) × max(2, processors)} blocks: 48 MiB on
 * 2 cores) for the next file. A seek outside the
 * blocks in hand abandons the requests in flight (their blocks go to the garbage collector when they end, not back
 * to the pool) and starts again at the new position. A failed request surfaces as an IOException naming the
 * object and the byte range. A file's first block can be asked for before the file is opened ({@link #prefetch}:
 * the worker does it for the next task's files), so that opening it does not wait for a first request.
 */
final class ReadAheadChannel extends ReadOnlyChannel {
  static final int BLOCK_BYTES = 8 << 20;
  static final int IN_FLIGHT = 2;
  /**
   * The first block after an open or a seek is small: the reader waits for it alone, while the full blocks after it
   * share the connection's bandwidth with it; a full first block made every file's first bytes wait for 8 MiB.
   */
  static final int FIRST_BLOCK_BYTES = 256 << 10;

  /** Shared by every open file; each file bounds its own requests to IN_FLIGHT, so threads stay few. */
  private static final ExecutorService REQUESTS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "wavebeam-ranged-read");
    t.setDaemon(true);
    return t;
  });

  /** One block's request: {@code data[0, length)} holds bytes {@code [start, start + length)} once done. */
  private static final class Block {
    final long start;
    final int length;
    final byte[] data;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    Future<?> task;

    Block(long start, int length, byte[] data) {
      this.start = start;
      this.length = length;
      this.data = data;
    }

    boolean holds(long position) {
      return position >= start && position < start + length;
    }
  }

  private final String name;
  private final long size;
  private final RangeReader ranges;
  private final int blockBytes;
  private final int firstBlockBytes;
  private final int inFlight;
  /**
   * Full-size blocks that channels are done with, shared by every open file: a pass over many files opens a channel
   * per file, and new 4 MiB arrays each time (humongous objects to G1) made 22 old-generation collections on 1 GB
   * and grew the heap to its -Xmx. At most {@link #POOLED_BLOCKS} are kept.
   */
  private static final ConcurrentLinkedDeque<byte[]> POOL = new ConcurrentLinkedDeque<>();
  private static final AtomicInteger POOLED = new AtomicInteger();
  static final int POOLED_BLOCKS = (IN_FLIGHT + 1) * Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * First blocks of files not opened yet, by name: asked for by {@link #prefetch} while the reader is still busy
   * with the file before, and taken by the channel that opens the file. Without it every open waited for its first
   * request (header, then signal file): 80 such waits cost a 1 GB pass from S3 0.7-1.4 s of its two workers' time
   * (docs/benchmarks.md). At most {@link #PREFETCHED_FILES} are kept (the oldest is abandoned), each at most
   * {@link #FIRST_BLOCK_BYTES}.
   */
  private static final Map<String, Block> PREFETCHED = new LinkedHashMap<>();
  static final int PREFETCHED_FILES = 16;

  /** Blocks whose requests ended and that the reader is done with: filled again by the next requests. */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  /** Requested blocks after {@link #current}, in file order, each starting where the one before ends. */
  private final ArrayDeque<Block> ahead = new ArrayDeque<>();
  private Block current;

  ReadAheadChannel(ResourceId id, long size) {
    this(id.toString(), size, RangeReader.of(id), BLOCK_BYTES, FIRST_BLOCK_BYTES, IN_FLIGHT);
  }

  ReadAheadChannel(String name, long size, RangeReader ranges, int blockBytes, int inFlight) {
    this(name, size, ranges, blockBytes, blockBytes, inFlight);
  }

  ReadAheadChannel(String name, long size, RangeReader ranges, int blockBytes, int firstBlockBytes, int inFlight) {
    this.name = name;
    this.size = size;
    this.ranges = ranges;
    this.blockBytes = blockBytes;
    this.firstBlockBytes = Math.min(firstBlockBytes, blockBytes);
    this.inFlight = inFlight;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return dst.hasRemaining() ? -1 : 0;
    }
    int total = 0;
    while (dst.hasRemaining() && position < size) {
      if (current == null || !current.holds(position)) {
        advance();
      }
      int offset = (int) (position - current.start);
      int n = Math.min(dst.remaining(), current.length - offset);
      dst.put(current.data, offset, n);
      position += n;
      total += n;
    }
    return total;
  }

  /** Makes {@link #current} the block holding {@link #position}, waiting for its request, and tops up the ahead. */
  private void advance() throws IOException {
    if (current != null) {
      free.push(current.data);
      current = null;
    }
    while (!ahead.isEmpty() && ahead.peekFirst().start + ahead.peekFirst().length <= position) {
      abandon(ahead.pollFirst()); // skipped over by a seek forwards
    }
    if (ahead.isEmpty() && current == null) {
      Block prefetched = takePrefetched(name);
      if (prefetched != null && prefetched.holds(position)) {
        ahead.addLast(prefetched);
      } else if (prefetched != null) {
        abandon(prefetched);
      }
    }
    if (ahead.isEmpty() || !ahead.peekFirst().holds(position)) {
      abandonAll();
      if (firstBlockBytes < blockBytes) {
        request(position, firstBlockBytes);
      } else {
        request(position - position % blockBytes, blockBytes);
      }
    }
    Block next = ahead.pollFirst();
    topUp(next);
    try {
      next.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(next);
      throw new InterruptedIOException(name + ": interrupted while reading bytes " + range(next));
    } catch (ExecutionException e) {
      abandonAll();
      Throwable cause = e.getCause();
      throw new IOException(name + ": reading bytes " + range(next) + " failed: " + cause.getMessage(), cause);
    }
    current = next;
  }

  /** Requests the blocks after {@code next} (the block the reader waits for) until IN_FLIGHT are in flight. */
  private void topUp(Block next) {
    while (ahead.size() < inFlight) {
      Block last = ahead.isEmpty() ? next : ahead.peekLast();
      long start = last.start + last.length;
      if (start >= size) {
        return;
      }
      request(start, blockBytes);
    }
  }

  private void request(long start, int maxLength) {
    int length = (int) Math.min(maxLength, size - start);
    byte[] data = free.poll();
    if (data != null && data.length < length) {
      data = null; // a prefetched first block's small array: a pooled block serves better than a new one
    }
    // a pooled block serves the small first block too (it is filled only in part): a new full-size array per file is a
    // humongous object to G1, and made an S3 run's peak RSS 490 MiB against 440
    if (data == null && blockBytes == BLOCK_BYTES) {
      data = POOL.poll();
      if (data != null) {
        POOLED.decrementAndGet();
      }
    }
    if (data == null || data.length < length) {
      data = new byte[(int) Math.max(length, Math.min(blockBytes, size))];
    }
    Block block = new Block(start, length, data);
    submit(block, ranges);
    ahead.addLast(block);
  }

  private static void submit(Block block, RangeReader ranges) {
    block.task = REQUESTS.submit(() -> {
      try {
        ranges.read(block.start, block.data, block.length);
        block.done.complete(null);
      } catch (Throwable t) {
        block.done.completeExceptionally(t);
      }
    });
  }

  /**
   * Asks for the first {@link #FIRST_BLOCK_BYTES} of the file {@code id} (of {@code size} bytes) now, for a channel
   * that will open it soon (the next task's files while this task decodes): that channel's first read then finds
   * the bytes arrived or on their way. A failed request fails that first read, as an unprefetched one would.
   */
  static void prefetch(ResourceId id, long size) {
    prefetch(id.toString(), size, RangeReader.of(id), FIRST_BLOCK_BYTES);
  }

  static void prefetch(String name, long size, RangeReader ranges, int firstBlockBytes) {
    if (size <= 0) {
      return;
    }
    synchronized (PREFETCHED) {
      if (PREFETCHED.containsKey(name)) {
        return;
      }
      if (PREFETCHED.size() >= PREFETCHED_FILES) {
        Iterator<Block> oldest = PREFETCHED.values().iterator();
        abandon(oldest.next());
        oldest.remove();
      }
      int length = (int) Math.min(firstBlockBytes, size);
      // its own small array (not a pooled block): below half a G1 region, so not a humongous object
      Block block = new Block(0, length, new byte[length]);
      submit(block, ranges); // before it can be taken or abandoned: both need its task
      PREFETCHED.put(name, block);
    }
  }

  private static Block takePrefetched(String name) {
    synchronized (PREFETCHED) {
      return PREFETCHED.isEmpty() ? null : PREFETCHED.remove(name);
    }
  }

  /**
   * Abandons the prefetched first block of {@code name} if no channel took it: a task that failed before opening
   * the file must not leave bytes that a later run in this JVM (the object rewritten since) would be served.
   */
  static void dropPrefetched(String name) {
    Block left = takePrefetched(name);
    if (left != null) {
      abandon(left);
    }
  }

  /** How many prefetched first blocks wait for their channel. */
  static int prefetchedFiles() {
    synchronized (PREFETCHED) {
      return PREFETCHED.size();
    }
  }

  private static String range(Block b) {
    return b.start + "-" + (b.start + b.length - 1);
  }

  /** Gives a block up: its request runs to its end (or is interrupted) and its buffer is not reused. */
  private static void abandon(Block b) {
    if (!b.done.isDone()) {
      b.task.cancel(true);
    }
  }

  private void abandonAll() {
    for (Block b : ahead) {
      abandon(b);
    }
    ahead.clear();
  }

  @Override
  public long size() {
    return size;
  }

  /** Returns at once: requests in flight are abandoned, not waited for. */
  @Override
  public void close() {
    super.close();
    abandonAll();
    if (current != null) {
      free.push(current.data);
      current = null;
    }
    for (byte[] data : free) {
      if (data.length == BLOCK_BYTES && POOLED.incrementAndGet() <= POOLED_BLOCKS) {
        POOL.push(data);
      } else if (data.length == BLOCK_BYTES) {
        POOLED.decrementAndGet();
      }
    }
    free.clear();
  }
}
