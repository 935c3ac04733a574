package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader reaches every file through {@link WfdbFile}: other storage, the name guard, non-regular files. */
class WfdbFileTest {
  @TempDir Path dir;

  /**
   * Files held in memory under {@code mem://} locations. Unless {@code guarded}, its {@link #sibling} resolves any
   * name without a check, on purpose: whatever the reader refuses here, it refused by itself. Every name it is
   * asked to resolve goes to {@code siblingsAsked}.
   */
  static class InMemoryFile implements WfdbFile {
    final Map<String, byte[]> store;
    final String location;
    final List<String> siblingsAsked;
    final boolean guarded;

    InMemoryFile(Map<String, byte[]> store, String location, List<String> siblingsAsked, boolean guarded) {
      this.store = store;
      this.location = location;
      this.siblingsAsked = siblingsAsked;
      this.guarded = guarded;
    }

    InMemoryFile(Map<String, byte[]> store, String location, List<String> siblingsAsked) {
      this(store, location, siblingsAsked, false);
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public WfdbFile sibling(String relativeName) throws IOException {
      return guarded ? WfdbFile.super.sibling(relativeName) : resolveSibling(relativeName);
    }

    @Override
    public WfdbFile resolveSibling(String relativeName) {
      siblingsAsked.add(relativeName);
      return new InMemoryFile(store, location.substring(0, location.lastIndexOf('/') + 1) + relativeName,
          siblingsAsked, guarded);
    }

    @Override
    public long size() throws IOException {
      return bytes().length;
    }

    @Override
    public SeekableByteChannel open() throws IOException {
      return new BytesChannel(bytes());
    }

    private byte[] bytes() throws IOException {
      byte[] b = store.get(location);
      if (b == null) {
        throw new NoSuchFileException(location);
      }
      return b;
    }
  }

  /** A read-only channel over a byte array. */
  static final class BytesChannel extends ReadOnlyChannel {
    private final byte[] bytes;

    BytesChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      ensureOpen();
      if (position >= bytes.length) {
        return -1;
      }
      // at most 1000 bytes per call: callers must loop over short reads, as with a network stream
      int n = (int) Math.min(Math.min(dst.remaining(), bytes.length - position), 1000);
      dst.put(bytes, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public long size() {
      return bytes.length;
    }
  }

  /** Every file of {@code folder} under {@code mem://bucket/rec/}. */
  private static Map<String, byte[]> load(Path folder) throws IOException {
    Map<String, byte[]> store = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          store.put("mem://bucket/rec/" + p.getFileName(), Files.readAllBytes(p));
        }
      }
    }
    return store;
  }

  private Path writeRecord(String name, int format, int frames, long seed) throws IOException {
    List<SignalSpec> specs = List.of(RecordRoundTripTest.spec(name + ".dat", format, 1, 0, 0, "a"),
        RecordRoundTripTest.spec(name + ".dat", format, 2, 0, 0, "b"),
        RecordRoundTripTest.spec(name + "_2.dat", 16, 1, 0, 0, "c"));
    int[][] values = RecordRoundTripTest.randomValues(specs, frames, seed);
    try (RecordWriter w = RecordWriter.create(dir, name, 100, specs, null, null, List.of())) {
      w.write(values, frames);
    }
    return dir.resolve(name + ".hea");
  }

  private static List<int[]> readAll(WfdbRecord record, long from, long to) throws IOException {
    List<int[]> out = new ArrayList<>();
    try (SampleReader r = record.openReader(from, to)) {
      int[][] block = r.newBlock(777);
      int n;
      while ((n = r.read(block, 777)) > 0) {
        for (int s = 0; s < r.signalCount(); s++) {
          out.add(java.util.Arrays.copyOf(block[s], n * r.samplesPerFrame(s)));
        }
      }
    }
    return out;
  }

  @Test
  void aRecordInAnotherStoreReadsLikeTheLocalOne() throws IOException {
    for (int format : new int[] {16, 212, 80, 8, 311}) {
      String name = "r" + format;
      Path hea = writeRecord(name, format, 5000, format);
      Map<String, byte[]> store = load(dir);
      List<String> asked = new ArrayList<>();
      WfdbRecord remote = WfdbRecord.open(new InMemoryFile(store, "mem://bucket/rec/" + name + ".hea", asked));
      WfdbRecord local = WfdbRecord.open(hea);
      assertEquals("mem://bucket/rec/" + name + ".dat", remote.file(0).location());
      assertEquals(List.of(name + ".dat", name + "_2.dat"), asked, "each signal file resolved once");
      for (long[] range : new long[][] {{0, 5000}, {1234, 4321}, {4999, 5000}}) {
        List<int[]> a = readAll(local, range[0], range[1]);
        List<int[]> b = readAll(remote, range[0], range[1]);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
          assertArrayEquals(a.get(i), b.get(i), "format " + format + " block " + i);
        }
      }
      long expectedBytes = Files.size(dir.resolve(name + ".dat")) + Files.size(dir.resolve(name + "_2.dat"));
      assertEquals(expectedBytes, remote.signalFileBytes());
      assertEquals(expectedBytes, local.signalFileBytes());
    }
  }

  @Test
  void theNameGuardHoldsForEveryImplementation() throws IOException {
    Map<String, byte[]> store = new TreeMap<>();
    store.put("mem://bucket/secret.dat", new byte[100]);
    store.put("mem://bucket/rec/x.dat", new byte[100]);
    for (String name : new String[] {"../secret.dat", "/secret.dat", "sub/../../secret.dat", "..",
        "s3://other-bucket/x.dat", "C:\\x.dat", "a\\..\\..\\secret.dat"}) {
      store.put("mem://bucket/rec/evil.hea", ("evil 1 250 10\n" + name + " 16 200 16 0 0 0 0 x\n").getBytes());
      List<String> asked = new ArrayList<>();
      WfdbException e = assertThrows(WfdbException.class,
          () -> WfdbRecord.open(new InMemoryFile(store, "mem://bucket/rec/evil.hea", asked)), name);
      assertEquals("mem://bucket/rec/evil.hea", e.file());
      assertTrue(e.problem().contains("'" + name + "'"), e.getMessage());
      assertEquals(List.of(), asked, "the implementation never saw " + name);
    }
    store.put("mem://bucket/rec/multi.hea", "multi/1 1 250 10\n../escape 10\n".getBytes());
    List<String> asked = new ArrayList<>();
    WfdbException e = assertThrows(WfdbException.class,
        () -> WfdbRecord.open(new InMemoryFile(store, "mem://bucket/rec/multi.hea", asked)));
    assertEquals("mem://bucket/rec/multi.hea: segment header name '../escape.hea' leaves the record's folder",
        e.getMessage());
    assertEquals(List.of(), asked);
  }

  /**
   * {@link WfdbFile#sibling} itself, with the reader's check out of the way: names that could leave the folder
   * are refused before the storage resolves them, and what a storage resolves outside the folder is refused
   * after; plain names, and a local {@code .} part, pass.
   */
  @Test
  void siblingRefusesWhatLeavesTheFolderForEveryStorage() throws IOException {
    List<String> resolved = new ArrayList<>();
    // a storage whose resolve maps up.dat to the bucket's root: only the check after it can catch that
    WfdbFile escaping = new InMemoryFile(Map.of(), "mem://bucket/rec/x.hea", resolved, true) {
      @Override
      public WfdbFile resolveSibling(String relativeName) {
        return relativeName.equals("up.dat") ? new InMemoryFile(store, "mem://bucket/up.dat", resolved, true)
            : super.resolveSibling(relativeName);
      }
    };
    for (String name : new String[] {"", "../x.dat", "/x.dat", "\\x.dat", "a/../../x.dat", "a\\..\\x.dat"}) {
      IOException e = assertThrows(IOException.class, () -> escaping.sibling(name), name);
      assertEquals("mem://bucket/rec/x.hea: file name '" + name + "' leaves the record's folder", e.getMessage());
    }
    assertEquals(List.of(), resolved, "refused before the storage resolved them");
    IOException up = assertThrows(IOException.class, () -> escaping.sibling("up.dat"));
    assertEquals("mem://bucket/rec/x.hea: file name 'up.dat' leaves the record's folder", up.getMessage());
    assertEquals("mem://bucket/rec/x.dat", escaping.sibling("x.dat").location());
    assertEquals("x.dat", escaping.sibling("x.dat").name());

    WfdbFile local = new LocalWfdbFile(dir.resolve("rec.hea"));
    assertEquals(dir.resolve("sub/rec.dat").toString(), local.sibling("sub/./rec.dat").location());
    IOException dot = assertThrows(IOException.class, () -> local.sibling("."));
    assertEquals(dir.resolve("rec.hea") + ": file name '.' leaves the record's folder", dot.getMessage());
    assertEquals("rec.hea", new LocalWfdbFile(Path.of("rec.hea")).name());
    assertEquals("rec.dat", new LocalWfdbFile(Path.of("rec.hea")).sibling("rec.dat").location());
  }

  private Path mkfifo(String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available on this system: " + e.getMessage());
      throw e;
    }
    assertEquals(0, p.waitFor());
    return fifo;
  }

  @Test
  void aFifoHeaderIsRefusedWithoutHanging() throws Exception {
    Path fifo = mkfifo("pipe.hea");
    Path link = Files.createSymbolicLink(dir.resolve("link.hea"), fifo);
    for (Path hea : new Path[] {fifo, link}) {
      WfdbException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> assertThrows(WfdbException.class, () -> WfdbRecord.open(hea)));
      assertEquals(hea + ": cannot read header: not a regular file (a FIFO, socket or device is never read)",
          e.getMessage());
      assertEquals(hea.toString(), e.file());
    }
  }

  @Test
  void aFifoSignalFileIsRefusedWithoutHanging() throws Exception {
    Path hea = dir.resolve("p.hea");
    Files.writeString(hea, "p 1 250 10\np.dat 16\n");
    mkfifo("p.dat");
    WfdbRecord record = WfdbRecord.open(hea);
    WfdbException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(WfdbException.class, () -> RecordSummary.of(record)));
    assertEquals(dir.resolve("p.dat") + ": cannot read signal file: not a regular file (a FIFO, socket or device "
        + "is never read)", e.getMessage());
    // a header without a length asks the file's size: refused the same way
    Files.writeString(hea, "p 1 250\np.dat 16\n");
    WfdbException noLength = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(WfdbException.class, () -> WfdbRecord.open(hea)));
    assertTrue(noLength.getMessage().contains("not a regular file"), noLength.getMessage());
  }

  @Test
  void aFolderIsNotAHeader() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("f.hea"));
    WfdbException e = assertThrows(WfdbException.class, () -> WfdbRecord.open(folder));
    assertEquals(folder + ": cannot read header: is a folder, not a file", e.getMessage());
  }
}
