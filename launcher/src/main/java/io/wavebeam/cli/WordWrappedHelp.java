package io.wavebeam.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps only at spaces. picocli wraps with the JDK's line {@link java.text.BreakIterator}, which
 * also breaks after a full stop or a colon inside a word ({@code ws_df_group.} / {@code json}, {@code s3:} /
 * {@code //bucket}), so file names and URIs in the help came out split. This keeps picocli's layout (columns,
 * indents, ANSI styles) and only chooses the line ends: the description, the command list and the option list
 * are filled greedily word by word. Descriptions are therefore written as one logical line per paragraph.
 *
 * <p>The width is the terminal's when picocli can tell (at least {@value #WIDTH} columns), else {@value #WIDTH}.
 */
final class WordWrappedHelp {
  static final int WIDTH = 80;

  private WordWrappedHelp() {}

  /** Applies the wrapping and width to {@code root} and every command below it. */
  static CommandLine configure(CommandLine root) {
    root.setUsageHelpWidth(WIDTH);
    root.setUsageHelpAutoWidth(true);
    root.setHelpFactory(Wrapping::new);
    configureSections(root);
    return root;
  }

  private static void configureSections(CommandLine cli) {
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> paragraphs(help, help.commandSpec().usageMessage().description()));
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER,
        help -> paragraphs(help, help.commandSpec().usageMessage().header()));
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
        help -> paragraphs(help, help.commandSpec().usageMessage().footer()));
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
        WordWrappedHelp::commandList);
    for (CommandLine sub : cli.getSubcommands().values()) {
      configureSections(sub);
    }
  }

  private static int width(Help help) {
    return help.commandSpec().usageMessage().width();
  }

  /** Each element of {@code lines} is one paragraph, wrapped to the width. */
  private static String paragraphs(Help help, String[] lines) {
    if (lines == null || lines.length == 0) {
      return "";
    }
    ColorScheme cs = help.colorScheme();
    WrappingTable table = new WrappingTable(cs, new Column(width(help), 0, Column.Overflow.WRAP));
    for (String line : lines) {
      for (String paragraph : formatted(line).split("\\R", -1)) {
        table.addRowValues(cs.text(paragraph));
      }
    }
    return table.toString();
  }

  /** As picocli formats description lines ({@code %n}, {@code %%}); a line that is no format stays as it is. */
  private static String formatted(String line) {
    try {
      return String.format(Locale.ROOT, line);
    } catch (IllegalFormatException e) {
      return line;
    }
  }

  /** The subcommands, each with the first paragraph of its header or description. */
  private static String commandList(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0);
    ColorScheme cs = help.colorScheme();
    int first = nameWidth + 5;
    WrappingTable table = new WrappingTable(cs, new Column(first, 2, Column.Overflow.SPAN),
        new Column(width(help) - first, 1, Column.Overflow.WRAP));
    table.indentWrappedLines = 2;
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      CommandSpec spec = e.getValue().commandSpec();
      if (spec.usageMessage().hidden()) {
        continue;
      }
      String[] header = spec.usageMessage().header();
      String[] description = spec.usageMessage().description();
      String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
      table.addRowValues(cs.commandText(e.getKey()), cs.text(formatted(summary).strip()));
    }
    return table.toString();
  }

  /** picocli's help with an option list laid out by {@link WrappingTable}. */
  static final class Wrapping extends Help {
    Wrapping(CommandSpec spec, ColorScheme colorScheme) {
      super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
        ColorScheme colorScheme) {
      Layout layout = super.createDefaultLayout(options, positionals, colorScheme);
      TextTable picocliTable = layout.textTable();
      WrappingTable table = new WrappingTable(colorScheme, picocliTable.columns());
      table.indentWrappedLines = picocliTable.indentWrappedLines;
      return new Layout(colorScheme, table, layout.optionRenderer(), layout.parameterRenderer());
    }

    /** As picocli's, with the synopsis wrapped at spaces (not inside {@code [--subnets=ID[,ID...]]}). */
    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text details) {
      String commandName = commandSpec().qualifiedName();
      ColorScheme cs = colorScheme();
      WrappingTable table = new WrappingTable(cs, new Column(width(this), 0, Column.Overflow.WRAP));
      table.indentWrappedLines = commandName.length() + synopsisHeadingLength + 1;
      // The heading ("Usage: ") is printed before this text: pad for it, then cut the padding off.
      Text padding = Ansi.OFF.new Text("X".repeat(synopsisHeadingLength), cs);
      table.addRowValues(padding.concat(cs.commandText(commandName)).concat(details));
      return table.toString().substring(synopsisHeadingLength);
    }
  }

  /** A picocli text table whose wrapping columns break lines at spaces only. */
  static final class WrappingTable extends TextTable {
    private final ColorScheme colorScheme;

    WrappingTable(ColorScheme colorScheme, Column... columns) {
      super(colorScheme, columns);
      this.colorScheme = colorScheme;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      if (column.overflow != Column.Overflow.WRAP || value == null) {
        return super.putValue(row, col, value);
      }
      // One column less than picocli fills: some terminals wrap when the last column is written, and a line
      // of full width is then always one picocli cut inside a word (the help tests look for those).
      List<int[]> lines = wrap(value.plainString(), column.width - column.indent - 1,
          column.width - column.indent - indentWrappedLines - 1);
      Cell cell = null;
      for (int i = 0; i < lines.size(); i++) {
        Text piece = value.substring(lines.get(i)[0], lines.get(i)[1]);
        if (i > 0) {
          addEmptyRow();
          row++;
          if (indentWrappedLines > 0) {
            piece = colorScheme.ansi().new Text(" ".repeat(indentWrappedLines), colorScheme).concat(piece);
          }
        }
        cell = super.putValue(row, col, piece);
      }
      return cell == null ? super.putValue(row, col, value) : cell;
    }

    /**
     * Greedy fill: {@code [start, end)} of each line, breaking only at spaces (the spaces at a break are
     * dropped). A single word longer than a line stays whole on its own line; picocli then cuts it, which the
     * help tests catch.
     */
    static List<int[]> wrap(String text, int firstWidth, int width) {
      List<int[]> lines = new ArrayList<>();
      int n = text.length();
      int start = 0;
      while (start < n) {
        int limit = lines.isEmpty() ? firstWidth : width;
        int end = wordEnd(text, start);
        while (end < n) {
          int next = wordEnd(text, end);
          if (next - start > limit) {
            break;
          }
          end = next;
        }
        lines.add(new int[] {start, end});
        start = skipSpaces(text, end);
      }
      return lines;
    }

    private static int wordEnd(String text, int i) {
      i = skipSpaces(text, i);
      while (i < text.length() && text.charAt(i) != ' ') {
        i++;
      }
      return i;
    }

    private static int skipSpaces(String text, int i) {
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      return i;
    }
  }
}
