package io.wavebeam.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A bounded read-ahead over a file of an object store: a fetcher thread streams the file from the current
 * position (one GET through Beam's channel) into blocks of {@link #BLOCK_BYTES}, at most {@link #BLOCKS_AHEAD}
 * of them waiting, while the reader decodes the block before. Without it the reader and the server take turns:
 * pass 1 over 1 GB from S3Proxy on loopback took 2.1× its local time (docs/benchmarks.md). Memory stays bounded
 * per open file ({@code (BLOCKS_AHEAD + 2) × BLOCK_BYTES}), never the whole object. A seek outside the block in
 * hand restarts the fetcher at the new position.
 */
final class ReadAheadChannel implements SeekableByteChannel {
  static final int BLOCK_BYTES = 4 << 20;
  static final int BLOCKS_AHEAD = 3;

  /** A block of the file, or the end (data null) or the failure (error set) of the fetch. */
  private record Block(long start, byte[] data, int length, IOException error) {}

  private final ResourceId id;
  private final long size;
  private final int blockBytes;
  /** Blocks the reader is done with, for the fetcher to fill again: the read-ahead makes no garbage. */
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS_AHEAD + 2);
  private Fetcher fetcher;
  private Block current;
  private long position;
  private boolean open = true;

  ReadAheadChannel(ResourceId id, long size) {
    this(id, size, BLOCK_BYTES);
  }

  ReadAheadChannel(ResourceId id, long size, int blockBytes) {
    this.id = id;
    this.size = size;
    this.blockBytes = blockBytes;
  }

  /** Streams [from, size) into the queue until the end, a failure, or being stopped. */
  private final class Fetcher implements Runnable {
    final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
    final long from;
    final Thread thread;
    volatile boolean stopped;

    Fetcher(long from) {
      this.from = from;
      this.thread = new Thread(this, "wavebeam-read-ahead " + id.getFilename());
      this.thread.setDaemon(true);
      this.thread.start();
    }

    @Override
    public void run() {
      long at = from;
      try (ReadableByteChannel channel = FileSystems.open(id)) {
        if (at > 0) {
          ((SeekableByteChannel) channel).position(at);
        }
        while (!stopped && at < size) {
          int want = (int) Math.min(blockBytes, size - at);
          byte[] data = free.poll();
          if (data == null || data.length < want) {
            data = new byte[want];
          }
          ByteBuffer buf = ByteBuffer.wrap(data, 0, want);
          while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
              break;
            }
          }
          if (buf.position() == 0) {
            free.offer(data);
            break;
          }
          int length = buf.position();
          queue.put(new Block(at, data, length, null));
          at += length;
          if (buf.hasRemaining()) {
            break; // the object ended before its listed size
          }
        }
        queue.put(new Block(at, null, 0, null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        if (!stopped) {
          IOException error = e instanceof IOException io ? io
              : new IOException(id + ": " + e.getMessage(), e);
          queue.offer(new Block(at, null, 0, error));
        }
      }
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    int total = 0;
    while (dst.hasRemaining() && position < size) {
      if (current != null && current.data() != null && position >= current.start()
          && position < current.start() + current.length()) {
        int offset = (int) (position - current.start());
        int n = Math.min(dst.remaining(), current.length() - offset);
        dst.put(current.data(), offset, n);
        position += n;
        total += n;
        continue;
      }
      if (current != null && current.data() == null && position == current.start()) {
        break; // the object ended before its listed size: end of file here
      }
      long expected = current == null ? (fetcher == null ? -1 : fetcher.from) : current.start() + current.length();
      if (fetcher == null || position != expected || current != null && current.data() == null) {
        restart();
      }
      if (current != null && current.data() != null) {
        free.offer(current.data());
      }
      current = next();
      if (current.error() != null) {
        IOException error = current.error();
        current = null;
        fetcher = null;
        throw new IOException(id + ": read failed at byte " + position + ": " + error.getMessage(), error);
      }
    }
    return total == 0 && dst.hasRemaining() ? -1 : total;
  }

  private void restart() {
    if (fetcher != null) {
      fetcher.stop();
    }
    fetcher = new Fetcher(position);
    current = null;
  }

  private Block next() throws IOException {
    try {
      return fetcher.queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(id + ": interrupted while reading");
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    if (fetcher != null) {
      fetcher.stop();
      fetcher = null;
    }
    current = null;
  }
}
