package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A window's start printed digit by digit is the text of the ISO patterns it replaces, for any date and time. */
class WindowTimelineTest {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  @Test
  void startsAreTheFormattersText() {
    Random r = new Random(15);
    int[] years = {1, 9, 10, 99, 100, 999, 1000, 2154, 9999, 10_000, 123_456, 0, -1, -4712};
    for (int i = 0; i < 20_000; i++) {
      int year = i < years.length * 4 ? years[i / 4] : 1 + r.nextInt(9999);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> r.nextInt(1000) * 1_000_000;
        case 2 -> r.nextInt(1_000_000_000);
        default -> 1 + r.nextInt(999_999); // below a millisecond: printed as .000
      };
      LocalDateTime t = LocalDateTime.of(year, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60),
          r.nextInt(60), nano);
      assertEquals((nano == 0 ? SECONDS : MILLIS).format(t), WindowTimeline.iso(t), t.toString());
    }
  }
}
