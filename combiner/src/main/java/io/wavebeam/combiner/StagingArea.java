package io.wavebeam.combiner;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.format.Util;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The temporary prefix of the destination that workers write their part files into, and the driver reads back
 * and publishes from. It is named by URI, never by the driver's disk: a local folder (through Beam's
 * {@link FileSystems}, so any file system the workers share), or S3 (one PutObject per file, with the SSE headers,
 * from a temporary file on the worker's own disk).
 */
abstract sealed class StagingArea implements Serializable permits StagingArea.Folder, StagingArea.S3 {

  /** A new file {@code relative} (slash-separated) under the staging prefix; complete when the stream is closed. */
  abstract OutputStream create(String relative) throws IOException;

  abstract InputStream open(String relative) throws IOException;

  /** Where {@code relative} is, for messages. */
  abstract String describe(String relative);

  abstract long size(String relative) throws IOException;

  /** {@code length} bytes of {@code relative} from {@code offset}. */
  abstract byte[] read(String relative, long offset, int length) throws IOException;

  /**
   * The rows the footer of the staged Parquet file {@code relative} says it holds: what a reader of the published
   * file will find. Reads the footer only (two ranged reads), so it is cheap also on S3.
   */
  long parquetRows(String relative) throws IOException {
    long size = size(relative);
    if (size < 12) {
      throw new IOException(describe(relative) + " is not a Parquet file (" + size + " bytes)");
    }
    byte[] tail = read(relative, size - 8, 8);
    if (tail[4] != 'P' || tail[5] != 'A' || tail[6] != 'R' || tail[7] != '1') {
      throw new IOException(describe(relative) + " does not end with a Parquet footer");
    }
    int footerLength = (tail[0] & 0xff) | (tail[1] & 0xff) << 8 | (tail[2] & 0xff) << 16 | (tail[3] & 0xff) << 24;
    if (footerLength < 0 || footerLength > size - 12) {
      throw new IOException(describe(relative) + ": footer length " + footerLength + " in a file of " + size
          + " bytes");
    }
    byte[] footer = read(relative, size - 8 - footerLength, footerLength);
    return Util.readFileMetaData(new ByteArrayInputStream(footer)).getNum_rows();
  }

  static byte[] readFully(ReadableByteChannel channel, int length, String what)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException(what + ": ends " + buffer.remaining() + " bytes short");
      }
    }
    return buffer.array();
  }

  /** A folder: everything through Beam FileSystems, so workers and driver need to see the same path only. */
  static final class Folder extends StagingArea {
    private final String dir;

    Folder(String dir) {
      this.dir = dir;
    }

    @Override
    OutputStream create(String relative) throws IOException {
      return new BufferedOutputStream(Channels.newOutputStream(FileSystems.create(
          FileSystems.matchNewResource(describe(relative), false), MimeTypes.BINARY)), 1 << 16);
    }

    @Override
    InputStream open(String relative) throws IOException {
      return Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(describe(relative), false)));
    }

    @Override
    String describe(String relative) {
      return dir + "/" + relative;
    }

    @Override
    long size(String relative) throws IOException {
      return FileSystems.matchSingleFileSpec(describe(relative)).sizeBytes();
    }

    @Override
    byte[] read(String relative, long offset, int length) throws IOException {
      try (ReadableByteChannel channel =
          FileSystems.open(FileSystems.matchNewResource(describe(relative), false))) {
        if (offset > 0) {
          if (!(channel instanceof SeekableByteChannel seekable)) {
            throw new IOException(describe(relative) + " cannot be read from an offset");
          }
          seekable.position(offset);
        }
        return readFully(channel, length, describe(relative));
      }
    }
  }

  /** {@code s3://bucket/prefix}: each file goes up in one PutObject carrying the run's SSE settings. */
  static final class S3 extends StagingArea {
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;
    private transient S3Client client;

    S3(String bucket, String prefix, S3Settings settings) {
      this.bucket = bucket;
      this.prefix = prefix;
      this.settings = settings;
    }

    String key(String relative) {
      return prefix + "/" + relative;
    }

    private synchronized S3Client client() {
      if (client == null) {
        client = settings.client();
      }
      return client;
    }

    @Override
    OutputStream create(String relative) throws IOException {
      Path local = Files.createTempFile("wavebeam-part-", ".tmp");
      return new FilterOutputStream(new BufferedOutputStream(Files.newOutputStream(local), 1 << 16)) {
        private boolean closed;

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          if (closed) {
            return;
          }
          closed = true;
          try {
            super.close();
            client().putObject(settings.put(PutObjectRequest.builder().bucket(bucket).key(key(relative))),
                RequestBody.fromFile(local));
          } finally {
            Files.deleteIfExists(local);
          }
        }
      };
    }

    @Override
    InputStream open(String relative) {
      return client().getObject(b -> b.bucket(bucket).key(key(relative)));
    }

    @Override
    String describe(String relative) {
      return "s3://" + bucket + "/" + key(relative);
    }

    @Override
    long size(String relative) {
      return client().headObject(b -> b.bucket(bucket).key(key(relative))).contentLength();
    }

    @Override
    byte[] read(String relative, long offset, int length) throws IOException {
      byte[] b = client().getObjectAsBytes(r -> r.bucket(bucket).key(key(relative))
          .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray();
      if (b.length != length) {
        throw new IOException(describe(relative) + ": " + b.length + " bytes from offset " + offset + ", expected "
            + length);
      }
      return b;
    }
  }
}
