package io.github.lossdive.loss;

/**
 * Margin ranking loss, {@code torch.nn.functional.margin_ranking_loss}: for two scores x1, x2 and
 * y = +1 (x1 should rank higher) or −1 (x2 should), {@code max(0, −y·(x1 − x2) + margin)}.
 */
public final class MarginRanking {
  private MarginRanking() {}

  /** {@code max(0, −y·(x1 − x2) + margin)}. */
  public static double of(double y, double x1, double x2, double margin) {
    return Math.max(0.0, -y * (x1 - x2) + margin);
  }
}
