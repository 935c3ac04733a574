package io.wavebeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.cli.CliRun;
import io.wavebeam.common.JsonLinesFile;
import io.wavebeam.wfdb.TestFolders;
import io.wavebeam.wfdb.TestPrerequisites;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wavebeam report} on real pass output (pass 1 on the bundled testdata, one group with two broken records
 * added, and pass 1.5 over both), opened in a real headless Chromium: the page runs without console messages or
 * network requests, every chart is drawn, a screenshot is not blank, and the numbers are the output's.
 */
class ReportBrowserTest {
  static final Path TESTDATA = Path.of(System.getProperty("wavebeam.testdata.dir", "../testdata"))
      .toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> ALWAYS_CHARTS = List.of("chart-coverage", "chart-hours", "chart-dist-mean",
      "chart-dist-std", "chart-dist-invalid_fraction", "chart-dist-flat_fraction");

  @TempDir static Path temp;
  static Path groupOutput;
  static Path summaryOutput;
  static Path groupReport;
  static Path allReport;

  @BeforeAll
  static void runPassesAndReports() throws IOException {
    Path in30 = temp.resolve("in/30");
    TestFolders.copyTree(TESTDATA.resolve("30"), in30);
    TestFolders.addRecordsWithoutSignalFile(in30, "3009998", "3009999");
    Path out = temp.resolve("out");
    groupOutput = out.resolve("30");
    CliRun p30 = CliRun.run("run", "pass1", "--input", in30.toString(), "--output", groupOutput.toString(),
        "--quiet");
    assertEquals(3, p30.exit(), p30.toString());
    assertTrue(p30.out().contains("See it: wavebeam report --input " + groupOutput + " --output " + groupOutput
        + "/report.html"), p30.toString());
    CliRun p31 = CliRun.run("run", "pass1", "--input", TESTDATA.resolve("31").toString(), "--output",
        out.resolve("31").toString(), "--quiet");
    assertEquals(0, p31.exit(), p31.toString());
    summaryOutput = temp.resolve("summary");
    CliRun p15 = CliRun.run("run", "pass1p5", "--input", out.toString(), "--output", summaryOutput.toString(),
        "--quiet");
    assertEquals(0, p15.exit(), p15.toString());

    // Windowed features (issue 15's ws_df_windows.json and pass 1.5's waveform_windows.parquet), written here in
    // their documented layout: pass 1 on main has no --window yet.
    Files.writeString(groupOutput.resolve(ReportInput.PASS1_WINDOWS), String.join("\n", WINDOWS) + "\n");
    writeWindowsParquet(summaryOutput.resolve(ReportInput.PASS1P5_WINDOWS + "/group=30/part-00000.parquet"));

    groupReport = temp.resolve("reports/group.html");
    allReport = temp.resolve("reports/all.html");
    CliRun r1 = CliRun.run("report", "--input", groupOutput.toString(), "--output", groupReport.toString());
    assertEquals(0, r1.exit(), r1.toString());
    CliRun r2 = CliRun.run("report", "--input", summaryOutput.toString(), "--output", allReport.toString());
    assertEquals(0, r2.exit(), r2.toString());
  }

  @Test
  void groupReportShowsTheGroupsNumbers() throws IOException {
    JsonNode data = embeddedData(groupReport);
    List<JsonNode> rows = jsonLines(groupOutput.resolve("ws_df_group.json"));
    assertEquals(rows.size(), data.at("/cards/rows").asInt());
    assertEquals(2, data.at("/cards/errors").asInt());
    // hours of valid II: an independent sum over the rows
    double hoursII = rows.stream().filter(r -> r.get("signal").asText().equals("II"))
        .mapToDouble(r -> r.get("count").asDouble() / (r.get("fs").asDouble() * r.get("samples_per_frame").asInt())
            / 3600).sum();
    assertTrue(hoursII > 0);
    int i = indexOf(data.get("signals"), "II (mV)");
    assertEquals(hoursII, data.get("hoursValid").get(i).asDouble(), 1e-3);
    JsonNode reasons = data.get("errors");
    assertEquals(2, reasons.get(0).get("count").asInt(), reasons.toString());
    assertEquals(2, reasons.get(0).get("examples").size(), reasons.toString());
  }

  /** Record 3000000 from 10:00:00 with two signals, 60 s windows; record 3000001 with one signal. */
  static final List<String> WINDOWS = List.of(
      window("3000000", "II", 0, 0, "2101-01-01T10:00:00", 7500, 7500),
      window("3000000", "II", 0, 1, "2101-01-01T10:01:00", 3000, 7500),
      window("3000000", "II", 0, 2, "2101-01-01T10:02:00", 0, 7500),
      window("3000000", "II", 0, 3, "2101-01-01T10:03:00", 1250, 1250),
      window("3000000", "PLETH", 1, 0, "2101-01-01T10:00:00", 7000, 7500),
      window("3000000", "PLETH", 1, 1, "2101-01-01T10:01:00", 0, 0),
      window("3000001", "II", 0, 0, "2101-01-02T00:00:30.500", 100, 400));

  static String window(String record, String signal, int index, int k, String start, long count, long values) {
    return String.format(java.util.Locale.ROOT, "{\"group\":\"30\",\"record\":\"%s\",\"signal\":\"%s\","
        + "\"signal_index\":%d,\"units\":\"mV\",\"fs\":125.0,\"samples_per_frame\":1,\"window_s\":60,"
        + "\"window_index\":%d,\"window_offset_s\":%d.0,\"window_start\":\"%s\",\"segments\":[\"%s_0001\"],"
        + "\"n_values\":%d,\"count\":%d,\"mean\":null,\"n_invalid\":%d,\"invalid_fraction\":%s}", record, signal,
        index, k, 60 * k, start, record, values, count, values - count,
        values == 0 ? "null" : Double.toString((values - count) / (double) values));
  }

  /** Three windows of one record and signal, without window_start (no base time): an offset axis. */
  static void writeWindowsParquet(Path file) throws IOException {
    org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("window").fields()
        .requiredString("record").requiredString("signal").requiredString("signal_normalized")
        .requiredInt("signal_index").requiredLong("window_s").requiredLong("window_index")
        .requiredDouble("window_offset_s").optionalString("window_start").requiredLong("n_values")
        .requiredLong("count").endRecord();
    Files.createDirectories(file.getParent());
    try (var writer = org.apache.parquet.avro.AvroParquetWriter.<org.apache.avro.generic.GenericRecord>builder(
        new org.apache.parquet.io.LocalOutputFile(file)).withSchema(schema).build()) {
      for (int k = 0; k < 3; k++) {
        var r = new org.apache.avro.generic.GenericData.Record(schema);
        r.put("record", "3000002");
        r.put("signal", "ECG II");
        r.put("signal_normalized", "II");
        r.put("signal_index", 0);
        r.put("window_s", 30L);
        r.put("window_index", (long) k);
        r.put("window_offset_s", 30.0 * k);
        r.put("window_start", null);
        r.put("n_values", 3750L);
        r.put("count", 3750L - 1000L * k);
        writer.write(r);
      }
    }
  }

  @Test
  void timelineShowsTheValidFractionOfEachWindow() throws IOException {
    JsonNode t = embeddedData(groupReport).get("timeline");
    assertEquals("time", t.get("axis").asText(), t.toString());
    assertEquals(List.of("3000000 · II", "3000000 · PLETH", "3000001 · II"),
        JSON.convertValue(t.get("rows"), List.class));
    // one bar per window holding values (PLETH's window 1 has none): x from start to start + 60 s, y its row
    double t0 = java.time.LocalDateTime.parse("2101-01-01T10:00:00").toInstant(java.time.ZoneOffset.UTC)
        .toEpochMilli();
    List<String> bars = new ArrayList<>();
    for (JsonNode b : t.get("data")) {
      bars.add(String.format(java.util.Locale.ROOT, "%d %d %d %.4f %d/%d", (long) ((b.get(0).asDouble() - t0) / 1000),
          (long) ((b.get(1).asDouble() - t0) / 1000), b.get(2).asInt(), b.get(3).asDouble(), b.get(4).asLong(),
          b.get(5).asLong()));
    }
    long day2 = 14 * 3600 + 30; // 2101-01-02T00:00:30.5 is 14 h 30.5 s after 10:00 the day before
    assertEquals(List.of("0 60 0 1.0000 7500/7500", "60 120 0 0.4000 3000/7500", "120 180 0 0.0000 0/7500",
        "180 240 0 1.0000 1250/1250", "0 60 1 0.9333 7000/7500",
        day2 + " " + (day2 + 60) + " 2 0.2500 100/400"), bars);
    assertEquals(t0 + day2 * 1000 + 500, t.get("data").get(5).get(0).asDouble());

    // pass 1.5's waveform_windows.parquet (partitioned by group, no base time): seconds from the record start
    JsonNode all = embeddedData(allReport).get("timeline");
    assertEquals("offset", all.get("axis").asText(), all.toString());
    assertEquals(List.of("3000002 · II"), JSON.convertValue(all.get("rows"), List.class));
    assertEquals("[[0.0,30.0,0,1.0,3750,3750,1],[30.0,60.0,0,0.7333,2750,3750,1],[60.0,90.0,0,0.4667,1750,3750,1]]",
        all.get("data").toString());
  }

  @Test
  void longRecordsAreDrawnInBinsOfWindows() {
    List<java.util.Map<String, Object>> ws = new ArrayList<>();
    int n = HtmlReport.MAX_TIMELINE_BINS * 3 + 1;
    long validTotal = 0;
    for (int k = 0; k < n; k++) {
      long count = k % 7 == 0 ? 0 : 60;
      validTotal += count;
      ws.add(java.util.Map.of("group", "1", "record", "r", "signal", "HR", "signal_index", 0, "window_s", 60.0,
          "window_index", k, "window_offset_s", 60.0 * k, "n_values", 60, "count", count));
    }
    JsonNode t = HtmlReport.timeline(ws);
    assertEquals("offset", t.get("axis").asText());
    JsonNode data = t.get("data");
    assertTrue(data.size() <= HtmlReport.MAX_TIMELINE_BINS, data.size() + " bars");
    assertEquals(0.0, data.get(0).get(0).asDouble());
    assertEquals(60.0 * n, data.get(data.size() - 1).get(1).asDouble());
    long valid = 0;
    long windows = 0;
    for (JsonNode b : data) {
      valid += b.get(4).asLong();
      windows += b.get(6).asLong();
      assertEquals(b.get(4).asDouble() / b.get(5).asDouble(), b.get(3).asDouble(), 1e-4);
    }
    assertEquals(validTotal, valid);
    assertEquals(n, windows);
  }

  @Test
  void allGroupsReportShowsEveryRow() throws IOException {
    JsonNode data = embeddedData(allReport);
    int rows = jsonLines(groupOutput.resolve("ws_df_group.json")).size()
        + jsonLines(temp.resolve("out/31/ws_df_group.json")).size();
    assertEquals(rows, data.at("/cards/rows").asInt());
    assertEquals(2, data.at("/cards/errors").asInt(), "the groups' errors.jsonl next to pass 1.5's input");
    String html = Files.readString(allReport);
    assertTrue(html.contains("signal_stats.csv") && html.contains("pass1p5_manifest.json"));
  }

  @Test
  void reportsHaveNoExternalReferences() throws IOException {
    for (Path report : List.of(groupReport, allReport)) {
      String html = Files.readString(report);
      // the scripts' text holds markup strings (ECharts' tooltips, the page's own): the markup is what loads
      assertFalse(withoutScripts(html).contains("http"), report + ": an address in the markup");
      html = withoutScripts(html);
      Matcher m = Pattern.compile("(?i)<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=").matcher(html);
      assertFalse(m.find(), report + ": " + (m.find(0) ? m.group() : ""));
      assertTrue(Files.size(report) < 2_000_000, report + " is " + Files.size(report) + " bytes");
    }
  }

  @Test
  void pagesRenderInChromiumWithoutErrorsOrNetwork() throws Exception {
    String chromium = chromium();
    for (Path report : List.of(groupReport, allReport)) {
      Browser b = open(chromium, report, "--dump-dom");
      assertEquals(List.of(), b.consoleLines(), report + ": console messages");
      assertEquals(List.of(), b.pageRequests(), report + ": network requests of the page");
      String dom = withoutScripts(b.stdout());
      assertTrue(dom.contains("data-rendered=\"true\""), report + ": the page script did not finish\n" + dom);
      Set<String> expected = new LinkedHashSet<>(ALWAYS_CHARTS);
      expected.add("chart-errors");
      expected.add("chart-timeline");
      Set<String> seen = new LinkedHashSet<>();
      Matcher m = Pattern.compile("class=\"chart\" id=\"([^\"]+)\"").matcher(dom);
      List<int[]> spans = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      while (m.find()) {
        ids.add(m.group(1));
        spans.add(new int[] {m.end(), 0});
      }
      for (int i = 0; i < ids.size(); i++) {
        int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : dom.length();
        String chart = dom.substring(spans.get(i)[0], end);
        assertTrue(chart.contains("<svg") && chart.contains("<path"), report + ": chart " + ids.get(i)
            + " has no drawing");
        if (ids.get(i).equals("chart-timeline")) {
          // every window's bar, in the colour of its valid fraction on the red-yellow-green scale
          for (JsonNode bar : embeddedData(report).at("/timeline/data")) {
            String colour = scaleColour(bar.get(3).asDouble());
            assertTrue(chart.contains("fill=\"" + colour + "\""), report + ": no bar " + bar + " in " + colour);
          }
        }
        seen.add(ids.get(i));
      }
      assertEquals(expected, seen, report.toString());
      assertTrue(dom.contains("<div id=\"page-errors\"></div>"), report + ": page errors");
    }
  }

  @Test
  void screenshotsAreNotBlank() throws Exception {
    String chromium = chromium();
    for (Path report : List.of(groupReport, allReport)) {
      Path png = temp.resolve(report.getFileName() + ".png");
      Browser b = open(chromium, report, "--screenshot=" + png, "--window-size=1280,1800", "--hide-scrollbars");
      assertEquals(List.of(), b.consoleLines(), report + ": console messages");
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(1280, image.getWidth());
      Set<Integer> colours = new HashSet<>();
      int background = image.getRGB(image.getWidth() - 1, image.getHeight() - 1);
      long other = 0;
      for (int y = 0; y < image.getHeight(); y += 2) {
        for (int x = 0; x < image.getWidth(); x += 2) {
          int rgb = image.getRGB(x, y);
          colours.add(rgb);
          if (rgb != background) {
            other++;
          }
        }
      }
      assertTrue(colours.size() > 200, report + ": " + colours.size() + " colours");
      assertTrue(other > image.getWidth() * image.getHeight() / 4 / 5, report + ": mostly background");
    }
  }

  @Test
  void theChecksSeeConsoleMessagesAndRequests() throws Exception {
    // The detectors themselves: a page that logs, throws and fetches must be caught (loopback and a name
    // that does not resolve: nothing leaves the machine).
    String chromium = chromium();
    Path page = Files.writeString(temp.resolve("control.html"), "<html><body><img src=\"http://127.0.0.1:9/x.png\">"
        + "<script>console.error('boom'); fetch('https://example.invalid/a.json').catch(e => 0); nope();</script>"
        + "</body></html>");
    Browser b = open(chromium, page, "--dump-dom");
    assertTrue(b.consoleLines().stream().anyMatch(l -> l.contains("boom")), b.consoleLines().toString());
    assertTrue(b.consoleLines().stream().anyMatch(l -> l.contains("Uncaught ReferenceError")),
        b.consoleLines().toString());
    assertEquals(Set.of("http://127.0.0.1:9/x.png", "https://example.invalid/a.json"), Set.copyOf(b.pageRequests()));
  }

  /** The colour ECharts' visual map gives a fraction: linear between #c23b22, #f2c14e and #2f9e6e. */
  static String scaleColour(double fraction) {
    int[][] stops = {{194, 59, 34}, {242, 193, 78}, {47, 158, 110}};
    int lo = fraction >= 0.5 ? 1 : 0;
    double t = (fraction - lo * 0.5) * 2;
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) Math.round(stops[lo][c] + (stops[lo + 1][c] - stops[lo][c]) * t);
    }
    return "rgb(" + rgb[0] + "," + rgb[1] + "," + rgb[2] + ")";
  }

  record Browser(String stdout, List<String> consoleLines, List<String> pageRequests) {}

  /** Runs headless Chromium on {@code page} with a fresh profile, its console on stderr and a net log. */
  static Browser open(String chromium, Path page, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(temp, "chromium-profile");
    Path netLog = temp.resolve("netlog-" + System.nanoTime() + ".json");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
        // Chromium's own background requests (update checks) must not leave the machine either.
        "--host-resolver-rules=MAP * ~NOTFOUND", "--log-net-log=" + netLog, "--virtual-time-budget=5000"));
    command.addAll(List.of(extra));
    command.add(page.toUri().toString());
    Path stdout = temp.resolve("chromium-" + System.nanoTime() + ".out");
    Path stderr = temp.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + command);
    }
    List<String> console = Files.readAllLines(stderr).stream().filter(l -> l.contains(":CONSOLE")).toList();
    return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), console, pageRequests(netLog));
  }

  /**
   * The URL requests a document started, from Chromium's net log: the browser's own (update checks, which
   * fail to resolve here) have no initiating origin ("not an origin"); a page's have one ("null" for file:).
   */
  static List<String> pageRequests(Path netLog) throws IOException {
    JsonNode log = JSON.readTree(netLog.toFile());
    int startJob = log.at("/constants/logEventTypes/URL_REQUEST_START_JOB").asInt(-1);
    assertTrue(startJob >= 0, "net log without URL_REQUEST_START_JOB events");
    List<String> urls = new ArrayList<>();
    for (JsonNode e : log.get("events")) {
      JsonNode params = e.get("params");
      if (e.get("type").asInt() == startJob && params != null && params.has("url")
          && !"not an origin".equals(params.path("initiator").asText())) {
        urls.add(params.get("url").asText());
      }
    }
    return urls;
  }

  static String chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    TestPrerequisites.require(false, "ReportBrowserTest (the report in a real browser)",
        "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)");
    return null;
  }

  static String withoutScripts(String html) {
    return html.replaceAll("(?s)<script\\b[^>]*>.*?</script>", "<script></script>");
  }

  static JsonNode embeddedData(Path report) throws IOException {
    String html = Files.readString(report);
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int start = html.indexOf(open) + open.length();
    int end = html.indexOf("</script>", start);
    return JSON.readTree(html.substring(start, end).replace("<\\/", "</"));
  }

  static List<JsonNode> jsonLines(Path file) throws IOException {
    return JsonLinesFile.read(file);
  }

  static int indexOf(JsonNode array, String value) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).asText().equals(value)) {
        return i;
      }
    }
    throw new AssertionError(value + " not in " + array);
  }
}
