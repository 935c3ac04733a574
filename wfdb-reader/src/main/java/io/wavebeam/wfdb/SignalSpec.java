package io.wavebeam.wfdb;

/**
 * One signal line of a header, as written (defaults applied where the WFDB specification gives them).
 *
 * @param fileName signal file name, {@code ~} for a signal that is not stored (format 0)
 * @param format storage format (8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524, or 0)
 * @param samplesPerFrame samples of this signal in each frame (the {@code xN} suffix), at least 1
 * @param skew frames by which this signal is late in the file (the {@code :N} suffix)
 * @param byteOffset bytes to skip at the start of the file (the {@code +N} suffix)
 * @param adcGain ADC units per physical unit; 200 when the header gives none or 0
 * @param baseline the digital value of physical zero; the ADC zero when the header gives none
 * @param units physical units; {@code mV} when none are given
 * @param adcResolution ADC resolution in bits as written, 0 when not given
 * @param adcZero digital value of the ADC's mid-range
 * @param initValue value of the first sample (the starting point of format 8 differences)
 * @param checksum 16-bit checksum of all samples of the signal, {@code null} when not given
 * @param blockSize block size in bytes, 0 when not given
 * @param description signal name (the rest of the line), may be empty
 */
public record SignalSpec(
    String fileName,
    int format,
    int samplesPerFrame,
    int skew,
    long byteOffset,
    double adcGain,
    int baseline,
    String units,
    int adcResolution,
    int adcZero,
    int initValue,
    Integer checksum,
    int blockSize,
    String description) {

  public static final double DEFAULT_GAIN = 200.0;
  public static final String DEFAULT_UNITS = "mV";
  /** The file name of a signal that is not stored in any file. */
  public static final String NO_FILE = "~";

  /** The same signal stored in another file. */
  public SignalSpec withFile(String file) {
    return new SignalSpec(file, format, samplesPerFrame, skew, byteOffset, adcGain, baseline, units, adcResolution,
        adcZero, initValue, checksum, blockSize, description);
  }

  /** Whether the samples of this signal are stored in a file (format 0 and {@code ~} are not). */
  public boolean isStored() {
    return format != 0 && !NO_FILE.equals(fileName);
  }

  /** ADC resolution in bits: as written, else the format's natural width. */
  public int effectiveResolution() {
    return adcResolution > 0 ? adcResolution : SampleFormat.defaultResolution(format);
  }
}
