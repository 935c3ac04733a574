package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar registers only the Beam options and file systems listed in the launcher's own service files
 * (Beam's are filtered out for start-up time): every entry must load, and the runs' options and schemes must be
 * there.
 */
class ServiceListsTest {
  private static final Path SERVICES = Path.of("src/main/resources/META-INF/services");

  @Test
  void theOptionsRegistrarsLoadAndCoverBothRunnersAndAws() throws Exception {
    List<Class<? extends PipelineOptions>> registered = new java.util.ArrayList<>();
    for (String name : entries(PipelineOptionsRegistrar.class)) {
      PipelineOptionsRegistrar r = Class.forName(name).asSubclass(PipelineOptionsRegistrar.class)
          .getDeclaredConstructor().newInstance();
      r.getPipelineOptions().forEach(registered::add);
    }
    for (Class<?> needed : List.of(PipelineOptions.class, DirectOptions.class, SparkPipelineOptions.class,
        AwsOptions.class)) {
      assertTrue(registered.contains(needed), needed + " is not registered: " + registered);
    }
  }

  @Test
  void theFileSystemRegistrarsLoadAndGiveLocalFilesAndS3() throws Exception {
    List<String> names = entries(FileSystemRegistrar.class);
    assertEquals(3, names.size(), names.toString());
    for (String name : names) {
      assertTrue(FileSystemRegistrar.class.isAssignableFrom(Class.forName(name)), name);
    }
    assertTrue(names.contains("org.apache.beam.sdk.io.LocalFileSystemRegistrar"));
    assertTrue(names.contains("org.apache.beam.sdk.io.aws2.s3.S3FileSystemRegistrar"));
  }

  private static List<String> entries(Class<?> service) throws IOException {
    return Files.readAllLines(SERVICES.resolve(service.getName())).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
  }
}
