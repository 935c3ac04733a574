package io.wavebeam.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads one byte range of one file, for {@link ReadAheadChannel}: the seam between the read-ahead and the store.
 * Called from several threads at once, one range each.
 */
interface RangeReader {
  /** Fills {@code into[0, length)} with the file's bytes {@code [start, start + length)}, or throws. */
  void read(long start, byte[] into, int length) throws IOException;

  /**
   * The file's bytes {@code [start, start + length)} as one stream, read as the caller goes: one request for many
   * blocks. This default asks {@link #read} for each piece the caller reads (stores with no cheaper way).
   */
  default RangeStream open(long start, long length) throws IOException {
    return new RangeStream() {
      private long position = start;

      @Override
      public int read(byte[] into, int offset, int max) throws IOException {
        int n = (int) Math.min(max, start + length - position);
        if (n <= 0) {
          return -1;
        }
        byte[] piece = offset == 0 ? into : new byte[n];
        RangeReader.this.read(position, piece, n);
        if (piece != into) {
          System.arraycopy(piece, 0, into, offset, n);
        }
        position += n;
        return n;
      }

      @Override
      public void abort() {}

      @Override
      public void close() {}
    };
  }

  /** A range being read: {@link #close} after its last byte, {@link #abort} to give up the rest unread. */
  interface RangeStream extends Closeable {
    /** Up to {@code max} bytes into {@code into[offset...]}; -1 at the end of the range. */
    int read(byte[] into, int offset, int max) throws IOException;

    /** Stops the transfer without reading the rest (S3: the connection is dropped rather than drained). */
    void abort();
  }

  /**
   * {@link #read} for a store whose streams are its requests: one {@link #open} of exactly the range, read to its
   * end (so an S3 connection is reused, not dropped).
   */
  private static void readRange(RangeReader store, long start, byte[] into, int length) throws IOException {
    try (RangeStream in = store.open(start, length)) {
      int done = 0;
      while (done < length) {
        int n = in.read(into, done, length - done);
        if (n < 0) {
          throw new IOException("the object ended at byte " + (start + done));
        }
        done += n;
      }
    }
  }

  /**
   * The reader for {@code id}: an exact ranged GET ({@code Range: bytes=a-b}) through the S3 client of Beam's own
   * {@code s3://} file system (same endpoint, region, credentials and path style as the rest of the run), or, for
   * other schemes, a range read through the file system's channel.
   */
  static RangeReader of(ResourceId id) {
    if ("s3".equals(id.getScheme())) {
      S3Client s3 = BeamS3Client.get();
      if (s3 != null) {
        return new S3Ranges(s3, id.toString());
      }
    }
    return new ChannelRanges(id);
  }

  /** Ranged GETs of exactly the bytes asked for: the response is read to its end, so the connection is reused. */
  final class S3Ranges implements RangeReader {
    private final S3Client s3;
    private final String bucket;
    private final String key;

    S3Ranges(S3Client s3, String uri) {
      this.s3 = s3;
      String path = uri.substring("s3://".length());
      int slash = path.indexOf('/');
      this.bucket = path.substring(0, slash);
      this.key = path.substring(slash + 1);
    }

    @Override
    public void read(long start, byte[] into, int length) throws IOException {
      readRange(this, start, into, length);
    }

    @Override
    public RangeStream open(long start, long length) throws IOException {
      String range = "bytes=" + start + "-" + (start + length - 1);
      ResponseInputStream<GetObjectResponse> in;
      try {
        in = s3.getObject(b -> b.bucket(bucket).key(key).range(range));
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
      return new RangeStream() {
        @Override
        public int read(byte[] into, int offset, int max) throws IOException {
          try {
            return in.read(into, offset, max);
          } catch (RuntimeException e) { // the SDK's abort and client exceptions are unchecked
            throw new IOException(e.getMessage(), e);
          }
        }

        @Override
        public void abort() {
          in.abort();
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    }

  }

  /** Any Beam file system: open, seek, read the range, close (Beam's S3 channel aborts what it did not read). */
  final class ChannelRanges implements RangeReader {
    private final ResourceId id;

    ChannelRanges(ResourceId id) {
      this.id = id;
    }

    @Override
    public RangeStream open(long start, long length) throws IOException {
      ReadableByteChannel channel = FileSystems.open(id);
      try {
        if (start > 0) {
          ((SeekableByteChannel) channel).position(start);
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return new RangeStream() {
        private long left = length;

        @Override
        public int read(byte[] into, int offset, int max) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = channel.read(ByteBuffer.wrap(into, offset, (int) Math.min(max, left)));
          if (n > 0) {
            left -= n;
          }
          return n;
        }

        @Override
        public void abort() {
          try {
            channel.close();
          } catch (IOException e) {
            // giving up the rest: a failed close loses nothing
          }
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    }

    @Override
    public void read(long start, byte[] into, int length) throws IOException {
      readRange(this, start, into, length);
    }
  }

  /**
   * The S3 client of Beam's registered {@code s3://} file system. Beam keeps it package-private; reusing it (rather
   * than building a second client from the options) keeps one configuration and one connection pool, and works on
   * workers, where Beam registers its file systems from the deserialized options and wavebeam's code is not called.
   * Null when Beam's internals differ (another Beam version): the caller then reads through Beam's channel.
   */
  final class BeamS3Client {
    private BeamS3Client() {}

    static S3Client get() {
      try {
        Method internal = FileSystems.class.getDeclaredMethod("getFileSystemInternal", String.class);
        internal.setAccessible(true);
        Object fs = internal.invoke(null, "s3");
        Method client = fs.getClass().getDeclaredMethod("getS3Client");
        client.setAccessible(true);
        return (S3Client) client.invoke(fs);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
