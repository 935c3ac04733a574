package io.wavebeam.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded {@code FlacDecoder} throughput over about 100 MB of decoded 16-bit stereo (see
 * {@link FlacBenchData}). One operation decodes the whole file; MB/s = 100 / (seconds per op). The file is read
 * through the page cache (warm after the first run). {@link FlacVersusCli} prints MB/s next to {@code flac -d}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class FlacDecodeBenchmark {
  private Path flac;

  @Setup(Level.Trial)
  public void prepare() throws Exception {
    flac = FlacBenchData.flacFile();
  }

  @Benchmark
  public long decodeWholeFile() throws Exception {
    return FlacBenchData.decodeAll(flac);
  }
}
