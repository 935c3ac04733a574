package io.wavebeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The parallel read-ahead's ordering, seeks, failures and close. The store here is a byte array behind a
 * {@link RangeReader} written for the test, because these cases need requests that finish in a chosen order, fail
 * on a chosen range or hang until released, which a real server does not do on demand. Pass1S3Test reads through
 * the same channel from S3Proxy.
 */
class ReadAheadChannelTest {
  static final String NAME = "s3://bucket/30/r_0001.dat";
  static final byte[] FILE = new byte[10 * 1000 + 37]; // 11 blocks of 1000, the last one short
  static {
    new Random(11).nextBytes(FILE);
  }

  /** The file's bytes, recording every request's start. */
  static class ArrayRanges implements RangeReader {
    final List<Long> requested = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void read(long start, byte[] into, int length) throws IOException {
      requested.add(start);
      System.arraycopy(FILE, (int) start, into, 0, length);
    }
  }

  static byte[] readAll(ReadAheadChannel channel) throws IOException {
    ByteBuffer all = ByteBuffer.allocate(FILE.length + 100);
    while (channel.read(all) >= 0) {
      // to the end
    }
    byte[] got = new byte[all.position()];
    all.flip().get(got);
    return got;
  }

  @Test
  void requestsFinishingOutOfOrderAreReadInFileOrder() throws IOException {
    CountDownLatch secondBlock = new CountDownLatch(1);
    List<Long> completion = Collections.synchronizedList(new ArrayList<>());
    RangeReader ranges = (start, into, length) -> {
      // the first block (a request of its own) waits until the body has filled the block after it (at most 5 s)
      if (start == 0) {
        try {
          secondBlock.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      System.arraycopy(FILE, (int) start, into, 0, length);
      completion.add(start);
      if (start == 1000) {
        secondBlock.countDown();
      }
    };
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3)) {
      assertArrayEquals(FILE, readAll(channel));
    }
    assertEquals(11, completion.size(), completion.toString());
    assertTrue(completion.indexOf(1000L) < completion.indexOf(0L), "block 1 finished before block 0: " + completion);
  }

  @Test
  void eachBlockIsRequestedOnceOnASequentialReadInSmallPieces() throws IOException {
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3)) {
      ByteBuffer piece = ByteBuffer.allocate(7);
      ByteBuffer all = ByteBuffer.allocate(FILE.length);
      int n;
      while ((n = channel.read(piece.clear())) > 0) {
        all.put(piece.flip());
        assertTrue(n <= 7);
      }
      assertEquals(-1, n);
      assertArrayEquals(FILE, all.array());
    }
    List<Long> expected = new ArrayList<>();
    for (long s = 0; s < FILE.length; s += 1000) {
      expected.add(s);
    }
    List<Long> got = new ArrayList<>(ranges.requested);
    Collections.sort(got);
    assertEquals(expected, got);
  }

  /**
   * After an open or a seek the first request is the small first block, starting where the reader is; the full
   * blocks follow it back to back, and every byte still arrives in order.
   */
  @Test
  void theFirstBlockAfterAnOpenOrASeekIsSmall() throws IOException {
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 100, 3)) {
      assertArrayEquals(FILE, readAll(channel));
      List<Long> got = new ArrayList<>(ranges.requested);
      Collections.sort(got);
      List<Long> expected = new ArrayList<>(List.of(0L));
      for (long s = 100; s < FILE.length; s += 1000) {
        expected.add(s);
      }
      assertEquals(expected, got);
      ranges.requested.clear();
      channel.position(5555);
      ByteBuffer buf = ByteBuffer.allocate(300);
      assertEquals(300, channel.read(buf));
      assertArrayEquals(java.util.Arrays.copyOfRange(FILE, 5555, 5855), buf.array());
      got = new ArrayList<>(ranges.requested);
      Collections.sort(got);
      // the two blocks read were awaited; the ones ahead may still be on their way
      assertEquals(List.of(5555L, 5655L), got.subList(0, 2), "a small block at the seek, then full ones");
      assertTrue(got.stream().allMatch(s -> s == 5555L || (s - 5655L) % 1000 == 0), got.toString());
    }
  }

  /**
   * The small first block of a file is read into a pooled full-size block, like the others: a new array per file
   * (a full-size block, a humongous object to G1) raised an S3 run's peak RSS from 435 to 490 MiB.
   */
  @Test
  void theFirstBlockOfTheNextFileReusesAPooledBlock() throws IOException {
    long size = 3L * ReadAheadChannel.BLOCK_BYTES;
    Set<byte[]> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<byte[]> firstOfNext = Collections.synchronizedList(new ArrayList<>());
    RangeReader zeros = (start, into, length) -> seen.add(into);
    try (ReadAheadChannel first = new ReadAheadChannel(NAME, size, zeros, ReadAheadChannel.BLOCK_BYTES,
        ReadAheadChannel.FIRST_BLOCK_BYTES, ReadAheadChannel.IN_FLIGHT)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (first.read(buf.clear()) > 0) {
        // to the end: every block requested and done with
      }
    }
    RangeReader recordFirst = (start, into, length) -> {
      if (start == 0) {
        firstOfNext.add(into);
      }
    };
    try (ReadAheadChannel next = new ReadAheadChannel(NAME, size, recordFirst, ReadAheadChannel.BLOCK_BYTES,
        ReadAheadChannel.FIRST_BLOCK_BYTES, ReadAheadChannel.IN_FLIGHT)) {
      assertEquals(1, next.read(ByteBuffer.allocate(1)));
    }
    assertEquals(1, firstOfNext.size());
    assertTrue(seen.contains(firstOfNext.get(0)), "the first block's array came from the pool");
  }

  @Test
  void seeksBackwardsAndForwardsReadTheRightBytes() throws IOException {
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3)) {
      for (long at : new long[] {0, 2500, 999, 1000, 9999, 10036, 3, 7000, 7001, 6999, 4000, 10_030}) {
        channel.position(at);
        ByteBuffer buf = ByteBuffer.allocate(20);
        int n = channel.read(buf);
        int want = (int) Math.min(20, FILE.length - at);
        assertEquals(want, n, "at " + at);
        for (int i = 0; i < want; i++) {
          assertEquals(FILE[(int) at + i], buf.get(i), "byte " + (at + i));
        }
        assertEquals(at + want, channel.position());
      }
      channel.position(FILE.length);
      assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
      channel.position(FILE.length + 5000L);
      assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
    }
  }

  @Test
  void aFailingRequestNamesTheObjectAndTheRangeAndTheChannelRecovers() throws IOException {
    AtomicInteger failures = new AtomicInteger();
    // the body is asked again from the failed byte BODY_RETRIES times before the failure surfaces
    RangeReader ranges = (start, into, length) -> {
      if (start == 2000 && failures.getAndIncrement() <= ReadAheadChannel.BODY_RETRIES) {
        throw new IOException("Service Unavailable (Status Code: 503)");
      }
      System.arraycopy(FILE, (int) start, into, 0, length);
    };
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3)) {
      ByteBuffer buf = ByteBuffer.allocate(FILE.length);
      IOException e = assertThrows(IOException.class, () -> {
        while (buf.hasRemaining() && channel.read(buf) >= 0) {
          // until the failure
        }
      });
      assertEquals(NAME + ": reading bytes 2000-2999 failed: Service Unavailable (Status Code: 503)",
          e.getMessage());
      assertEquals(2000, buf.position(), "every byte before the failed range was delivered");
      assertEquals(2000, channel.position());
      ByteBuffer rest = ByteBuffer.allocate(FILE.length - 2000);
      while (rest.hasRemaining() && channel.read(rest) > 0) {
        // the range is asked again
      }
      byte[] tail = new byte[FILE.length - 2000];
      System.arraycopy(FILE, 2000, tail, 0, tail.length);
      assertArrayEquals(tail, rest.array());
    }
  }

  @Test
  void aShortObjectIsAnErrorNotSilentZeros() throws IOException {
    // the listing said 10,037 bytes, the store holds fewer: a real RangeReader throws, the channel names the range
    RangeReader ranges = (start, into, length) -> {
      if (start + length > 5000) {
        throw new IOException("the object ended at byte 5000");
      }
      System.arraycopy(FILE, (int) start, into, 0, length);
    };
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3)) {
      channel.position(4990);
      ByteBuffer buf = ByteBuffer.allocate(100);
      IOException e = assertThrows(IOException.class, () -> channel.read(buf));
      assertTrue(e.getMessage().contains("bytes 5000-5999"), e.getMessage());
      assertEquals(10, buf.position());
    }
  }

  @Test
  void closeWhileRequestsAreInFlightReturnsAtOnceAndInterruptsThem() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    RangeReader ranges = (start, into, length) -> {
      if (start == 0) {
        System.arraycopy(FILE, 0, into, 0, length);
        return;
      }
      inFlight.countDown();
      try {
        never.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      throw new IOException("hung request ended");
    };
    ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 3);
    ByteBuffer buf = ByteBuffer.allocate(1000);
    assertEquals(1000, channel.read(buf));
    assertTrue(inFlight.await(10, TimeUnit.SECONDS), "the body after block 0 asked for ahead");
    long t0 = System.nanoTime();
    channel.close();
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "close does not wait for the server");
    assertFalse(channel.isOpen());
    assertThrows(ClosedChannelException.class, () -> channel.read(ByteBuffer.allocate(1)));
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the abandoned body's read was interrupted");
    never.countDown();
  }

  /**
   * A file's first block asked for before the file is opened ({@link ReadAheadChannel#prefetch}) is what the
   * channel opening it reads first: no second request for those bytes, the full blocks follow from its end.
   */
  @Test
  void aPrefetchedFirstBlockIsTakenByTheChannelThatOpensTheFile() throws Exception {
    String name = NAME + ".prefetched";
    ArrayRanges early = new ArrayRanges();
    ReadAheadChannel.prefetch(name, FILE.length, early, 100);
    ReadAheadChannel.prefetch(name, FILE.length, early, 100); // asked twice: one request
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(name, FILE.length, ranges, 1000, 100, 3)) {
      assertArrayEquals(FILE, readAll(channel));
    }
    assertEquals(List.of(0L), early.requested);
    List<Long> got = new ArrayList<>(ranges.requested);
    Collections.sort(got);
    List<Long> expected = new ArrayList<>();
    for (long s = 100; s < FILE.length; s += 1000) {
      expected.add(s);
    }
    assertEquals(expected, got, "nothing asked again from byte 0");
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
  }

  /** A prefetched block that failed fails the first read as the channel's own request would, naming the range. */
  @Test
  void aFailedPrefetchFailsTheFirstReadNamingTheRange() {
    String name = NAME + ".failed";
    ReadAheadChannel.prefetch(name, FILE.length, (start, into, length) -> {
      throw new IOException("403 Access Denied");
    }, 100);
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(name, FILE.length, ranges, 1000, 100, 3)) {
      IOException e = assertThrows(IOException.class, () -> channel.read(ByteBuffer.allocate(10)));
      assertEquals(name + ": reading bytes 0-99 failed: 403 Access Denied", e.getMessage());
    }
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
  }

  /** A channel that starts elsewhere (a later chunk) gives the prefetched block up and reads from its position. */
  @Test
  void aPrefetchedBlockIsDroppedByAChannelStartingElsewhere() throws IOException {
    String name = NAME + ".elsewhere";
    ReadAheadChannel.prefetch(name, FILE.length, new ArrayRanges(), 100);
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(name, FILE.length, ranges, 1000, 100, 3)) {
      channel.position(5000);
      ByteBuffer buf = ByteBuffer.allocate(10);
      assertEquals(10, channel.read(buf));
      assertEquals(ByteBuffer.wrap(FILE, 5000, 10), buf.flip());
      assertTrue(ranges.requested.contains(5000L), ranges.requested.toString());
      assertFalse(ranges.requested.contains(0L), ranges.requested.toString());
    }
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
  }

  /**
   * A prefetched block its task never took (the task failed first) is dropped when the work unit ends: a later open
   * of the same name, the object rewritten since, reads the object as it is now.
   */
  @Test
  void aDroppedPrefetchIsNotServedToALaterOpen() throws IOException {
    String name = NAME + ".dropped";
    ReadAheadChannel.prefetch(name, FILE.length, (start, into, length) -> java.util.Arrays.fill(into, (byte) 7), 100);
    ReadAheadChannel.dropPrefetched(name);
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
    ArrayRanges ranges = new ArrayRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(name, FILE.length, ranges, 1000, 100, 3)) {
      assertArrayEquals(FILE, readAll(channel));
    }
    assertTrue(ranges.requested.contains(0L), ranges.requested.toString());
  }

  /** Files prefetched and never opened (a task that failed first) are bounded: the oldest are given up. */
  @Test
  void prefetchedFilesAreBounded() throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ReadAheadChannel.PREFETCHED_FILES + 5; i++) {
      names.add(NAME + ".bounded" + i);
      ReadAheadChannel.prefetch(names.get(i), FILE.length, new ArrayRanges(), 100);
    }
    assertEquals(ReadAheadChannel.PREFETCHED_FILES, ReadAheadChannel.prefetchedFiles());
    for (String name : names) { // the newest are still there, the oldest are not
      ArrayRanges ranges = new ArrayRanges();
      try (ReadAheadChannel channel = new ReadAheadChannel(name, FILE.length, ranges, 1000, 100, 3)) {
        assertArrayEquals(FILE, readAll(channel));
      }
      assertEquals(names.indexOf(name) < 5, ranges.requested.contains(0L), name);
    }
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
  }

  /**
   * A store whose bodies are real streams: records each body's start and length, its abort, and (once, if asked)
   * breaks a body off after {@code breakAfter} bytes, as a reset connection does.
   */
  static class BodyRanges extends ArrayRanges {
    final List<String> opened = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch aborted = new CountDownLatch(2);
    volatile int breakAfter = -1;

    @Override
    public RangeStream open(long start, long length) {
      opened.add(start + "+" + length);
      return new RangeStream() {
        long at = start;

        @Override
        public int read(byte[] into, int offset, int max) throws IOException {
          if (at == start + length) {
            return -1;
          }
          int n = (int) Math.min(Math.min(max, 700), start + length - at); // pieces that straddle the blocks
          if (breakAfter >= 0 && at - start + n > breakAfter) {
            breakAfter = -1;
            throw new IOException("Connection reset");
          }
          System.arraycopy(FILE, (int) at, into, offset, n);
          at += n;
          return n;
        }

        @Override
        public void abort() {
          aborted.countDown();
        }

        @Override
        public void close() {}
      };
    }
  }

  /** The first block is a request of its own; every block after it comes from one body, to the end of the file. */
  @Test
  void theBlocksAfterTheFirstComeFromOneBody() throws IOException {
    BodyRanges ranges = new BodyRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 100, 2)) {
      assertArrayEquals(FILE, readAll(channel));
    }
    assertEquals(List.of(0L), ranges.requested);
    assertEquals(List.of("100+" + (FILE.length - 100)), ranges.opened);
    assertEquals(2, ranges.aborted.getCount(), "a body read to its end is closed, not aborted");
  }

  @Test
  void aBodyThatBreaksOffIsAskedAgainFromTheByteWhereItStopped() throws IOException {
    BodyRanges ranges = new BodyRanges();
    ranges.breakAfter = 2500;
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 100, 2)) {
      assertArrayEquals(FILE, readAll(channel));
    }
    // pieces of at most 700 bytes, cut at the blocks' ends: the body delivered 2000 bytes (to byte 2100), and the
    // piece that would have crossed its 2500th byte broke off
    assertEquals(List.of("100+" + (FILE.length - 100), "2100+" + (FILE.length - 2100)), ranges.opened);
  }

  /** A seek outside the blocks in hand drops the body; the blocks after the new position get a body of their own. */
  @Test
  void aSeekStartsANewBodyAndAnEarlyCloseAbortsIt() throws Exception {
    BodyRanges ranges = new BodyRanges();
    try (ReadAheadChannel channel = new ReadAheadChannel(NAME, FILE.length, ranges, 1000, 100, 2)) {
      ByteBuffer buf = ByteBuffer.allocate(1500); // the first block, then bytes of the body
      assertEquals(1500, channel.read(buf));
      channel.position(6000); // past the blocks in hand, and far enough from the end that the new body stays open
      buf = ByteBuffer.allocate(1000); // the first block at 6000, then 900 bytes of the new body
      assertEquals(1000, channel.read(buf));
      assertArrayEquals(java.util.Arrays.copyOfRange(FILE, 6000, 7000), buf.array());
      assertEquals(List.of(0L, 6000L), ranges.requested);
      assertEquals(List.of("100+" + (FILE.length - 100), "6100+" + (FILE.length - 6100)), ranges.opened);
    }
    // one abort for the body the seek left, one for the body the close left
    assertTrue(ranges.aborted.await(5, TimeUnit.SECONDS), "closed mid-file: the body is aborted, not drained");
  }
}
