package io.github.lossdive.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Result structs compared field by field, as two of LossDive's engines must agree on them. */
public final class Structs {
  /** How far two engines' sums may differ, relative: the order of their additions differs. */
  public static final double ENGINE_TOLERANCE = 1e-13;

  private Structs() {}

  /**
   * {@code have} has {@code want}'s schema, its counts exactly and its doubles within
   * {@link #ENGINE_TOLERANCE} relative (NaN where {@code want} has NaN).
   */
  public static void assertSameStruct(Row want, Row have, String what) {
    assertEquals(want.schema(), have.schema(), what);
    for (int f = 0; f < want.size(); f++) {
      String field = what + "." + want.schema().fieldNames()[f];
      if (want.schema().fields()[f].dataType() == DataTypes.DoubleType) {
        double w = want.getDouble(f);
        double h = have.getDouble(f);
        if (Double.isNaN(w)) {
          assertTrue(Double.isNaN(h), field);
        } else {
          assertEquals(w, h, ENGINE_TOLERANCE * Math.abs(w), field);
        }
      } else {
        assertEquals(want.get(f), have.get(f), field);
      }
    }
  }
}
