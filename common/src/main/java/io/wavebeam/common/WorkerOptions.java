package io.wavebeam.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How many workers a pass runs with: the same option for pass 1 and pass 1.5 (see {@link RunnerSetup#options}). */
public interface WorkerOptions extends PipelineOptions {
  @Description("Workers (DirectRunner threads or Spark local[N]); 0 means the number of processors")
  @Default.Integer(0)
  int getParallelism();

  void setParallelism(int value);
}
