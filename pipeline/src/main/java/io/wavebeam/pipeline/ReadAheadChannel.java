package io.wavebeam.pipeline;

import java.io.EOFException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import io.wavebeam.wfdb.ReadOnlyChannel;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A bounded read-ahead over a file of an object store, in blocks of {@link #BLOCK_BYTES} (2 MiB), up to
 * {@link #IN_FLIGHT} (3) blocks ahead of the one the reader is in. A file's first block (256 KiB after an open or a
 * seek) is a ranged request of its own ({@link RangeReader#read}, an S3 {@code Range} GET), so that the reader's first
 * bytes wait for little; the blocks after it are filled in file order from <em>one</em> ranged GET of the rest of
 * the file ({@link RangeReader#open}), read only as fast as blocks are freed for it, so TCP holds the server back
 * and memory stays bounded. Each request costs the SDK's whole request path (interceptors, signing, endpoint rules,
 * their interpretation and compilation by the JIT): a GET per 8 MiB block made ~210 requests on a 1 GB group, one
 * body per file ~100 (docs/benchmarks.md). With one GET per body a block's size no longer sets the number of
 * requests: 2 MiB blocks, three ahead, let a file's decoding start sooner and hold a third of the memory of 8 MiB
 * blocks two ahead (peak RSS of a 1 GB run 415 against 450 MiB, wall 0.97). One stream from an S3-compatible
 * server on loopback gives ~450-700 MB/s, several times what a worker decodes. A body that breaks off mid-way is
 * asked for again from the byte where it stopped ({@link #BODY_RETRIES} times).
 *
 * <p>Memory per open file: at most {@code IN_FLIGHT + 1} blocks = 8 MiB (the block being read and the blocks
 * being filled), never the whole object; the blocks are reused from one request to the next, and a closed file's
 * blocks go to a pool shared by the process (at most {@code (IN_FLIGHT + 1) × max(2, processors)} blocks: 16 MiB on
 * 2 cores) for the next file. A seek outside the blocks in hand abandons the blocks asked for (their buffers go to
 * the garbage collector, not back to the pool) and starts again at the new position. A failed request surfaces as
 * an IOException naming the object and the byte range. A file's first block can be asked for before the file is
 * opened ({@link #prefetch}: the worker does it for the next task's files), so that opening it does not wait for a
 * first request.
 */
final class ReadAheadChannel extends ReadOnlyChannel {
  static final int BLOCK_BYTES = 2 << 20;
  static final int IN_FLIGHT = 3;
  /**
   * The first block after an open or a seek is small: the reader waits for it alone, while the full blocks after it
   * share the connection's bandwidth with it; a full first block made every file's first bytes wait for 8 MiB.
   */
  static final int FIRST_BLOCK_BYTES = 256 << 10;
  /** How often a body that broke off is asked for again from the byte where it stopped. */
  static final int BODY_RETRIES = 2;

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
    /** The block's own request; null for a block filled from the file's body ({@link BodyStream}). */
    Future<?> task;
    /** Set when the reader gave the block up before its body reached it: the body skips it. */
    volatile boolean abandoned;

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
  /** Fills the blocks after the first from one ranged GET; made on the first such block. */
  private BodyStream body;

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
      Block block = newBlock(start, blockBytes);
      if (body == null) {
        body = new BodyStream(size, ranges);
      }
      body.fill(block);
      ahead.addLast(block);
    }
  }

  /** A block asked for with a request of its own (the first after an open or a seek). */
  private void request(long start, int maxLength) {
    Block block = newBlock(start, maxLength);
    submit(block, ranges);
    ahead.addLast(block);
  }

  private Block newBlock(long start, int maxLength) {
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
    return new Block(start, length, data);
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
    b.abandoned = true;
    if (b.task != null && !b.done.isDone()) {
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
    if (body != null) {
      body.close();
    }
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

  /**
   * The blocks after a file's first, filled in file order from one ranged GET of the rest of the file. The channel
   * hands blocks over in file order ({@link #fill}); one task at a time, on the shared request threads, reads the
   * body into them and ends when no block waits (the next {@link #fill} starts it again), so a body that the reader
   * is slow to free blocks for holds no thread. A block that does not start where the body is (after a seek) drops
   * the body and opens a new one at that block.
   */
  private static final class BodyStream implements Runnable {
    private final long size;
    private final RangeReader ranges;
    private final ConcurrentLinkedQueue<Block> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Future<?> task;
    // written only by the running task (the next task sees it through `running`); read by close() to abort it
    private volatile RangeReader.RangeStream stream;
    private long streamPosition;

    BodyStream(long size, RangeReader ranges) {
      this.size = size;
      this.ranges = ranges;
    }

    void fill(Block block) {
      waiting.add(block);
      if (running.compareAndSet(false, true)) {
        task = REQUESTS.submit(this);
      }
    }

    /**
     * The channel closed: the body is given up at once, even in the middle of a read that waits on the server
     * (aborted, and its task interrupted), and its unread bytes are not drained.
     */
    void close() {
      closed = true;
      RangeReader.RangeStream s = stream;
      if (s != null) {
        s.abort();
      }
      Future<?> t = task;
      if (t != null) {
        t.cancel(true);
      }
    }

    @Override
    public void run() {
      do {
        for (Block b = waiting.poll(); b != null; b = waiting.poll()) {
          if (closed) {
            b.done.completeExceptionally(new IOException("closed"));
          } else if (!b.abandoned) {
            fillFromBody(b);
          }
        }
        if (closed) {
          drop();
        }
        running.set(false);
      } while (!waiting.isEmpty() && running.compareAndSet(false, true));
    }

    private void fillFromBody(Block b) {
      int filled = 0;
      int retries = 0;
      while (true) {
        long at = b.start + filled;
        try {
          if (stream == null || streamPosition != at) {
            drop();
            stream = ranges.open(at, size - at);
            streamPosition = at;
          }
          while (filled < b.length) {
            int n = stream.read(b.data, filled, b.length - filled);
            if (n < 0) {
              throw new EOFException("the object ended at byte " + streamPosition);
            }
            filled += n;
            streamPosition += n;
          }
          if (streamPosition == size) {
            stream.close(); // read to its end: the connection can serve the next request
            stream = null;
          }
          b.done.complete(null);
          return;
        } catch (Throwable t) {
          boolean brokeOff = stream != null && t instanceof IOException && !(t instanceof EOFException);
          drop();
          if (!brokeOff || closed || b.abandoned || retries++ == BODY_RETRIES) {
            b.done.completeExceptionally(t);
            return;
          }
          // the connection broke off mid-body: ask again from the byte where it stopped
        }
      }
    }

    private void drop() {
      if (stream != null) {
        stream.abort();
        stream = null;
      }
    }
  }
}
