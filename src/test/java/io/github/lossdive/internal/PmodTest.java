package io.github.lossdive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Pmod} against the JDK's {@link Math#floorMod(long, long)}, Spark SQL's {@code pmod} of a long. */
class PmodTest {

  private static final long[] EDGES = {0L, 1L, -1L, 2L, -2L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
      Long.MIN_VALUE + 1, 1L << 32, -(1L << 32), (1L << 62) + 1, -(1L << 62) - 1};

  @Test
  void equalsFloorModForEveryKindOfHashAndDivisor() {
    SplittableRandom random = new SplittableRandom(20261202L);
    int[] divisors = {1, 2, 3, 7, 10, 20, 64, 100, 1000, 65_537, 1 << 30, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
    for (int d : divisors) {
      check(d, random);
    }
    for (int i = 0; i < 200; i++) {
      check(2 + random.nextInt(Integer.MAX_VALUE - 2), random);
    }
  }

  private static void check(int d, SplittableRandom random) {
    Pmod pmod = Pmod.of(d);
    for (long h : EDGES) {
      for (long delta = -2; delta <= 2; delta++) {
        assertEquals(Math.floorMod(h + delta, (long) d), pmod.apply(h + delta), () -> d + " " + h);
      }
    }
    for (long q = -3; q <= 3; q++) {
      // Multiples of d and their neighbours, where a remainder is 0 or d − 1.
      long m = q * d;
      for (long delta = -1; delta <= 1; delta++) {
        assertEquals(Math.floorMod(m + delta, (long) d), pmod.apply(m + delta));
      }
      long far = (Long.MAX_VALUE / d + q) * d;
      assertEquals(Math.floorMod(far, (long) d), pmod.apply(far));
    }
    for (int i = 0; i < 20_000; i++) {
      long h = random.nextLong();
      assertEquals(Math.floorMod(h, (long) d), pmod.apply(h), () -> d + " " + h);
    }
  }
}
