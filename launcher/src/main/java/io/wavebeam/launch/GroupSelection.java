package io.wavebeam.launch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which groups {@code --groups} names: {@code auto} (discovered by listing the input prefix), a range
 * {@code 30-39}, a list {@code 30,32}, or a mix {@code 30-33,35}.
 *
 * @param auto whether the groups are discovered
 * @param names the named groups in order (empty when auto)
 */
public record GroupSelection(boolean auto, List<String> names) {
  public GroupSelection {
    names = List.copyOf(names);
  }

  public static GroupSelection parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--groups is empty (use e.g. 30-39, 30,32 or auto)");
    }
    if (spec.strip().equalsIgnoreCase("auto")) {
      return new GroupSelection(true, List.of());
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int dash = p.indexOf('-', 1);
      if (dash > 0 && p.substring(0, dash).chars().allMatch(Character::isDigit)
          && p.substring(dash + 1).chars().allMatch(Character::isDigit) && dash < p.length() - 1) {
        String from = p.substring(0, dash);
        String to = p.substring(dash + 1);
        int a = Integer.parseInt(from);
        int b = Integer.parseInt(to);
        if (b < a) {
          throw new IllegalArgumentException("--groups range " + p + " runs backwards");
        }
        // Keep the width of zero-padded names: 08-11 gives 08, 09, 10, 11.
        int width = from.length() == to.length() ? from.length() : 0;
        for (int g = a; g <= b; g++) {
          names.add(width > 0 ? String.format("%0" + width + "d", g) : Integer.toString(g));
        }
      } else {
        GroupPrefix.checkName(p);
        names.add(p);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--groups names no group: " + spec);
    }
    return new GroupSelection(false, new ArrayList<>(names));
  }

  /** The groups to launch: the named ones, or what {@code discover} finds. */
  public List<String> resolve(Supplier<List<String>> discover) {
    if (!auto) {
      return names;
    }
    List<String> found = discover.get();
    if (found.isEmpty()) {
      throw new IllegalStateException("--groups auto found no group folders");
    }
    return found;
  }

  @Override
  public String toString() {
    return auto ? "auto" : String.join(",", names);
  }
}
