package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --spark-master} values wavebeam cannot use, and local paths on a cluster, are usage errors (exit 2). */
class SparkMasterOptionTest {
  @Test
  void aMasterWavebeamCannotUseIsAUsageError() {
    for (String job : new String[] {"pass1", "pass1p5"}) {
      CliRun r = CliRun.run("run", job, "--input", "s3://b/in/", "--output", "s3://b/out/", "--spark-master",
          "mesos://h:5050");
      assertEquals(2, r.exit(), r.toString());
      assertTrue(r.err().contains("'mesos://h:5050' is not a Spark master wavebeam can use"), r.err());
    }
    CliRun yarn = CliRun.run("run", "pass1", "--input", "s3://b/in/", "--output", "s3://b/out/", "--spark-master",
        "yarn");
    assertEquals(2, yarn.exit(), yarn.toString());
    assertTrue(yarn.err().contains("spark-submit"), yarn.err());
  }

  @Test
  void aLocalPathOnAClusterIsAUsageErrorNamingIt() {
    CliRun r = CliRun.run("run", "pass1", "--input", "testdata/30", "--output", "s3://b/out/30/",
        "--spark-master", "spark://127.0.0.1:7077");
    assertEquals(2, r.exit(), r.toString());
    CliRun p15 = CliRun.run("run", "pass1p5", "--input", "s3://b/out/", "--output", "/tmp/summary",
        "--spark-master", "spark://127.0.0.1:7077");
    assertEquals(2, p15.exit(), p15.toString());
    String text = r.err() + p15.err();
    assertTrue(text.contains("'testdata/30' is a path on this one"), text);
    assertTrue(text.contains("'/tmp/summary' is a path on this one"), text);
  }
}
