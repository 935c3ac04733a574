package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corners of header(5): optional fields and their defaults, suffixes, line ends, comments, bad input. */
class HeaderParserTest {
  private static final Path HEA = Path.of("rec", "x.hea");

  private static RecordHeader parse(String text) throws WfdbException {
    return HeaderParser.parse(HEA, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static WfdbException failure(String text) {
    return assertThrows(WfdbException.class, () -> parse(text));
  }

  @Test
  void recordLineWithEveryField() throws WfdbException {
    RecordHeader h = parse("# leading comment\r\n\r\nx 1 0.0166666666667/125(7) 1936    31:25.894 10/10/2896\r\n"
        + "x.dat 16 10/bpm 16 0 0 15872 0 HR\r\n# <age>: 60\r\n");
    assertEquals("x", h.name());
    assertEquals(0.0166666666667, h.samplingFrequency());
    assertEquals(125.0, h.counterFrequency());
    assertEquals(7.0, h.baseCounter());
    assertEquals(1936L, h.length());
    assertEquals(LocalTime.of(0, 31, 25, 894_000_000), h.baseTime());
    assertEquals(LocalDate.of(2896, 10, 10), h.baseDate());
    assertEquals(List.of("leading comment", "<age>: 60"), h.comments());
  }

  @Test
  void recordLineDefaults() throws WfdbException {
    RecordHeader h = parse("x 0\n");
    assertEquals(250.0, h.samplingFrequency());
    assertNull(h.length());
    assertNull(h.counterFrequency());
    assertNull(h.baseTime());
    assertEquals(LocalTime.of(1, 56, 25, 894_000_000), parse("x 0 125 10 1:56:25.894\n").baseTime());
    assertEquals(LocalTime.of(0, 0, 7), parse("x 0 125 10 7\n").baseTime());
  }

  @Test
  void signalLineWithEverySuffixAndField() throws WfdbException {
    SignalSpec s = parse("x 1 360 10\nx.dat 212x4:3+24 200(1024)/mmHg 11 512 995 -22131 0 ABP  art line\n")
        .signals().get(0);
    assertEquals("x.dat", s.fileName());
    assertEquals(212, s.format());
    assertEquals(4, s.samplesPerFrame());
    assertEquals(3, s.skew());
    assertEquals(24, s.byteOffset());
    assertEquals(200.0, s.adcGain());
    assertEquals(1024, s.baseline());
    assertEquals("mmHg", s.units());
    assertEquals(11, s.adcResolution());
    assertEquals(512, s.adcZero());
    assertEquals(995, s.initValue());
    assertEquals(-22131, s.checksum());
    assertEquals("ABP  art line", s.description(), "the description keeps its inner spaces");
  }

  @Test
  void signalLineDefaults() throws WfdbException {
    SignalSpec bare = parse("x 1\nx.dat 16\n").signals().get(0);
    assertEquals(200.0, bare.adcGain());
    assertEquals("mV", bare.units());
    assertEquals(0, bare.baseline());
    assertNull(bare.checksum());
    assertEquals("", bare.description());
    SignalSpec zero = parse("x 1\nx.dat 16 0 12 -5\n").signals().get(0);
    assertEquals(200.0, zero.adcGain(), "gain 0 means uncalibrated: the default applies");
    assertEquals(-5, zero.baseline(), "no baseline given: the ADC zero");
    assertEquals(-5, zero.initValue(), "no initial value given: the ADC zero");
    SignalSpec sci = parse("x 1\nx.mat 16+24 1.052e+04/mV 16 0 9127 -301 0 V\n").signals().get(0);
    assertEquals(10520.0, sci.adcGain());
    assertEquals("mV", parse("x 1\nx.dat 16 100/ 16\n").signals().get(0).units(), "empty units: mV");
  }

  @Test
  void nonAsciiBytesAreDroppedFromFieldsButKeptInComments() throws WfdbException {
    byte[] bytes = ("x 1\nx.dat 16 10/\u00b0C 16 0 0 0 0 Temp\n#caf\u00e9\n").getBytes(StandardCharsets.UTF_8);
    RecordHeader h = HeaderParser.parse(HEA, bytes);
    assertEquals("C", h.signals().get(0).units());
    assertEquals("caf\u00e9", h.comments().get(0));
  }

  @Test
  void multiSegmentHeader() throws WfdbException {
    RecordHeader h = parse("m/3 4 125 7500 01:56:25.894 09/10/2896\nm_layout 0\n~ 2500\nm_0001 5000\n");
    assertTrue(h.isMultiSegment());
    assertEquals(3, h.segmentCount());
    assertEquals(List.of(new SegmentSpec("m_layout", 0), new SegmentSpec("~", 2500), new SegmentSpec("m_0001", 5000)),
        h.segments());
    assertTrue(h.segments().get(1).isGap());
  }

  @Test
  void errorsNameTheFileAndTheLine() {
    WfdbException e = failure("x 2 360 10\nx.dat 16 200/mV\nx.dat 16 2oo/mV\n");
    assertEquals(3, e.position());
    assertEquals(WfdbException.Location.LINE, e.location());
    assertTrue(e.getMessage().startsWith(HEA + ": line 3: bad ADC gain '2oo'"), e.getMessage());

    assertTrue(failure("x 1\nx.dat 999\n").getMessage().contains("unknown signal format 999"));
    assertTrue(failure("x 3\nx.dat 16\n").getMessage().contains("declares 3 signals but has 1 signal lines"));
    assertTrue(failure("x two\n").getMessage().contains("bad number of signals 'two'"));
    assertTrue(failure("x 1 -5\n").getMessage().contains("sampling frequency must be positive"));
    assertTrue(failure("x 1 250 10 25:99:00\n").getMessage().contains("bad base time"));
    assertTrue(failure("x 1 250 10 0:0:0 31/02/2000\n").getMessage().contains("bad base date"));
    assertTrue(failure("").getMessage().contains("empty header"));
    assertTrue(failure("# only a comment\n").getMessage().contains("empty header"));
    assertTrue(failure("x 1\nx.dat 16x0\n").getMessage().contains("samples per frame must be at least 1"));
    assertTrue(failure("x 1\nx.dat 16:q\n").getMessage().contains("bad skew 'q'"));
    assertTrue(failure("x 1\nx.dat 16+-4\n").getMessage().contains("negative byte offset"));
    assertTrue(failure("x 1\nx.dat 16\nextra line\n").getMessage().contains("unexpected line"));
    assertTrue(failure("m/2 1\nm_1 10\n").getMessage().contains("declares 2 segments but lists 1"));
    assertTrue(failure("m/1 1\nm_1 ten\n").getMessage().contains("bad segment length 'ten'"));
    WfdbException nul = assertThrows(WfdbException.class,
        () -> HeaderParser.parse(HEA, new byte[] {'x', ' ', '1', 0, 0}));
    assertEquals(WfdbException.Location.BYTE, nul.location());
    assertEquals(3, nul.position());
  }
}
