package io.github.lossdive.internal;

import java.io.Serializable;

/**
 * Spark SQL's {@code pmod(h, d)} of a 64-bit hash by a fixed divisor, by multiplication: a row's
 * jackknife bucket is its hash modulo G, and a 64-bit division takes about 40 cycles on the row's
 * critical path (the bucket's accumulators wait for it), where a high multiply and a correction
 * take a few. Exact for every {@code long} (a test holds it to {@link Math#floorMod(long, long)}).
 *
 * <p>For {@code n ≥ 0} (below 2^63) and {@code m = ⌊(2^64 − 1)/d⌋}, {@code q = ⌊n·m / 2^64⌋} is
 * {@code ⌊n/d⌋} or one less: {@code m ≤ 2^64/d} bounds it above, and {@code m ≥ (2^64 − d)/d}
 * gives {@code n·m/2^64 ≥ n/d − n/2^64 > n/d − 1/2}. So {@code n − q·d} is the remainder, or the
 * remainder plus d, which one subtraction corrects. A negative {@code h} is {@code −(n + 1)} with
 * {@code n = ~h}, whose floor remainder is {@code d − 1 − (n mod d)}.
 *
 * <p>A divisor of 1 (a jackknife left with one bucket) has every remainder 0.
 *
 * @param divisor d, at least 1
 * @param reciprocal {@code ⌊(2^64 − 1)/d⌋}, below 2^63 (unused for d = 1)
 */
public record Pmod(int divisor, long reciprocal) implements Serializable {

  /** The remainder by {@code divisor}. */
  public static Pmod of(int divisor) {
    if (divisor < 1) {
      throw new IllegalArgumentException("A divisor of at least 1 is needed, not " + divisor);
    }
    return new Pmod(divisor, divisor == 1 ? 0L : Long.divideUnsigned(-1L, divisor));
  }

  /** {@code pmod(h, divisor)}: {@code Math.floorMod(h, divisor)}, in [0, divisor). */
  public int apply(long h) {
    if (divisor == 1) {
      return 0;
    }
    long sign = h >> 63;
    long n = h ^ sign;
    long r = n - Math.multiplyHigh(n, reciprocal) * divisor;
    r -= divisor & ((divisor - 1 - r) >> 63);
    return (int) ((r ^ sign) + (sign & divisor));
  }
}
