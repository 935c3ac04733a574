package io.wavebeam.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wavebeam.combiner.SignalAliases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report as one self-contained HTML file: the data as a JSON block, Apache ECharts (read from its webjar and
 * inlined) and the page's own script and style. Opening it needs no network. Charts are drawn by ECharts with
 * its SVG renderer; what they show is computed here.
 */
public final class HtmlReport {
  /** The ECharts build inlined into every report (from {@code org.webjars.npm:echarts}). */
  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  /** Above this many records the coverage map shows groups instead of records. */
  static final int MAX_COVERAGE_ROWS = 60;
  /** Record-signal rows drawn in the timeline; the rest are counted in its note. */
  static final int MAX_TIMELINE_ROWS = 60;
  /** Bars per timeline row: more windows than this are drawn as bins of consecutive windows. */
  static final int MAX_TIMELINE_BINS = 400;
  /** Error examples shown per reason. */
  static final int EXAMPLES = 3;
  static final List<String> FEATURES = List.of("mean", "std", "invalid_fraction", "flat_fraction");

  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  public static String render(ReportInput input) throws IOException {
    ObjectNode data = data(input);
    String json = JSON.writeValueAsString(data).replace("</", "<\\/");
    return TEMPLATE
        .replace("{{title}}", escape("wavebeam report: " + input.kind() + ", " + input.title()))
        .replace("{{kind}}", escape(input.kind()))
        .replace("{{heading}}", escape(input.title()))
        .replace("{{folder}}", escape(input.location()))
        .replace("{{generated}}", escape(ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))))
        .replace("{{tables}}", tables(input))
        .replace("{{data}}", json)
        .replace("{{echarts}}", echarts());
  }

  static String echarts() throws IOException {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(ECHARTS)) {
      if (in == null) {
        throw new IOException("this wavebeam build lacks the ECharts library (" + ECHARTS + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Everything the page's charts draw. */
  static ObjectNode data(ReportInput input) {
    ObjectNode d = JSON.createObjectNode();
    SignalAliases aliases = SignalAliases.builtIn();
    List<Map<String, Object>> rows = input.rows();

    TreeSet<String> records = new TreeSet<>();
    TreeSet<String> segments = new TreeSet<>();
    Map<String, double[]> perSignal = new LinkedHashMap<>(); // hours valid, n_invalid, n_values
    Map<String, Map<String, Double>> coverage = new TreeMap<>();
    Map<String, Map<String, List<Double>>> features = new LinkedHashMap<>();
    for (String f : FEATURES) {
      features.put(f, new TreeMap<>());
    }
    for (Map<String, Object> row : rows) {
      String record = str(row, "group") + "/" + str(row, "record");
      records.add(record);
      segments.add(record + "/" + str(row, "segment"));
      String signal = signalKey(row, aliases);
      double hours = hoursValid(row);
      double[] s = perSignal.computeIfAbsent(signal, k -> new double[3]);
      s[0] += hours;
      s[1] += num(row, "n_invalid", 0);
      s[2] += num(row, "n_values", 0);
      coverage.computeIfAbsent(record, k -> new TreeMap<>()).merge(signal, hours, Double::sum);
      for (String f : FEATURES) {
        double v = num(row, f, Double.NaN);
        if (!Double.isNaN(v)) {
          features.get(f).computeIfAbsent(signal, k -> new ArrayList<>()).add(v);
        }
      }
    }
    List<String> signals = new ArrayList<>(perSignal.keySet());
    signals.sort(Comparator.comparingDouble((String k) -> -perSignal.get(k)[0]).thenComparing(k -> k));

    ObjectNode cards = d.putObject("cards");
    cards.put("records", records.size());
    cards.put("segments", segments.size());
    cards.put("rows", rows.size());
    cards.put("signals", signals.size());
    cards.put("hours", perSignal.values().stream().mapToDouble(v -> v[0]).sum());
    cards.put("errors", input.errors().size());

    d.set("signals", JSON.valueToTree(signals));
    ArrayNode hours = d.putArray("hoursValid");
    ArrayNode invalid = d.putArray("invalidFraction");
    for (String s : signals) {
      double[] v = perSignal.get(s);
      hours.add(round(v[0], 3));
      invalid.add(v[2] > 0 ? round(v[1] / v[2], 4) : 0);
    }

    // Coverage: hours of valid data per record (or per group when there are many records) and signal.
    Map<String, Map<String, Double>> cells = coverage;
    String coverageBy = "record";
    if (records.size() > MAX_COVERAGE_ROWS) {
      cells = new TreeMap<>();
      for (var e : coverage.entrySet()) {
        String group = e.getKey().substring(0, e.getKey().indexOf('/'));
        Map<String, Double> target = cells.computeIfAbsent(group, k -> new TreeMap<>());
        e.getValue().forEach((k, v) -> target.merge(k, v, Double::sum));
      }
      coverageBy = "group";
    }
    ObjectNode cov = d.putObject("coverage");
    cov.put("by", coverageBy);
    List<String> rowNames = new ArrayList<>(cells.keySet());
    cov.set("rows", JSON.valueToTree(rowNames));
    ArrayNode covData = cov.putArray("data");
    double max = 0;
    for (int y = 0; y < rowNames.size(); y++) {
      Map<String, Double> c = cells.get(rowNames.get(y));
      for (int x = 0; x < signals.size(); x++) {
        Double h = c.get(signals.get(x));
        if (h != null) {
          covData.add(JSON.createArrayNode().add(x).add(y).add(round(h, 4)));
          max = Math.max(max, h);
        }
      }
    }
    cov.put("max", round(max, 4));

    // Distributions: five-number summaries per signal of each feature (ECharts boxplot data).
    ObjectNode dist = d.putObject("distributions");
    for (String f : FEATURES) {
      ObjectNode fd = dist.putObject(f);
      ArrayNode names = fd.putArray("signals");
      ArrayNode boxes = fd.putArray("boxes");
      ArrayNode counts = fd.putArray("counts");
      for (String s : signals) {
        List<Double> values = features.get(f).get(s);
        if (values == null || values.isEmpty()) {
          continue;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        names.add(s);
        boxes.add(JSON.createArrayNode().add(sig(v[0])).add(sig(quantile(v, 0.25))).add(sig(quantile(v, 0.5)))
            .add(sig(quantile(v, 0.75))).add(sig(v[v.length - 1])));
        counts.add(v.length);
      }
    }

    // Errors grouped by reason, with the first examples.
    Map<String, List<Map<String, Object>>> byReason = new LinkedHashMap<>();
    for (Map<String, Object> e : input.errors()) {
      byReason.computeIfAbsent(reason(e), k -> new ArrayList<>()).add(e);
    }
    ArrayNode errors = d.putArray("errors");
    byReason.entrySet().stream().sorted(Comparator.comparingInt(e -> -e.getValue().size())).forEach(e -> {
      ObjectNode o = errors.addObject();
      o.put("reason", e.getKey());
      o.put("count", e.getValue().size());
      ArrayNode ex = o.putArray("examples");
      for (Map<String, Object> x : e.getValue().subList(0, Math.min(EXAMPLES, e.getValue().size()))) {
        ex.addObject().put("file", str(x, "file")).put("record", str(x, "group").isEmpty() ? str(x, "record")
            : str(x, "group") + "/" + str(x, "record")).put("message", str(x, "message"));
      }
    });
    d.set("timeline", timeline(input.windows()));
    return d;
  }

  /**
   * The timeline of valid data: one chart row per record and signal, one bar per window (or per bin of
   * consecutive windows when a row has more than {@link #MAX_TIMELINE_BINS}), coloured by the fraction of its
   * values that are valid ({@code count / n_values}; a bin's fraction is over all its values). x is the windows'
   * absolute start ({@code window_start}, the record's local clock) when every row has one, else seconds from
   * the record's first frame. Windows with no value at all (between two numerics frames) are not drawn.
   */
  static ObjectNode timeline(List<Map<String, Object>> windows) {
    ObjectNode t = JSON.createObjectNode();
    t.put("windows", windows.size());
    boolean absolute = !windows.isEmpty() && windows.stream().allMatch(w -> !str(w, "window_start").isEmpty());
    t.put("axis", absolute ? "time" : "offset");
    Map<String, List<Map<String, Object>>> byRow = new TreeMap<>();
    Map<String, Double> rowOrder = new LinkedHashMap<>();
    boolean oneGroup = windows.stream().map(w -> str(w, "group")).distinct().count() <= 1;
    for (Map<String, Object> w : windows) {
      String signal = w.containsKey("signal_normalized") ? str(w, "signal_normalized") : str(w, "signal");
      String record = oneGroup ? str(w, "record") : str(w, "group") + "/" + str(w, "record");
      // sorted by record, then the signal's index in the record, as the windows file is
      String key = String.format(Locale.ROOT, "%s\u0000%06d\u0000%s", record, (long) num(w, "signal_index", 0),
          signal);
      byRow.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
    }
    List<String> keys = new ArrayList<>(byRow.keySet());
    t.put("rowsTotal", keys.size());
    if (keys.size() > MAX_TIMELINE_ROWS) {
      keys = keys.subList(0, MAX_TIMELINE_ROWS);
    }
    ArrayNode rows = t.putArray("rows");
    ArrayNode data = t.putArray("data");
    double windowS = 0;
    for (int y = 0; y < keys.size(); y++) {
      String[] parts = keys.get(y).split("\u0000");
      rows.add(parts[0] + " · " + parts[2]);
      List<Map<String, Object>> ws = new ArrayList<>(byRow.get(keys.get(y)));
      ws.sort(Comparator.comparingDouble(w -> num(w, "window_index", 0)));
      int per = (ws.size() + MAX_TIMELINE_BINS - 1) / MAX_TIMELINE_BINS;
      for (int i = 0; i < ws.size(); i += per) {
        List<Map<String, Object>> bin = ws.subList(i, Math.min(ws.size(), i + per));
        double count = 0;
        double values = 0;
        for (Map<String, Object> w : bin) {
          count += num(w, "count", 0);
          values += num(w, "n_values", 0);
        }
        if (values <= 0) {
          continue;
        }
        Map<String, Object> first = bin.get(0);
        Map<String, Object> last = bin.get(bin.size() - 1);
        double length = num(last, "window_s", 0);
        windowS = Math.max(windowS, num(first, "window_s", 0));
        double start = absolute ? epochMillis(str(first, "window_start")) : num(first, "window_offset_s", 0);
        double end = absolute ? epochMillis(str(last, "window_start")) + length * 1000
            : num(last, "window_offset_s", 0) + length;
        data.add(JSON.createArrayNode().add(start).add(end).add(y).add(round(count / values, 4))
            .add((long) count).add((long) values).add(bin.size()));
      }
    }
    t.put("windowS", windowS);
    return t;
  }

  /** A window_start (local date-time, no zone) as milliseconds on a UTC clock: the chart shows it unchanged. */
  static double epochMillis(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** The reason of an error line: its type and its message without the leading file name. */
  static String reason(Map<String, Object> error) {
    String message = str(error, "message");
    String file = str(error, "file");
    if (!file.isEmpty() && message.startsWith(file)) {
      message = message.substring(file.length()).replaceFirst("^(:\\d+)?[:\\s]+", "");
    } else {
      message = message.replaceFirst("^\\S+\\.(hea|dat)(:\\d+)?:\\s*", "");
    }
    String type = str(error, "error_type");
    return type.isEmpty() ? message : type + ": " + message;
  }

  /** A signal as statistics should group it: its normalised name and its units. */
  static String signalKey(Map<String, Object> row, SignalAliases aliases) {
    String name = row.containsKey("signal_normalized") ? str(row, "signal_normalized")
        : aliases.normalize(str(row, "signal")).name();
    String units = str(row, "units");
    return units.isEmpty() ? name : name + " (" + units + ")";
  }

  /** Valid samples / samples per second: the hours of valid data of a row. */
  static double hoursValid(Map<String, Object> row) {
    double fs = num(row, "fs", 0) * Math.max(1, num(row, "samples_per_frame", 1));
    return fs > 0 ? num(row, "count", 0) / fs / 3600 : 0;
  }

  /** Linear interpolation between order statistics (pandas' default), on sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static String tables(ReportInput input) {
    StringBuilder b = new StringBuilder();
    for (var m : input.manifests().entrySet()) {
      if (m.getKey().contains("/")) {
        continue; // per-group manifests of a pass-1.5 report: one table below
      }
      b.append("<h3>").append(escape(m.getKey())).append("</h3>\n<table class=\"kv\">\n");
      for (var e : m.getValue().entrySet()) {
        b.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(value(e.getValue())))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    List<String> groupCols = List.of("group", "records", "signals", "bytes", "failures", "warnings", "runner",
        "wall_time_s");
    List<Map<String, Object>> groups = input.manifests().entrySet().stream()
        .filter(e -> e.getKey().contains("/")).map(Map.Entry::getValue).toList();
    if (!groups.isEmpty()) {
      b.append("<h3>Groups (their manifest.json)</h3>\n<table class=\"grid\">\n<tr>");
      groupCols.forEach(c -> b.append("<th>").append(c).append("</th>"));
      b.append("</tr>\n");
      for (Map<String, Object> g : groups) {
        b.append("<tr>");
        groupCols.forEach(c -> b.append("<td>").append(escape(value(g.get(c)))).append("</td>"));
        b.append("</tr>\n");
      }
      b.append("</table>\n");
    }
    if (!input.signalStats().isEmpty()) {
      List<String> cols = new ArrayList<>(input.signalStats().get(0).keySet());
      b.append("<h3>signal_stats.csv</h3>\n<div class=\"scroll\"><table class=\"grid\">\n<tr>");
      cols.forEach(c -> b.append("<th>").append(escape(c)).append("</th>"));
      b.append("</tr>\n");
      for (Map<String, String> r : input.signalStats()) {
        b.append("<tr>");
        cols.forEach(c -> b.append("<td>").append(escape(shortNumber(r.get(c)))).append("</td>"));
        b.append("</tr>\n");
      }
      b.append("</table></div>\n");
    }
    return b.toString();
  }

  private static String value(Object v) {
    if (v == null) {
      return "–";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.6g", d).replaceFirst("\\.?0+$", "");
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (IOException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }

  private static String shortNumber(String s) {
    if (s == null) {
      return "";
    }
    if (s.matches("-?\\d+\\.\\d{5,}(E-?\\d+)?")) {
      return String.format(Locale.ROOT, "%.5g", Double.parseDouble(s));
    }
    return s;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String str(Map<String, Object> row, String key) {
    Object v = row.get(key);
    return v == null ? "" : v.toString();
  }

  private static double num(Map<String, Object> row, String key, double otherwise) {
    Object v = row.get(key);
    return v instanceof Number n ? n.doubleValue() : otherwise;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** Six significant digits: enough for a chart, and short JSON. */
  private static double sig(double v) {
    return v == 0 || !Double.isFinite(v) ? v : Double.parseDouble(String.format(Locale.ROOT, "%.6g", v));
  }

  private static final String TEMPLATE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>{{title}}</title>
      <style>
        :root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --accent:#2f6fdf; --bad:#c23b22; }
        * { box-sizing: border-box; }
        body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
               color: var(--ink); background: var(--bg); }
        header { background: #102a43; color: #fff; padding: 20px 32px 18px; }
        header h1 { margin: 0; font-size: 22px; font-weight: 600; }
        header .kind { display:inline-block; font-size:12px; text-transform:uppercase; letter-spacing:.08em;
               background: rgba(255,255,255,.16); border-radius: 4px; padding: 2px 8px; margin-right: 10px;
               vertical-align: 3px; }
        header p { margin: 6px 0 0; color: #bcccdc; font-size: 13px; }
        main { max-width: 1240px; margin: 0 auto; padding: 20px 32px 48px; }
        .cards { display:grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin-bottom: 8px; }
        .card { background:#fff; border:1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
        .card .n { font-size: 24px; font-weight: 600; }
        .card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
        .card.bad .n { color: var(--bad); }
        section { background:#fff; border:1px solid var(--line); border-radius: 8px; padding: 16px 20px;
               margin-top: 16px; }
        section h2 { margin: 0 0 4px; font-size: 17px; }
        section > p.note { margin: 0 0 10px; color: var(--muted); }
        .chart { width: 100%; height: 340px; }
        .grid2 { display:grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; }
        .grid2 .chart { height: 300px; }
        table { border-collapse: collapse; font-size: 13px; }
        table.kv th { text-align:left; font-weight: 500; color: var(--muted); padding: 2px 18px 2px 0; }
        table.kv td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; padding: 2px 0; }
        table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; }
        table.grid th { background: var(--bg); font-weight: 600; }
        table.grid td { font-variant-numeric: tabular-nums; }
        .scroll { overflow-x: auto; }
        details summary { cursor: pointer; color: var(--accent); margin-top: 8px; }
        .columns { display:grid; grid-template-columns: 1fr 1fr; gap: 0 32px; }
        .ok { color: #2f8132; font-weight: 600; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
        #page-errors { color: var(--bad); white-space: pre-wrap; }
      </style>
      </head>
      <body>
      <header>
        <h1><span class="kind">{{kind}}</span>{{heading}}</h1>
        <p>{{folder}} · report made {{generated}} by wavebeam report</p>
      </header>
      <main>
        <div class="cards" id="cards"></div>
        <section>
          <h2>Signal coverage</h2>
          <p class="note" id="coverage-note"></p>
          <div class="chart" id="chart-coverage"></div>
        </section>
        <section>
          <h2>Valid data and invalid samples per signal</h2>
          <p class="note">Bars: hours of valid samples. Line: fraction of samples that are invalid (gaps, the
            format's invalid code). Signals are normalised names with their units.</p>
          <div class="chart" id="chart-hours"></div>
        </section>
        <section>
          <h2>Feature distributions per signal</h2>
          <p class="note">Box plots over the rows (one per record segment and signal): minimum, quartiles,
            median, maximum.</p>
          <div class="grid2">
            <div class="chart" id="chart-dist-mean"></div>
            <div class="chart" id="chart-dist-std"></div>
            <div class="chart" id="chart-dist-invalid_fraction"></div>
            <div class="chart" id="chart-dist-flat_fraction"></div>
          </div>
        </section>
        <section>
          <h2>Errors</h2>
          <p class="note" id="errors-note"></p>
          <div id="errors"></div>
        </section>
        <section>
          <h2>Timeline of valid data</h2>
          <p class="note" id="windows-note"></p>
          <div id="timeline"></div>
        </section>
        <section>
          <h2>Manifests</h2>
          <div class="scroll">{{tables}}</div>
        </section>
        <div id="page-errors"></div>
      </main>
      <script type="application/json" id="report-data">{{data}}</script>
      <script>
      window.addEventListener('error', function (e) {
        document.getElementById('page-errors').textContent += 'page error: ' + e.message + '\\n';
      });
      </script>
      <script>{{echarts}}</script>
      <script>
      (function () {
        const D = JSON.parse(document.getElementById('report-data').textContent);
        const palette = ['#2f6fdf', '#e0782f', '#2f9e6e', '#c23b22', '#7b5bd6', '#c9a227', '#1aa3b8', '#9a4f7d'];
        const fmt = (v, d) => Number(v).toLocaleString('en-US', {maximumFractionDigits: d});
        const esc = s => String(s).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
        function chart(id, option) {
          const el = document.getElementById(id);
          const c = echarts.init(el, null, {renderer: 'svg'});
          c.setOption(Object.assign({animation: false, color: palette,
            textStyle: {fontFamily: 'system-ui, "DejaVu Sans", sans-serif'}}, option));
          window.addEventListener('resize', () => c.resize());
          return c;
        }
        const cards = [['records', D.cards.records], ['record segments', D.cards.segments],
          ['feature rows', D.cards.rows], ['signals', D.cards.signals],
          ['hours of valid data', fmt(D.cards.hours, 1)], ['records failed', D.cards.errors]];
        document.getElementById('cards').innerHTML = cards.map(([l, n], i) =>
          '<div class="card' + (i === 5 && n > 0 ? ' bad' : '') + '"><div class="n">' + esc(n) +
          '</div><div class="l">' + esc(l) + '</div></div>').join('');

        const cov = D.coverage;
        document.getElementById('coverage-note').textContent = 'Hours of valid data per ' + cov.by +
          ' and signal; an empty cell: the ' + cov.by + ' has no such signal.';
        const covEl = document.getElementById('chart-coverage');
        covEl.style.height = Math.max(260, 90 + 22 * cov.rows.length) + 'px';
        chart('chart-coverage', {
          tooltip: {formatter: p => esc(cov.rows[p.value[1]]) + '<br>' + esc(D.signals[p.value[0]]) + ': ' +
            fmt(p.value[2], 3) + ' h'},
          grid: {left: 64, right: 90, top: 10, bottom: 8, containLabel: true},
          xAxis: {type: 'category', data: D.signals, axisLabel: {interval: 0, rotate: 30}, splitArea: {show: true}},
          yAxis: {type: 'category', data: cov.rows, inverse: true, splitArea: {show: true}},
          visualMap: {min: 0, max: cov.max || 1, calculable: true, orient: 'vertical', right: 0, top: 'middle',
            itemHeight: 120, precision: 2, text: ['hours', ''], inRange: {color: ['#e6f0ff', '#2f6fdf', '#102a43']}},
          series: [{type: 'heatmap', data: cov.data, itemStyle: {borderColor: '#fff', borderWidth: 1}}]
        });

        chart('chart-hours', {
          tooltip: {trigger: 'axis'},
          legend: {data: ['hours valid', 'invalid fraction'], top: 0},
          grid: {left: 64, right: 16, top: 36, bottom: 8, containLabel: true},
          xAxis: {type: 'category', data: D.signals, axisLabel: {interval: 0, rotate: 30}},
          yAxis: [{type: 'value', name: 'hours'}, {type: 'value', name: 'invalid', min: 0,
            axisLabel: {formatter: v => fmt(v * 100, 1) + ' %'}}],
          series: [{name: 'hours valid', type: 'bar', data: D.hoursValid, barMaxWidth: 40},
            {name: 'invalid fraction', type: 'line', yAxisIndex: 1, data: D.invalidFraction, symbolSize: 7}]
        });

        const titles = {mean: 'mean (physical units)', std: 'standard deviation',
          invalid_fraction: 'invalid fraction', flat_fraction: 'flat fraction'};
        Object.keys(titles).forEach((f, i) => {
          const fd = D.distributions[f];
          chart('chart-dist-' + f, {
            title: {text: titles[f], left: 'center', textStyle: {fontSize: 14, fontWeight: 600}},
            tooltip: {trigger: 'item', formatter: p => esc(p.name) + ' (' + fd.counts[p.dataIndex] + ' rows)<br>' +
              ['min', 'q1', 'median', 'q3', 'max'].map((k, j) => k + ': ' + fmt(p.value[j + 1], 4)).join('<br>')},
            grid: {left: 64, right: 16, top: 40, bottom: 8, containLabel: true},
            xAxis: {type: 'category', data: fd.signals, axisLabel: {interval: 0, rotate: 30}},
            yAxis: {type: 'value', scale: f === 'mean' || f === 'std'},
            series: [{type: 'boxplot', data: fd.boxes, itemStyle: {color: '#e6f0ff', borderColor: palette[i]}}]
          });
        });

        const errs = D.errors;
        const total = errs.reduce((a, e) => a + e.count, 0);
        document.getElementById('errors-note').innerHTML = total === 0
          ? '<span class="ok">No errors:</span> every record was read.'
          : esc(total) + ' records could not be read, for ' + errs.length + ' reason' + (errs.length > 1 ? 's' : '') +
            ' (from errors.jsonl).';
        if (total > 0) {
          const el = document.getElementById('errors');
          el.innerHTML = '<div class="chart" id="chart-errors"></div><table class="grid"><tr><th>reason</th>' +
            '<th>records</th><th>first examples</th></tr>' + errs.map(e => '<tr><td>' + esc(e.reason) +
            '</td><td>' + e.count + '</td><td>' + e.examples.map(x => '<code>' + esc(x.file || x.record) +
            '</code>').join('<br>') + '</td></tr>').join('') + '</table>';
          document.getElementById('chart-errors').style.height = Math.max(160, 60 + 34 * errs.length) + 'px';
          chart('chart-errors', {
            tooltip: {},
            grid: {left: 48, right: 40, top: 10, bottom: 30, containLabel: true},
            xAxis: {type: 'value', minInterval: 1},
            yAxis: {type: 'category', inverse: true, axisLabel: {margin: 12}, data: errs.map(e =>
              e.reason.length > 48 ? e.reason.slice(0, 45) + '...' : e.reason)},
            series: [{type: 'bar', data: errs.map(e => e.count), itemStyle: {color: '#c23b22'}, barMaxWidth: 26,
              label: {show: true, position: 'right'}}]
          });
        }
        const T = D.timeline;
        const winNote = document.getElementById('windows-note');
        if (T.data.length === 0) {
          winNote.textContent = T.windows > 0
            ? 'The ' + T.windows + ' windowed rows of this output hold no values.'
            : 'This output has no windowed features (ws_df_windows.json or waveform_windows.parquet), so there ' +
              'is no timeline.';
        } else {
          winNote.textContent = 'One row per record and signal, one bar per ' + fmt(T.windowS, 3) + ' s window' +
            ' (or per bin of consecutive windows on long records), coloured by the fraction of its values that' +
            ' are valid. x: ' + (T.axis === 'time' ? "the windows' start on the record's clock."
            : "seconds from the record's start (the headers give no base date and time).") +
            (T.rowsTotal > T.rows.length ? ' The first ' + T.rows.length + ' of ' + T.rowsTotal + ' rows.' : '');
          document.getElementById('timeline').innerHTML = '<div class="chart" id="chart-timeline"></div>';
          document.getElementById('chart-timeline').style.height = Math.max(200, 100 + 24 * T.rows.length) + 'px';
          const xFmt = v => T.axis === 'time' ? echarts.format.formatTime('yyyy-MM-dd hh:mm:ss', v, true)
            : fmt(v, 1) + ' s';
          chart('chart-timeline', {
            useUTC: true,
            tooltip: {formatter: p => esc(T.rows[p.value[2]]) + '<br>' + xFmt(p.value[0]) + ' to ' +
              xFmt(p.value[1]) + (p.value[6] > 1 ? ' (' + p.value[6] + ' windows)' : '') + '<br>valid: ' +
              fmt(p.value[3] * 100, 1) + ' % (' + fmt(p.value[4], 0) + ' of ' + fmt(p.value[5], 0) + ' values)'},
            grid: {left: 64, right: 90, top: 10, bottom: 30, containLabel: true},
            xAxis: T.axis === 'time' ? {type: 'time'}
              : {type: 'value', name: 's', scale: true, axisLabel: {formatter: v => fmt(v, 0)}},
            yAxis: {type: 'category', data: T.rows, inverse: true, splitArea: {show: true}},
            dataZoom: [{type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter'}],
            visualMap: {dimension: 3, min: 0, max: 1, calculable: true, orient: 'vertical', right: 0,
              top: 'middle', itemHeight: 120, precision: 2, text: ['valid', ''],
              inRange: {color: ['#c23b22', '#f2c14e', '#2f9e6e']}},
            series: [{type: 'custom', encode: {x: [0, 1], y: 2}, data: T.data,
              renderItem: (params, api) => {
                const start = api.coord([api.value(0), api.value(2)]);
                const end = api.coord([api.value(1), api.value(2)]);
                const h = api.size([0, 1])[1] * 0.7;
                const rect = echarts.graphic.clipRectByRect({x: start[0], y: start[1] - h / 2,
                  width: Math.max(1, end[0] - start[0]), height: h}, {x: params.coordSys.x, y: params.coordSys.y,
                  width: params.coordSys.width, height: params.coordSys.height});
                return rect && {type: 'rect', shape: rect, style: {fill: api.visual('color')}};
              }}]
          });
        }
        document.body.setAttribute('data-rendered', 'true');
      })();
      </script>
      </body>
      </html>
      """;
}
