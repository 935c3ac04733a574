package io.wavebeam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wavebeam.common.RunProgress;
import io.wavebeam.wfdb.RecordSummary;
import io.wavebeam.wfdb.WfdbException;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wavebeam describe}: reads whole records and prints what is in them. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
        "Reads each WFDB record in full and prints its header facts and per-signal statistics.",
        "Multi-segment records are read as one record (gaps and missing signals count as invalid samples).",
        "Exit status: 0 when every record was read, 1 when some could not be (each is reported on stderr)."})
final class DescribeCommand implements Callable<Integer> {
  static final int EXIT_SOME_FAILED = 1;

  @Parameters(paramLabel = "RECORD", arity = "1..*",
      description = "Header path of a record, with or without the .hea suffix (e.g. records/100).")
  List<Path> records;

  @Option(names = "--json", description = "Print one JSON object per record and line instead of a table. Field "
      + "names follow the reference files of the WFDB samples; NaN is written as null.")
  boolean json;

  @picocli.CommandLine.Mixin ProgressOptions progressOptions;

  @Spec CommandSpec spec;

  /**
   * Made on first use: picocli instantiates every subcommand when the command line starts, and a pass run then
   * initializes Jackson on another thread beside it (WavebeamCommand#initializeBeamOptionsBeside).
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    // Progress only over several records; the line is cleared before each record's output.
    ConsoleProgress progress = records.size() > 1 ? progressOptions.listener(err) : null;
    long started = System.nanoTime();
    int done = 0;
    for (Path path : records) {
      if (progress != null) {
        progress.clear();
      }
      try {
        WfdbRecord record = WfdbRecord.open(path);
        RecordSummary summary = RecordSummary.of(record);
        if (json) {
          out.println(Json.MAPPER.writeValueAsString(toJson(summary)));
        } else {
          printTable(out, path, summary);
        }
        for (String w : summary.warnings()) {
          err.println("warning: " + w);
        }
      } catch (WfdbException e) {
        failed++;
        err.println("error: " + e.getMessage());
      } catch (IOException e) {
        failed++;
        err.println("error: " + path + ": " + FailureMessage.of(e));
      }
      out.flush();
      done++;
      if (progress != null) {
        progress.onProgress(new RunProgress("describe", "records", done, records.size(), 0, 0, failed,
            System.nanoTime() - started, done == records.size()));
      }
    }
    if (failed > 0) {
      err.println(failed + " of " + records.size() + " records could not be read");
      return EXIT_SOME_FAILED;
    }
    return 0;
  }

  /** The record as one JSON object, with the field names of the shared reference files. */
  static ObjectNode toJson(RecordSummary summary) {
    WfdbRecord record = summary.record();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("record", record.name());
    o.put("fs", record.header().samplingFrequency());
    o.put("counter_freq", record.header().counterFrequency());
    var time = record.header().baseTime();
    o.put("base_time", time == null ? null : String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", time.getHour(),
        time.getMinute(), time.getSecond(), time.getNano() / 1000));
    o.put("base_date", record.header().baseDate() == null ? null : record.header().baseDate().toString());
    o.put("n_samples", record.length());
    o.put("header_sig_len", record.header().length());
    o.put("n_signals", record.signals().size());
    o.put("multi_segment", record.isMultiSegment());
    o.put("layout", record.isMultiSegment() ? record.layout().name().toLowerCase(Locale.ROOT) : null);
    if (record.isMultiSegment()) {
      o.put("n_segments", record.segments().size());
      ArrayNode segs = o.putArray("segments");
      for (WfdbRecord.Segment s : record.segments()) {
        ObjectNode so = segs.addObject();
        so.put("name", s.name());
        so.put("length", s.length());
        so.put("start", s.start());
        so.put("role", s.role().name().toLowerCase(Locale.ROOT));
        if (s.role() == WfdbRecord.Role.DATA) {
          ArrayNode sigs = so.putArray("signals");
          for (WfdbRecord.Signal sig : s.record().signals()) {
            ObjectNode x = sigs.addObject();
            x.put("name", sig.name());
            x.put("fmt", String.valueOf(sig.format()));
            x.put("adc_gain", sig.gain());
            x.put("baseline", sig.baseline());
            x.put("units", sig.units());
            x.put("samples_per_frame", sig.samplesPerFrame());
          }
        }
      }
    }
    ArrayNode signals = o.putArray("signals");
    for (WfdbRecord.Signal s : record.signals()) {
      RecordSummary.SignalStats st = summary.signals().get(s.index());
      ObjectNode so = signals.addObject();
      so.put("index", s.index());
      so.put("name", s.name());
      so.put("units", s.units());
      so.put("fmt", s.format() == null ? null : String.valueOf(s.format()));
      so.put("adc_gain", s.gain());
      so.put("baseline", s.baseline());
      so.put("samples_per_frame", s.samplesPerFrame());
      if (!record.isMultiSegment()) {
        so.put("skew", s.spec().skew());
        so.put("byte_offset", s.spec().byteOffset());
        so.put("init_value", s.spec().initValue());
        so.put("file", s.spec().fileName());
      }
      so.put("n_values", st.nValues());
      so.put("n_valid", st.nValid());
      so.put("n_invalid", st.nInvalid());
      so.put("digital_min", st.digitalMin());
      so.put("digital_max", st.digitalMax());
      so.put("digital_sum", st.digitalSum());
      so.put("physical_mean", st.physicalMean());
      so.put("physical_std", st.physicalStd());
      so.put("physical_min", st.physicalMin());
      so.put("physical_max", st.physicalMax());
      putValues(so.putArray("first10_physical"), st.first10Physical());
      putValues(so.putArray("last10_physical"), st.last10Physical());
      ArrayNode fd = so.putArray("first10_digital");
      for (Integer d : st.first10Digital()) {
        fd.add(d);
      }
    }
    return o;
  }

  private static void putValues(ArrayNode a, double[] values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        a.addNull();
      } else {
        a.add(v);
      }
    }
  }

  private static void printTable(PrintWriter out, Path path, RecordSummary summary) {
    WfdbRecord r = summary.record();
    double fs = r.header().samplingFrequency();
    Duration d = Duration.ofMillis(Math.round(r.length() / fs * 1000));
    out.printf(Locale.ROOT, "%s  (%s)%n", r.name(), path);
    out.printf(Locale.ROOT, "  %s, %d signals, %s Hz, %d frames (%dh%02dm%02d.%03ds)%s%n",
        r.isMultiSegment() ? r.layout().name().toLowerCase(Locale.ROOT) + "-layout multi-segment, "
            + r.segments().size() + " segments" : "single segment",
        r.signals().size(), trim(fs), r.length(), d.toHours(), d.toMinutesPart(), d.toSecondsPart(),
        d.toMillisPart(),
        r.header().baseTime() == null ? "" : ", starts " + (r.header().baseDate() == null ? "" :
            r.header().baseDate() + " ") + r.header().baseTime());
    out.printf(Locale.ROOT, "  %3s %-12s %-6s %4s %9s %8s %3s %10s %8s %12s %12s %12s %12s%n", "#", "signal",
        "units", "fmt", "gain", "baseline", "spf", "valid", "invalid", "mean", "std", "min", "max");
    for (WfdbRecord.Signal s : r.signals()) {
      RecordSummary.SignalStats st = summary.signals().get(s.index());
      out.printf(Locale.ROOT, "  %3d %-12s %-6s %4s %9s %8d %3d %10d %8d %12s %12s %12s %12s%n", s.index(),
          s.name(), s.units(), s.format() == null ? "-" : s.format(), trim(s.gain()), s.baseline(),
          s.samplesPerFrame(), st.nValid(), st.nInvalid(), num(st.physicalMean()), num(st.physicalStd()),
          num(st.physicalMin()), num(st.physicalMax()));
    }
    for (String c : r.header().comments()) {
      out.println("  # " + c);
    }
    out.println();
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.6g", v);
  }
}
