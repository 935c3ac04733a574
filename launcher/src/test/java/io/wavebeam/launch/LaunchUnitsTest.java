package io.wavebeam.launch;

import io.wavebeam.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, group lists, sizes and waits. */
class LaunchUnitsTest {
  @Test
  void jobNamesAreValidDeterministicAndShort() {
    assertEquals("wb-20250101-120000-p1-30", JobNames.pass1("20250101-120000", "30"));
    assertEquals(JobNames.pass1("run-a", "30"), JobNames.pass1("run-a", "30"));
    assertEquals("wb-run-a-p1p5", JobNames.pass1p5("run-a"));
    assertEquals("wb-r-p1-a-b", JobNames.pass1("r", "a_b"));
    String longRun = "x".repeat(40);
    String a = JobNames.pass1(longRun, "group-number-one-with-a-long-name");
    String b = JobNames.pass1(longRun, "group-number-one-with-a-long-name-2");
    for (String n : List.of(a, b)) {
      assertTrue(n.length() <= 63, n);
      assertTrue(JobNames.VALID.matcher(n).matches(), n);
    }
    assertNotEquals(a, b, "names cut to 63 characters still differ");
    assertEquals(a, JobNames.pass1(longRun, "group-number-one-with-a-long-name"));
    assertThrows(IllegalArgumentException.class, () -> JobNames.checkRunId("has space"));
    assertThrows(IllegalArgumentException.class, () -> JobNames.checkRunId("-lead"));
  }

  @Test
  void groupSelections() {
    assertEquals(List.of("30", "31", "32", "33", "34", "35", "36", "37", "38", "39"),
        GroupSelection.parse("30-39").names());
    assertEquals(List.of("30", "32"), GroupSelection.parse("30,32").names());
    assertEquals(List.of("30", "31", "35"), GroupSelection.parse("30-31,35,30").names());
    assertEquals(List.of("08", "09", "10"), GroupSelection.parse("08-10").names());
    assertTrue(GroupSelection.parse("auto").auto());
    assertEquals(List.of("a"), GroupSelection.parse("auto").resolve(() -> List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> GroupSelection.parse("39-30"));
    assertThrows(IllegalArgumentException.class, () -> GroupSelection.parse("a/b"));
  }

  @Test
  void volumesFollowTheInput() {
    // A real MIMIC-III group: ~670 GB copied in File mode.
    long group = 670L * 1000 * 1000 * 1000;
    int gb = VolumeSizing.gigabytes(InputMode.FILE, group);
    assertEquals(20 + (long) Math.ceil(group * 1.1 / (1L << 30)), gb);
    assertTrue(gb > 680 && gb < 720, Integer.toString(gb));
    assertEquals(VolumeSizing.MIN_GB, VolumeSizing.gigabytes(InputMode.FILE, 1000));
    assertEquals(VolumeSizing.MIN_GB, VolumeSizing.gigabytes(InputMode.FAST_FILE, group));
    assertEquals(VolumeSizing.MIN_GB, VolumeSizing.gigabytes(InputMode.DIRECT, group), "Direct copies nothing");
    assertEquals(InputMode.DIRECT, InputMode.parse("direct"));
    assertTrue(InputMode.FAST_FILE.sageMakerCopies() && !InputMode.DIRECT.sageMakerCopies());
    assertThrows(IllegalArgumentException.class, () -> VolumeSizing.gigabytes(InputMode.FILE, 20L << 40));
  }

  @Test
  void instanceTypeVcpus() {
    assertEquals(16, InstanceTypes.vcpus("ml.m5.4xlarge"));
    assertEquals(2, InstanceTypes.vcpus("ml.m5.large"));
    assertEquals(4, InstanceTypes.vcpus("ml.m5.xlarge"));
    assertEquals(96, InstanceTypes.vcpus("ml.m5.24xlarge"));
    assertEquals(0, InstanceTypes.vcpus("m5.large"));
  }

  @Test
  void durationsAndBackoff() {
    assertEquals(Duration.ofHours(24), LaunchSettings.parseDuration("24h"));
    assertEquals(Duration.ofMillis(5), LaunchSettings.parseDuration("5ms"));
    assertEquals(Duration.ofMinutes(90), LaunchSettings.parseDuration("PT90M"));
    assertThrows(IllegalArgumentException.class, () -> LaunchSettings.parseDuration("soon"));
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 5);
    for (int attempt = 0; attempt < 10; attempt++) {
      long d = b.delay(attempt).toMillis();
      assertTrue(d >= 0 && d <= Math.min(1000, 100L << attempt), attempt + ": " + d);
    }
  }

  @Test
  void s3Locations() {
    S3Location l = S3Location.parse("s3://bucket/data_inputs");
    assertEquals("data_inputs/", l.prefix());
    assertEquals("s3://bucket/data_inputs/30/", l.child("30").uri());
    assertEquals("s3://bucket/", S3Location.parse("s3://bucket").uri());
  }

  @Test
  void helpDescribesTheInputModesAndExitStatus() {
    for (String pass : List.of("pass1", "pass1p5")) {
      CliRun r = CliRun.run("launch", pass, "--help");
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().contains("FastFile: objects are streamed"), r.out());
      assertTrue(r.out().contains("Exit status: 0 every job succeeded"), r.out());
      assertTrue(r.out().contains("+ 10% + 20 GB"), r.out());
      assertTrue(!r.err().contains("WARN"), r.err());
    }
    CliRun c = CliRun.run("container", "--help");
    assertTrue(c.out().contains("processingjobconfig.json"), c.out());
  }
}
