package io.wavebeam.wfdb;

import io.wavebeam.wfdb.flac.FlacDecoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * FLAC-coded signal files (formats 508, 516, 524): the file's signals are the FLAC channels, in header order,
 * and a signal with k samples per frame has k consecutive FLAC samples per WFDB frame, so every signal of one
 * file must have the same samples per frame.
 */
final class FlacSupport {
  private FlacSupport() {}

  static FrameSource open(WfdbFile wfdbFile, List<SignalSpec> specs, long byteOffset) throws IOException {
    String file = wfdbFile.location();
    int spf = specs.get(0).samplesPerFrame();
    for (SignalSpec s : specs) {
      if (s.samplesPerFrame() != spf) {
        throw WfdbException.of(file, "the signals of a FLAC file must have the same samples per frame; the header "
            + "gives " + spf + " and " + s.samplesPerFrame());
      }
    }
    SeekableByteChannel channel = BinaryFrameSource.openSignalFile(wfdbFile);
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    try {
      if (channel.size() < byteOffset) {
        throw WfdbException.of(file, "file is shorter than its byte offset " + byteOffset);
      }
      channel.position(byteOffset);
      FlacDecoder decoder = new FlacDecoder(in, file);
      FlacDecoder.StreamInfo info = decoder.streamInfo();
      if (info.channels() != specs.size()) {
        throw WfdbException.of(file, "FLAC stream has " + info.channels() + " channels but the header stores "
            + specs.size() + " signals in this file");
      }
      int bits = SampleFormat.bits(specs.get(0).format());
      if (info.bitsPerSample() > bits) {
        throw WfdbException.of(file, "FLAC stream has " + info.bitsPerSample() + "-bit samples, more than format "
            + specs.get(0).format() + " holds");
      }
      return new FlacFrameSource(decoder, specs.size(), spf);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Re-interleaves decoded channels into WFDB frames. */
  private static final class FlacFrameSource implements FrameSource {
    private final FlacDecoder decoder;
    private final int channels;
    private final int spf;
    private int[][] samples = new int[0][];
    private boolean ended;

    FlacFrameSource(FlacDecoder decoder, int channels, int spf) {
      this.decoder = decoder;
      this.channels = channels;
      this.spf = spf;
    }

    @Override
    public int valuesPerFrame() {
      return channels * spf;
    }

    @Override
    public int frameAlignment() {
      return 1;
    }

    @Override
    public long bytePosition() {
      return -1; // a frame's bytes are not one place: FLAC errors carry their own byte offsets
    }

    @Override
    public long availableFrames() {
      long total = decoder.streamInfo().totalSamples();
      return total > 0 ? total / spf : -1;
    }

    @Override
    public int read(int[] dst, int off, int frames) throws IOException {
      int want = frames * spf;
      if (samples.length == 0 || samples[0].length < want) {
        samples = new int[channels][want];
      }
      int got = 0;
      while (got < want && !ended) {
        int n = decoder.read(samples, got, want - got);
        if (n < 0) {
          ended = true;
        } else {
          got += n;
        }
      }
      int whole = got / spf;
      int vpf = channels * spf;
      for (int c = 0; c < channels; c++) {
        int[] ch = samples[c];
        for (int f = 0; f < whole; f++) {
          System.arraycopy(ch, f * spf, dst, off + f * vpf + c * spf, spf);
        }
      }
      return whole;
    }

    @Override
    public void close() throws IOException {
      decoder.close();
    }
  }
}
