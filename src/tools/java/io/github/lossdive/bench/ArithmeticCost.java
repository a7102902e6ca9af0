package io.github.lossdive.bench;

import io.github.lossdive.internal.NeumaierSum;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-thread cost of the arithmetic a loss pays per row, without Spark, as a JMH benchmark:
 * {@code Math.log}, {@code Math.exp}, and a compensated (Neumaier) add against a plain {@code +=}.
 * These figures bound what any exact implementation can reach (README, Performance) and state the
 * cost of compensation. Each score is nanoseconds per element.
 *
 * <p>{@code spark-submit/arithmetic-cost} (JMH's own options pass through, e.g. {@code -f 1 -wi 2}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArithmeticCost {
  private static final int N = 1 << 12;

  private double[] x;

  @Setup
  public void data() {
    SplittableRandom r = new SplittableRandom(1);
    x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = 0.05 + 0.9 * r.nextDouble();
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double log() {
    double s = 0.0;
    for (double v : x) {
      s += Math.log(v);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double exp() {
    double s = 0.0;
    for (double v : x) {
      s += Math.exp(v - 1);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double plainAdd() {
    double s = 0.0;
    for (double v : x) {
      s += v;
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double neumaierAdd() {
    NeumaierSum s = new NeumaierSum();
    for (double v : x) {
      s.add(v);
    }
    return s.value();
  }
}
