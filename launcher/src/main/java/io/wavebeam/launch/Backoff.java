package io.wavebeam.launch;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Retries throttled API calls with exponential back-off and full jitter (a random wait between 0 and
 * {@code base * 2^attempt}, capped): many launchers throttled together then spread out instead of retrying in
 * step. The SDK's own retries are off for SageMaker so that these waits are the only ones and tests can make
 * them milliseconds.
 *
 * @param base the first attempt's upper bound
 * @param max the cap of any one wait
 * @param maxAttempts calls in all before giving up
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {
  private static final Random JITTER = new Random();

  public static Backoff standard(Duration base) {
    return new Backoff(base, base.multipliedBy(64), 10);
  }

  public <T> T call(String what, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (AwsServiceException e) {
        if (!isThrottling(e) || attempt + 1 >= maxAttempts) {
          throw e;
        }
        sleep(delay(attempt));
      }
    }
  }

  public void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  /** The wait before retry {@code attempt + 1}: uniform in [0, min(max, base * 2^attempt)]. */
  Duration delay(int attempt) {
    long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
    return Duration.ofMillis(cap <= 0 ? 0 : (long) (JITTER.nextDouble() * (cap + 1)));
  }

  static boolean isThrottling(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return e.statusCode() == 429 || "ThrottlingException".equals(code) || "Throttling".equals(code)
        || "TooManyRequestsException".equals(code) || "RequestLimitExceeded".equals(code)
        || "SlowDown".equals(code);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
