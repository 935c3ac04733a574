package io.wavebeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.cli.CliRun;
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
import org.junit.jupiter.api.Assumptions;
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
    copyTree(TESTDATA.resolve("30"), in30);
    for (String name : List.of("3009998", "3009999")) {
      Path dir = Files.createDirectories(in30.resolve(name));
      Files.writeString(dir.resolve(name + ".hea"), name + " 1 125 1000\n" + name + ".dat 16 200 12 0 0 0 0 II\n");
    }
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
    Assumptions.abort("Debian's chromium is not installed (.ci/run installs it): the report is not opened in a "
        + "browser");
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
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  static int indexOf(JsonNode array, String value) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).asText().equals(value)) {
        return i;
      }
    }
    throw new AssertionError(value + " not in " + array);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
