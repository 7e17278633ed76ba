package io.virtpath.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a benchmark's JMH score means in the reader's units. JMH reports ops/s or time/op of one
 * benchmark invocation; for disk and network an "op" is an I/O of a fixed size, so the score
 * converts exactly into IOPS or MB/s. The runner derives {@code metrics.json} from jmh.json with
 * this; jmh.json itself is never altered.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PrimaryMetric {
  Kind value();

  /** Bytes moved by one benchmark invocation (for {@link Kind#MB_PER_S}). */
  long bytesPerOp() default 0;

  enum Kind {
    /** Latency of one invocation, ns/op (AverageTime or SampleTime). */
    LATENCY_NS,
    /** Invocations per second, where one invocation is one I/O: IOPS. */
    IOPS,
    /** Invocations per second times bytesPerOp, in MB/s (10^6 bytes). */
    MB_PER_S,
    /** Invocations per second of a compound operation (connect+close, create+fsync+unlink). */
    OPS_PER_S
  }
}
