package io.wavebeam.combiner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.wavebeam.combiner.TableSchema.Column;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict reader of one line of a pass-1 table ({@link TableSchema}: {@code ws_df_group.json} or
 * {@code ws_df_windows.json}), with Jackson's streaming parser into a reused {@link InputRow}: one JSON object
 * holding every field of the table exactly once, each of the JSON type pass 1 writes (whole numbers for integer
 * fields, numbers for decimal fields, strings for names, an array of strings for a list; null only where pass 1
 * writes null), nothing else on the line. A line that breaks a rule throws {@link BadLine} with a plain sentence.
 * Lines as pass 1 writes them take a byte-level fast path ({@link LineBytesParser}) that gives the same values.
 */
final class RowParser {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private final List<Column> columns;
  private final SerializedString[] serialized;
  private final Map<String, Column> byName = new HashMap<>();
  private final long allFields;
  private final LineBytesParser fast;

  /** A line that is not a complete pass-1 row; the message says why, in the project's words. */
  static final class BadLine extends Exception {
    BadLine(String message) {
      super(message, null, false, false);
    }
  }

  RowParser(TableSchema table) {
    columns = table.columns();
    if (columns.size() > 64) {
      throw new IllegalStateException(table + " has more than 64 columns");
    }
    serialized = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
    for (Column c : columns) {
      byName.put(c.name(), c);
    }
    allFields = columns.size() == 64 ? -1L : (1L << columns.size()) - 1;
    fast = new LineBytesParser(table);
  }

  /**
   * Reads the line {@code bytes[offset, offset + length)} (UTF-8) into {@code row}: a line as pass 1 writes it
   * through {@link LineBytesParser}, any other (escapes, another field order, an error) through Jackson.
   */
  void parse(byte[] bytes, int offset, int length, InputRow row) throws BadLine {
    if (!fast.parse(bytes, offset, length, row)) {
      parseWithJackson(bytes, offset, length, row);
    }
  }

  /** The general path: any valid JSON line, and the message for an invalid one. */
  void parseWithJackson(byte[] bytes, int offset, int length, InputRow row) throws BadLine {
    try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLine("not a JSON object");
      }
      long seen = 0;
      int expected = 0;
      JsonToken t;
      while (true) {
        Column c;
        // pass 1 writes the fields in column order: the parser compares the next name with the expected one's
        // bytes directly (no symbol-table lookup); any other order still works, through the name map.
        if (expected < columns.size() && p.nextFieldName(serialized[expected])) {
          c = columns.get(expected);
        } else {
          t = expected < columns.size() ? p.currentToken() : p.nextToken();
          if (t != JsonToken.FIELD_NAME) {
            break;
          }
          c = byName.get(p.currentName());
          if (c == null) {
            throw new BadLine("unexpected field '" + p.currentName() + "'");
          }
        }
        long bit = 1L << c.index();
        if ((seen & bit) != 0) {
          throw new BadLine("field '" + c.name() + "' appears twice");
        }
        seen |= bit;
        expected = c.index() + 1;
        read(p, p.nextToken(), c, row);
      }
      if (t != JsonToken.END_OBJECT) {
        throw new BadLine("not a JSON object");
      }
      if (seen != allFields) {
        List<String> missing = new ArrayList<>();
        for (Column c : columns) {
          if ((seen & (1L << c.index())) == 0) {
            missing.add("'" + c.name() + "'");
          }
        }
        throw new BadLine("missing field" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
      }
      if (p.nextToken() != null) {
        throw new BadLine("more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      int end = problem.indexOf('\n');
      throw new BadLine("not valid JSON at column " + e.getLocation().getColumnNr() + ": "
          + (end < 0 ? problem : problem.substring(0, end)));
    } catch (IOException e) {
      throw new BadLine("cannot be read: " + e.getMessage());
    }
  }

  private static void read(JsonParser p, JsonToken t, Column c, InputRow row) throws IOException, BadLine {
    int i = c.index();
    if (t == JsonToken.VALUE_NULL) {
      if (!c.nullable()) {
        throw wrongType(c, t);
      }
      row.isNull[i] = true;
      return;
    }
    row.isNull[i] = false;
    switch (c.kind()) {
      case LONG -> {
        if (t != JsonToken.VALUE_NUMBER_INT) {
          throw wrongType(c, t);
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            || c.int32() && p.getNumberType() != JsonParser.NumberType.INT) {
          throw new BadLine("field '" + c.name() + "' is out of range: " + p.getText());
        }
        row.longs[i] = p.getLongValue();
      }
      case DOUBLE -> {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
          throw wrongType(c, t);
        }
        row.doubles[i] = p.getDoubleValue();
      }
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw wrongType(c, t);
        }
        row.strings[i] = p.getText();
      }
      case STRING_LIST -> {
        if (t != JsonToken.START_ARRAY) {
          throw wrongType(c, t);
        }
        List<String> list = row.lists.get(i);
        list.clear();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (e == null) {
            throw new BadLine("not valid JSON: the line ends inside field '" + c.name() + "'");
          }
          if (e != JsonToken.VALUE_STRING) {
            throw new BadLine("field '" + c.name() + "' must be an array of strings, not hold " + jsonType(e));
          }
          list.add(p.getText());
        }
      }
    }
  }

  private static BadLine wrongType(Column c, JsonToken t) {
    String expected = switch (c.kind()) {
      case LONG -> "a whole number";
      case DOUBLE -> "a number";
      case STRING -> "a string";
      case STRING_LIST -> "an array of strings";
    };
    return new BadLine("field '" + c.name() + "' must be " + expected + (c.nullable() ? " or null" : "")
        + ", not " + jsonType(t));
  }

  private static String jsonType(JsonToken t) {
    return switch (t) {
      case VALUE_NULL -> "null";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "a whole number";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> t.toString();
    };
  }
}
