package io.wavebeam.combiner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The alias table that merges spellings of one signal into one normalised name. Names are compared by their
 * {@link #key}: case folded, spaces and underscores removed, so only real synonyms need a table entry. The
 * built-in table is the resource {@value #RESOURCE}; {@code --signal-aliases FILE} replaces it. Format and the
 * choice of merges: docs/features.md.
 */
public final class SignalAliases implements Serializable {
  public static final String RESOURCE = "signal-aliases.txt";
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern FOLDED = Pattern.compile("[\\s_]+");
  private static final Pattern LETTER = Pattern.compile("\\p{L}");

  /** key of every known spelling → canonical name. */
  private final Map<String, String> canonicalByKey;
  private final String source;

  private SignalAliases(Map<String, String> canonicalByKey, String source) {
    this.canonicalByKey = Collections.unmodifiableMap(canonicalByKey);
    this.source = source;
  }

  /** What normalisation made of one raw name. */
  public record Normalized(String name, boolean known, boolean junk) implements Serializable {}

  /** The table shipped with wavebeam. */
  public static SignalAliases builtIn() {
    try (InputStream in = SignalAliases.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), "built-in " + RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + RESOURCE, e);
    }
  }

  /** A table file in the same format as the built-in one; a bad line throws naming the file and line. */
  public static SignalAliases load(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    }
  }

  static SignalAliases parse(BufferedReader reader, String source) throws IOException {
    Map<String, String> byKey = new LinkedHashMap<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new MalformedInputException(source, number, "expected 'CANONICAL = alias, alias, ...'");
      }
      String canonical = clean(text.substring(0, eq));
      if (canonical.isEmpty()) {
        throw new MalformedInputException(source, number, "empty canonical name");
      }
      put(byKey, canonical, canonical, source, number);
      for (String alias : text.substring(eq + 1).split(",")) {
        if (!alias.isBlank()) {
          put(byKey, clean(alias), canonical, source, number);
        }
      }
    }
    return new SignalAliases(byKey, source);
  }

  private static void put(Map<String, String> byKey, String name, String canonical, String source, int line) {
    String previous = byKey.putIfAbsent(key(name), canonical);
    if (previous != null && !previous.equals(canonical)) {
      throw new MalformedInputException(source, line,
          "'" + name + "' already stands for '" + previous + "', cannot also mean '" + canonical + "'");
    }
  }

  /** Trimmed, inner runs of white space made one space. */
  static String clean(String raw) {
    return SPACES.matcher(raw.strip()).replaceAll(" ");
  }

  /** What two spellings must share to be the same name: case folded, spaces and underscores removed. */
  static String key(String name) {
    return FOLDED.matcher(name).replaceAll("").toUpperCase(Locale.ROOT);
  }

  /**
   * The normalised name of {@code raw}. A listed spelling gives its canonical name; an unlisted one its cleaned
   * spelling upper-cased (so case variants of unknown names still merge). A name without any letter ({@code ???},
   * {@code [0]}, empty) is junk: kept under its cleaned spelling and flagged.
   */
  public Normalized normalize(String raw) {
    String cleaned = clean(raw == null ? "" : raw);
    if (!LETTER.matcher(cleaned).find()) {
      return new Normalized(cleaned, false, true);
    }
    String canonical = canonicalByKey.get(key(cleaned));
    return canonical != null ? new Normalized(canonical, true, false)
        : new Normalized(cleaned.toUpperCase(Locale.ROOT), false, false);
  }

  public int size() {
    return canonicalByKey.size();
  }

  public String source() {
    return source;
  }
}
