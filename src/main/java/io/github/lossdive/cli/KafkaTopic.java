package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import java.io.Serializable;

/**
 * A Kafka topic as the job names it, {@code kafka:HOST:PORT[,HOST:PORT...]/TOPIC}: the stream's
 * input, its output, or its alerts.
 *
 * @param servers the bootstrap servers, comma-separated
 * @param topic the topic
 */
record KafkaTopic(String servers, String topic) implements Serializable {
  static final String PREFIX = "kafka:";

  /** Whether {@code location} names a Kafka topic rather than a path. */
  static boolean is(String location) {
    return location != null && location.startsWith(PREFIX);
  }

  /**
   * Parses {@code kafka:HOST:PORT[,HOST:PORT...]/TOPIC}.
   *
   * @throws InvalidArgumentException naming the option and the expected form
   */
  static KafkaTopic parse(String option, String location) {
    String rest = location.substring(PREFIX.length());
    int slash = rest.lastIndexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || !rest.substring(0, slash).matches("[^,/]+:\\d+(,[^,/]+:\\d+)*")) {
      throw new InvalidArgumentException(option + " must be kafka:HOST:PORT[,HOST:PORT...]/TOPIC, but was "
          + location + ".");
    }
    return new KafkaTopic(rest.substring(0, slash), rest.substring(slash + 1));
  }
}
