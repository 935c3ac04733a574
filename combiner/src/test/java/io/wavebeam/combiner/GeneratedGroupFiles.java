package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Pass 1.5 input of any size made from real pass-1 rows, for the tests and the benchmark (combiner's test-jar):
 * ROWS rows in GROUPS group files {@code ROOT/<30 + g>/ws_df_group.json}, the template rows again and again, each
 * copy under new record and segment names (so no two rows share a key) and with its decimal features scaled by a
 * random factor near 1 (so values vary as in real data and the Parquet dictionary does not make it trivial); the
 * header's figures ({@code fs}, {@code adc_gain}, {@code duration_s}) are kept.
 */
public final class GeneratedGroupFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEPT = Set.of("fs", "adc_gain", "duration_s");

  private GeneratedGroupFiles() {}

  /** Writes the files under {@code root} (random factors from {@code seed}); returns {@code root}. */
  public static Path write(List<JsonNode> templates, Path root, long rows, int groups, long seed)
      throws IOException {
    Random r = new Random(seed);
    long perGroup = (rows + groups - 1) / groups;
    long written = 0;
    for (int g = 0; g < groups && written < rows; g++) {
      String group = Integer.toString(30 + g);
      Path dir = Files.createDirectories(root.resolve(group));
      try (BufferedWriter w = new BufferedWriter(Files.newBufferedWriter(dir.resolve("ws_df_group.json"),
          StandardCharsets.UTF_8), 1 << 20)) {
        for (long i = 0; i < perGroup && written < rows; i++, written++) {
          JsonNode template = templates.get((int) (i % templates.size()));
          ObjectNode row = template.deepCopy();
          String suffix = String.format("x%07d", i / templates.size());
          row.put("group", group);
          row.put("record", template.get("record").asText() + suffix);
          row.put("segment", template.get("segment").asText() + suffix);
          double factor = 1 + r.nextGaussian() * 0.05;
          for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isFloatingPointNumber() && !KEPT.contains(f.getKey())) {
              row.put(f.getKey(), f.getValue().asDouble() * factor);
            }
          }
          w.write(JSON.writeValueAsString(row));
          w.write('\n');
        }
      }
    }
    return root;
  }
}
