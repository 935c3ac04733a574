package io.wavebeam.pipeline.features;

import io.wavebeam.wfdb.SampleFormat;
import io.wavebeam.wfdb.SignalSpec;
import java.io.Serializable;

/**
 * How one signal of one record segment is stored: format, the affine scale to physical units
 * ({@code physical = (digital - baseline) / gain}), and the ADC range used for saturation.
 *
 * @param format WFDB storage format (0 when the signal is not stored)
 * @param gain ADC units per physical unit; may be negative
 * @param baseline digital value of physical zero
 * @param adcResolution ADC resolution in bits (the header's, else the format's natural width)
 * @param adcZero digital value of the ADC's mid-range
 */
public record SignalScale(int format, double gain, int baseline, int adcResolution, int adcZero)
    implements Serializable {

  public static SignalScale of(SignalSpec spec) {
    int format = spec.isStored() ? spec.format() : 0;
    return new SignalScale(format, spec.adcGain(), spec.baseline(), spec.effectiveResolution(), spec.adcZero());
  }

  public double physical(double digital) {
    return (digital - baseline) / gain;
  }

  /**
   * The digital values counted as saturated: the lowest and highest valid value of the ADC range
   * ({@code adcZero ± 2^(resolution-1)}) and of the format's range; a bound that is the format's reserved
   * invalid value is replaced by the next valid value. Format 8 stores differences, so only its ADC range counts.
   */
  public long[] saturationValues() {
    int invalid = SampleFormat.invalidValue(format);
    long half = 1L << Math.max(0, Math.min(adcResolution, 32) - 1);
    long adcLow = adcZero - half;
    long adcHigh = adcZero + half - 1;
    if (adcLow == invalid) {
      adcLow++;
    }
    int bits = SampleFormat.bits(format);
    if (format == 8 || bits == 0) {
      return new long[] {adcLow, adcHigh};
    }
    long fmtLow = -(1L << (bits - 1));
    long fmtHigh = (1L << (bits - 1)) - 1;
    if (fmtLow == invalid) {
      fmtLow++;
    }
    return new long[] {adcLow, adcHigh, fmtLow, fmtHigh};
  }

  /** Bits of the dense histogram range: the format's width; format 8's running sums get 16 bits. */
  int histogramBits() {
    if (format == 8) {
      return 16;
    }
    return SampleFormat.bits(format);
  }
}
