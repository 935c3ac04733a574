package io.wavebeam.common;

import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every wavebeam pass runs: the DirectRunner, Spark in-process on {@code local[N]}, or a Spark cluster
 * ({@code spark://host:port}, {@code yarn}) with this program as the driver.
 *
 * <p>The DirectRunner keeps Beam's immutability and encodability checks unless {@link #skipDirectRunnerChecks}
 * is called: tests get them, and only the command line's production runs turn them off (their cost is measured
 * in docs/benchmarks.md).
 */
public final class RunnerSetup {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerSetup.class);
  /** {@code local}, {@code local[4]}, {@code local[*]}, {@code local[4,2]}: Spark inside this JVM. */
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?");
  /** A standalone master, or several (high availability): {@code spark://h1:7077,h2:7077}. */
  private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s/:,]+:\\d+(,[^\\s/:,]+:\\d+)*");
  /** How Beam caches on a cluster: elements encoded by their coders (see {@link #prepareSpark}). */
  public static final String CLUSTER_STORAGE_LEVEL = "MEMORY_AND_DISK_SER";
  private static final String YARN_SUPPORT = "org.apache.spark.scheduler.cluster.YarnClusterManager";

  private RunnerSetup() {}

  /** Workers to use: {@code parallelism} when positive, else the number of processors. */
  public static int workers(int parallelism) {
    return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
  }

  /**
   * New options of {@code type} for a run named {@code appName} on {@code runner} with {@code parallelism} workers
   * (0: the number of processors; {@code local[N]} for Spark): what both passes' {@code options(...)} start from.
   */
  public static <T extends WorkerOptions> T options(Class<T> type, RunnerKind runner, int parallelism,
      String appName) {
    T options = PipelineOptionsFactory.as(type);
    int workers = workers(parallelism);
    options.setParallelism(workers);
    configure(options, runner, workers, appName);
    return options;
  }

  /** Sets the runner of {@code options} to {@code runner} with {@code workers} workers ({@code local[N]}). */
  public static void configure(PipelineOptions options, RunnerKind runner, int workers, String appName) {
    options.setJobName(appName);
    if (runner == RunnerKind.SPARK) {
      options.setRunner(SparkRunner.class);
      SparkPipelineOptions spark = options.as(SparkPipelineOptions.class);
      spark.setSparkMaster("local[" + workers + "]");
      spark.setEnableSparkMetricSinks(false);
      spark.setAppName(appName);
    } else {
      options.setRunner(DirectRunner.class);
      options.as(DirectOptions.class).setTargetParallelism(workers);
    }
  }

  /**
   * Runs on the Spark master {@code url} instead: {@code local[N]}, {@code spark://host:port} or {@code yarn}.
   * Throws {@link IllegalArgumentException} (a usage error) for anything else, and for {@code yarn} when Spark's
   * YARN support is not on the class path (it is when wavebeam runs through the cluster's {@code spark-submit}).
   */
  public static void useSparkMaster(PipelineOptions options, String url) {
    String master = checkSparkMaster(url);
    options.setRunner(SparkRunner.class);
    SparkPipelineOptions spark = options.as(SparkPipelineOptions.class);
    spark.setSparkMaster(master);
    spark.setEnableSparkMetricSinks(false);
    if (spark.getAppName() == null || spark.getAppName().isBlank()) {
      spark.setAppName(options.getJobName());
    }
  }

  /**
   * {@code url} trimmed, when it is a Spark master wavebeam can use; else an {@link IllegalArgumentException}
   * whose message names the value and the reason.
   */
  public static String checkSparkMaster(String url) {
    String master = url.trim();
    if (master.equals("yarn")) {
      try {
        Class.forName(YARN_SUPPORT, false, RunnerSetup.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("--spark-master yarn needs Spark's YARN support, which this wavebeam"
            + " jar does not carry: start wavebeam with the cluster's spark-submit (README, section On a Spark"
            + " cluster)");
      }
    } else if (!LOCAL.matcher(master).matches() && !STANDALONE.matcher(master).matches()) {
      throw new IllegalArgumentException("--spark-master '" + url + "' is not a Spark master wavebeam can use:"
          + " local[N], spark://host:port or yarn");
    }
    return master;
  }

  /** True for {@code local}, {@code local[N]}...: Spark inside this JVM. */
  public static boolean isLocalSparkMaster(String master) {
    return LOCAL.matcher(master.trim()).matches();
  }

  /** True when the options run on a Spark master outside this JVM. */
  public static boolean onSparkCluster(PipelineOptions options) {
    return SparkRunner.class.isAssignableFrom(options.getRunner())
        && !LOCAL.matcher(options.as(SparkPipelineOptions.class).getSparkMaster()).matches();
  }

  /**
   * Turns the DirectRunner's immutability and encodability checks off. They encode every element once more and
   * compare it; only the command line's production runs call this, never a test.
   */
  public static void skipDirectRunnerChecks(PipelineOptions options) {
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
  }

  /**
   * What Spark needs before the pipeline runs; call it once per run, before {@code Pipeline.run}.
   *
   * <p>In-process ({@code local[N]}): no web UI, and the driver on loopback unless SPARK_LOCAL_IP says otherwise.
   *
   * <p>On a cluster: Beam stages the application's class path to the executors ({@code spark.jars}: the running
   * wavebeam jar, or the class path's jars and zipped class folders when run from classes). The executors get
   * the JVM flags Spark needs on Java 17, and {@code SPARK_SCALA_VERSION}: a standalone worker builds each
   * executor's command with Spark's launcher library, which fails with "Cannot find any build directories" when
   * the worker was started without Spark's shell scripts (e.g. {@code java -cp ... Worker}); the worker takes
   * the variable from the application's executor environment, and the value is the Scala version this jar's
   * Spark was built for. A setting the user made ({@code -Dspark...}) wins over every value set here.
   */
  public static void prepareSpark(SparkPipelineOptions options) {
    if (LOCAL.matcher(options.getSparkMaster()).matches()) {
      setDefault("spark.ui.enabled", "false");
      if (System.getenv("SPARK_LOCAL_IP") == null) {
        setDefault("spark.driver.host", "127.0.0.1");
        setDefault("spark.driver.bindAddress", "127.0.0.1");
      }
      return;
    }
    // Beam caches a PCollection read twice (a ParDo's main and side outputs) as Java objects by default; another
    // executor that needs such a block gets it through Spark's Java serializer, which cannot write Beam's
    // WindowedValue (NotSerializableException), so the block is computed again and every Beam counter of the
    // step counts twice. A serialized level makes Beam encode cached elements with their coders instead.
    if (options.getStorageLevel().equals("MEMORY_ONLY")) {
      options.setStorageLevel(CLUSTER_STORAGE_LEVEL);
    }
    setDefault("spark.ui.enabled", "false");
    setDefault("spark.executorEnv.SPARK_SCALA_VERSION", scalaBinaryVersion());
    setDefault("spark.executor.extraJavaOptions", String.join(" ", JvmFlags.all()));
    LOG.info("Spark master {}: the application's class path is staged to the executors", options.getSparkMaster());
  }

  /** {@code 2.12} for Scala 2.12.18: the version Spark's launcher looks for. */
  static String scalaBinaryVersion() {
    String full = scala.util.Properties.versionNumberString();
    int second = full.indexOf('.', full.indexOf('.') + 1);
    return second < 0 ? full : full.substring(0, second);
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
