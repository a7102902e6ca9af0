package io.github.lossdive.bench;

import io.github.lossdive.internal.NeumaierSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The single-thread cost of the arithmetic a loss pays per row, without Spark: {@code Math.log},
 * {@code Math.exp}, and a compensated (Neumaier) add against a plain {@code +=}. These figures
 * bound what any exact implementation can reach (README, Performance) and state the cost of
 * compensation.
 *
 * <p>{@code java -cp target/classes io.github.lossdive.bench.ArithmeticCost}
 */
public final class ArithmeticCost {
  private static final int N = 1 << 24;
  private static final int REPS = 7;
  /** Results are kept here so that the JIT cannot drop the work. */
  private static volatile double sink;

  private ArithmeticCost() {}

  public static void main(String[] args) {
    double[] x = new double[N];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < N; i++) {
      x[i] = 0.05 + 0.9 * r.nextDouble();
    }
    // One loop per operation, written out: a shared loop over a lambda would not inline it.
    report("Math.log", median(() -> {
      double s = 0.0;
      for (double v : x) {
        s += Math.log(v);
      }
      return s;
    }));
    report("Math.exp", median(() -> {
      double s = 0.0;
      for (double v : x) {
        s += Math.exp(v - 1);
      }
      return s;
    }));
    report("plain +=", median(() -> {
      double s = 0.0;
      for (double v : x) {
        s += v;
      }
      return s;
    }));
    report("Neumaier add", median(() -> {
      NeumaierSum s = new NeumaierSum();
      for (double v : x) {
        s.add(v);
      }
      return s.value();
    }));
  }

  /** Median ns per element over {@link #REPS} runs, after two warm-ups. */
  private static double median(DoubleSupplier run) {
    List<Double> ns = new ArrayList<>();
    for (int i = 0; i < REPS + 2; i++) {
      long t0 = System.nanoTime();
      sink += run.getAsDouble();
      if (i >= 2) {
        ns.add((System.nanoTime() - t0) / (double) N);
      }
    }
    ns.sort(Double::compare);
    return ns.get(ns.size() / 2);
  }

  private static void report(String what, double nsPerElement) {
    System.out.printf(Locale.ROOT, "%-14s %6.2f ns%n", what, nsPerElement);
  }
}
