package io.wavebeam.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON of every output file of pass 1 and pass 1.5: snake-case fields, no NaN (rows carry null instead). */
public final class OutputJson {
  private OutputJson() {}

  /** A new mapper (mappers are configured once and then shared read-only). */
  public static ObjectMapper mapper() {
    return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}
