package io.wavebeam.launch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** vCPUs of a SageMaker instance type from its size suffix: what {@code local[N]} should be on it. */
public final class InstanceTypes {
  private static final Pattern TYPE = Pattern.compile("ml\\.([a-z0-9-]+)\\.([0-9]*)(x?large|medium|small|metal)");

  private InstanceTypes() {}

  /**
   * vCPUs of e.g. {@code ml.m5.4xlarge} (16). The general-purpose, compute and memory families (m5, c5, r5,
   * m6i, ...) all follow large = 2, xlarge = 4, Nxlarge = 4N; returns 0 for a name this rule does not cover
   * (the container then uses the processors it sees).
   */
  public static int vcpus(String instanceType) {
    if (instanceType == null) {
      return 0;
    }
    Matcher m = TYPE.matcher(instanceType.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return 0;
    }
    String n = m.group(2);
    return switch (m.group(3)) {
      case "medium", "small" -> 2;
      case "large" -> n.isEmpty() ? 2 : 0;
      case "xlarge" -> 4 * (n.isEmpty() ? 1 : Integer.parseInt(n));
      default -> 0;
    };
  }

  public static boolean looksValid(String instanceType) {
    return instanceType != null && TYPE.matcher(instanceType.toLowerCase(Locale.ROOT)).matches();
  }
}
