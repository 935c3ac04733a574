import io.wavebeam.pipeline.BeamWfdbFile;
import io.wavebeam.pipeline.S3Access;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Reads one large object from an S3-compatible server through pass 1's reader channel (BeamWfdbFile → the
 * parallel ranged read-ahead) and checks it against the local copy (CRC-32). Run in a small heap (-Xmx256m) to
 * show the read-ahead never holds the object: prints bytes, seconds, MB/s and the heap's peak use.
 * Single-file program: java -Xmx256m -cp CP benchmarks/s3/ReadLargeObject.java S3_URI ENDPOINT LOCAL_FILE
 * (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Used by benchmarks/s3/large-object.sh.
 */
public class ReadLargeObject {
  public static void main(String[] args) throws Exception {
    PipelineOptions options = PipelineOptionsFactory.create();
    S3Access.configure(options, args[1], "us-east-1", null, null);
    FileSystems.setDefaultPipelineOptions(options);
    long expected = crc(FileChannel.open(Path.of(args[2])));
    long t0 = System.nanoTime();
    CRC32 crc = new CRC32();
    long bytes = 0;
    try (SeekableByteChannel channel = BeamWfdbFile.of(args[0]).open()) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      int n;
      while ((n = channel.read(buf.clear())) >= 0) {
        crc.update(buf.flip());
        bytes += n;
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("read %d bytes in %.1f s (%.0f MB/s), heap peak %d MiB (max %d MiB), crc %s%n", bytes, s,
        bytes / 1e6 / s, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20,
        crc.getValue() == expected ? "matches the local file" : "DIFFERS from the local file");
    System.exit(crc.getValue() == expected ? 0 : 1);
  }

  private static long crc(FileChannel in) throws java.io.IOException {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (in) {
      while (in.read(buf.clear()) >= 0) {
        crc.update(buf.flip());
      }
    }
    return crc.getValue();
  }
}
