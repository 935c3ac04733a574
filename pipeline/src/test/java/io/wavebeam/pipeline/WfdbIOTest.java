package io.wavebeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The read and merge steps of {@link WfdbIO} on Beam's TestPipeline (DirectRunner), checked with PAssert. */
class WfdbIOTest {
  static WorkTask task(String header, int chunk, int chunks) {
    return new WorkTask(header, "r", "s", chunk * 10L, chunk * 10L + 10, 100, chunk, chunks);
  }

  static TestPipeline pipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(false);
  }

  static PCollectionTuple merge(TestPipeline p, List<ChunkResult> chunks) {
    var coder = KvCoder.of(StringUtf8Coder.of(), IterableCoder.of(SerializableCoder.of(ChunkResult.class)));
    PCollectionTuple out = p.apply(Create.of(KV.<String, Iterable<ChunkResult>>of("h.hea", chunks)).withCoder(coder))
        .apply(ParDo.of(new WfdbIO.MergeChunksFn())
            .withOutputTags(WfdbIO.SEGMENTS, TupleTagList.of(WfdbIO.FAILURES)));
    out.get(WfdbIO.SEGMENTS).setCoder(JsonCoder.of(SegmentBatch.class));
    out.get(WfdbIO.FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
    return out;
  }

  static PCollection<String> messages(PCollectionTuple out) {
    return out.get(WfdbIO.FAILURES).apply("Messages", MapElements.into(TypeDescriptors.strings()).via(RecordFailure::message));
  }

  /** Chunks of a split record that cannot be merged, and the record's one failure message. */
  static Stream<Arguments> unmergeableChunks() {
    RecordFailure broken = RecordFailure.of(task("h.hea", 1, 3), new IOException("h.dat: short read at byte 42"));
    return Stream.of(
        arguments("a failed chunk fails the record with its own message",
            List.of(ChunkResult.ok(task("h.hea", 0, 3), null), ChunkResult.failed(task("h.hea", 1, 3), broken),
                ChunkResult.ok(task("h.hea", 2, 3), null)),
            "h.hea: h.dat: short read at byte 42"),
        arguments("a missing chunk in the middle fails the record",
            List.of(ChunkResult.ok(task("h.hea", 2, 3), null), ChunkResult.ok(task("h.hea", 0, 3), null)),
            "h.hea: chunk 1 of 3 missing"),
        arguments("a missing last chunk fails the record",
            List.of(ChunkResult.ok(task("h.hea", 0, 2), null)), "h.hea: got 1 of 2 chunks"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unmergeableChunks")
  void unmergeableChunksAreOneFailureAndNoSegment(String what, List<ChunkResult> chunks, String message) {
    TestPipeline p = pipeline();
    PCollectionTuple out = merge(p, chunks);
    PAssert.that(messages(out)).containsInAnyOrder(message);
    PAssert.that(out.get(WfdbIO.SEGMENTS)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void mergedChunksEqualTheWholeRecord(@TempDir Path dir) throws IOException {
    HandWrittenGroup.write(dir.resolve("30"), false);
    String header = dir.resolve("30/1000002/" + HandWrittenGroup.LARGE + ".hea").toString();
    WorkTask whole = new WorkTask(header, "1000002", HandWrittenGroup.LARGE, 0, 100_000, 400_000, 0, 1);
    List<String> expected = SegmentResult.of(header, 400_000,
        SegmentSummarizer.rows(SegmentSummarizer.summarize("30", whole)), List.of()).rowLines();
    List<ChunkResult> chunks = new ArrayList<>();
    for (int i = 2; i >= 0; i--) { // out of order on purpose
      WorkTask t = new WorkTask(header, "1000002", HandWrittenGroup.LARGE, 100_000L * i / 3,
          100_000L * (i + 1) / 3, 1, i, 3);
      chunks.add(ChunkResult.ok(t, SegmentSummarizer.summarize("30", t)));
    }
    TestPipeline p = pipeline();
    PCollectionTuple out = merge(p, chunks);
    PAssert.that(out.get(WfdbIO.SEGMENTS)).satisfies(batches -> {
      List<SegmentBatch> all = StreamSupport.stream(batches.spliterator(), false).toList();
      assertEquals(1, all.size());
      assertEquals(expected, all.get(0).segments().get(0).rowLines());
      return null;
    });
    PAssert.that(out.get(WfdbIO.FAILURES)).empty();
    p.run().waitUntilFinish();
  }

  /** Issue 12: an Error while reading one record (OutOfMemoryError, StackOverflowError) is that record's failure. */
  @Test
  void anErrorWhileReadingOneRecordIsThatRecordsFailureAndTheOthersAreRead() {
    TestPipeline p = pipeline();
    WorkUnit unit = new WorkUnit(0, List.of(task("oom.hea", 0, 1), task("deep.hea", 0, 1), task("io.hea", 0, 1),
        task("good.hea", 0, 1)), 400);
    WfdbIO.ReadWorkUnitFn.TaskReader reader = (group, t) -> {
      switch (t.headerPath()) {
        case "oom.hea" -> throw new OutOfMemoryError("Java heap space");
        case "deep.hea" -> throw new StackOverflowError();
        case "io.hea" -> throw new IOException("io.hea: cannot read header");
        default -> {
          return new SegmentSummarizer.Partial(List.of(), List.of(), List.of());
        }
      }
    };
    PCollectionTuple out = p.apply(Create.of(unit).withCoder(JsonCoder.of(WorkUnit.class)))
        .apply(ParDo.of(new WfdbIO.ReadWorkUnitFn("30", reader))
            .withOutputTags(WfdbIO.SEGMENTS, TupleTagList.of(WfdbIO.FAILURES).and(WfdbIO.CHUNKS)));
    out.get(WfdbIO.SEGMENTS).setCoder(JsonCoder.of(SegmentBatch.class));
    out.get(WfdbIO.FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
    out.get(WfdbIO.CHUNKS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ChunkResult.class)));
    PAssert.that(messages(out)).containsInAnyOrder(
        "oom.hea: not enough memory to read this record (Java heap space)",
        "deep.hea: reading this record overflowed the stack",
        "io.hea: cannot read header");
    PAssert.that(out.get(WfdbIO.SEGMENTS).apply("Headers", MapElements.into(TypeDescriptors.strings())
        .via(b -> b.segments().get(0).headerPath()))).containsInAnyOrder("good.hea");
    p.run().waitUntilFinish();
  }

  @Test
  void anErrorOfTheJvmIsNotARecordsFailure() {
    assertThrows(InternalError.class, () -> WfdbIO.recordFailure(new InternalError("broken JVM")));
    assertThrows(NoClassDefFoundError.class, () -> WfdbIO.recordFailure(new NoClassDefFoundError("x")));
    assertTrue(WfdbIO.recordFailure(new OutOfMemoryError()) instanceof OutOfMemoryError);
  }

  @Test
  void readHeadersReadsMatchedHeadersAndReportsBrokenOnes(@TempDir Path dir) throws IOException {
    HandWrittenGroup.write(dir.resolve("30"), true);
    String good = dir.resolve("30/1000001/1000001_0001.hea").toString();
    String broken = dir.resolve("30/1000003/1000003_0003.hea").toString();
    TestPipeline p = pipeline();
    WfdbIO.Result read = p.apply(Create.of(good, broken)).apply(WfdbIO.readHeaders("30"));
    PAssert.that(read.segments().apply("Headers", MapElements.into(TypeDescriptors.strings())
        .via(b -> b.segments().get(0).headerPath()))).containsInAnyOrder(good);
    PAssert.that(read.failures().apply("Segments", MapElements.into(TypeDescriptors.strings())
        .via(f -> f.record() + "/" + f.segment()))).containsInAnyOrder("1000003/1000003_0003");
    p.run().waitUntilFinish();
  }

  @Test
  void readShowsItsSettingsAndIsImmutable() {
    WfdbIO.Read base = WfdbIO.read().from("s3://b/in/30/");
    WfdbIO.Read tuned = base.withParallelism(3).withGroup("30");
    var items = org.apache.beam.sdk.transforms.display.DisplayData.from(tuned).items();
    java.util.Map<String, Object> byKey = new java.util.HashMap<>();
    items.forEach(item -> byKey.put(item.getKey(), item.getValue()));
    assertEquals("s3://b/in/30/", byKey.get("from"));
    assertEquals("30", byKey.get("group"));
    assertEquals(3L, ((Number) byKey.get("parallelism")).longValue());
    var baseItems = org.apache.beam.sdk.transforms.display.DisplayData.from(base).items();
    assertTrue(baseItems.stream().noneMatch(item -> item.getKey().equals("group")), "with... returns a copy");
  }
}
