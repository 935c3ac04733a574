package io.wavebeam.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of a JSON-lines output file (ws_df_group.json, errors.jsonl), as the tests of every module read them. */
public final class JsonLinesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesFile() {}

  /** One JSON value per non-blank line of {@code file}. */
  public static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }
}
