package io.wavebeam.bench;

import io.wavebeam.wfdb.SampleReader;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode throughput of the streaming reader, one thread, on a generated ~200 MB file (in the page cache): the
 * whole record read in 8192-frame blocks into reused arrays, every value touched. MB/s = file size / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class ReaderThroughputBenchmark {
  @Param({"16", "80", "212"})
  int format;

  @Param({"200000000"})
  long bytes;

  Path dir;
  WfdbRecord record;
  long fileBytes;
  long values;

  @Setup(Level.Trial)
  public void write() throws IOException {
    dir = Files.createTempDirectory("wavebeam-bench");
    Path header = GeneratedRecords.write(dir, "bench" + format, format, 4, bytes);
    record = WfdbRecord.open(header);
    fileBytes = Files.size(dir.resolve("bench" + format + ".dat"));
    values = record.length() * record.signals().size();
  }

  /** Decoding alone: the reader fills the caller's arrays; one value per block is consumed. */
  @Benchmark
  public long decode() throws IOException {
    return readAll(record, false);
  }

  /** Decoding plus a consumer that touches every value (a sum), as a feature pass would. */
  @Benchmark
  public long decodeAndTouch() throws IOException {
    return readAll(record, true);
  }

  /** Format 80 only: the stored bytes ({@code SampleReader.readOffsetBinaryCodes}), as pass 1 reads them. */
  @Benchmark
  public long codes() throws IOException {
    return format == 80 ? readCodes(record) : 0;
  }

  static long readCodes(WfdbRecord record) throws IOException {
    return readBlocks(record, r -> r.newCodeBlock(BLOCK_FRAMES), SampleReader::readOffsetBinaryCodes,
        (block, n) -> {
          long sum = 0;
          for (byte[] signal : block) {
            sum += signal[n - 1];
          }
          return sum;
        });
  }

  static long readAll(WfdbRecord record, boolean touchEveryValue) throws IOException {
    return readBlocks(record, r -> r.newBlock(BLOCK_FRAMES), SampleReader::read, (block, n) -> {
      long sum = 0;
      for (int[] signal : block) {
        if (touchEveryValue) {
          for (int i = 0; i < n; i++) {
            sum += signal[i];
          }
        } else {
          sum += signal[n - 1];
        }
      }
      return sum;
    });
  }

  private static final int BLOCK_FRAMES = 8192;

  /** One of the reader's two reads into a reused block: values ({@code int[][]}) or format 80's codes. */
  @FunctionalInterface
  interface BlockRead<B> {
    int read(SampleReader reader, B block, int maxFrames) throws IOException;
  }

  /** What the caller does with a block of {@code frames} frames, summed so the JIT cannot drop the read. */
  @FunctionalInterface
  interface BlockUse<B> {
    long use(B block, int frames);
  }

  /**
   * The whole record read in {@link #BLOCK_FRAMES}-frame blocks into one reused block, the same loop for both
   * reads (a call per block, not per value, is all the sharing costs).
   */
  private static <B> long readBlocks(WfdbRecord record, Function<SampleReader, B> newBlock, BlockRead<B> read,
      BlockUse<B> use) throws IOException {
    long checksum = 0;
    try (SampleReader r = record.openReader()) {
      B block = newBlock.apply(r);
      int n;
      while ((n = read.read(r, block, BLOCK_FRAMES)) > 0) {
        checksum += use.use(block, n);
      }
    }
    return checksum;
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    System.out.printf("%nformat %d: %d bytes, %d values%n", format, fileBytes, values);
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }
}
