package io.wavebeam.pipeline.windows;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Pass 1's windowed output: {@code --window=5m [--windowAlign=clock]} adds {@code ws_df_windows.json}; without
 * {@code --window} pass 1 writes exactly what it writes without windows.
 */
public interface WindowOptions extends PipelineOptions {
  @Description("Also write ws_df_windows.json: features per record, signal and window of this length"
      + " (30s, 1m, 5m, 1h)")
  String getWindow();

  void setWindow(String value);

  @Description("Where windows start: start (from each record's first frame, the default) or clock (on multiples"
      + " of the window since midnight of the record's base time)")
  String getWindowAlign();

  void setWindowAlign(String value);

  /** The window the options ask for, or null without {@code --window}. */
  static WindowSpec spec(PipelineOptions options) {
    WindowOptions w = options.as(WindowOptions.class);
    if (w.getWindow() == null || w.getWindow().isBlank()) {
      if (w.getWindowAlign() != null && !w.getWindowAlign().isBlank()) {
        throw new IllegalArgumentException("--window-align needs --window");
      }
      return null;
    }
    return WindowSpec.parse(w.getWindow(), w.getWindowAlign());
  }
}
