package io.github.lossdive.loss;

/**
 * Hinge embedding loss, {@code torch.nn.functional.hinge_embedding_loss}: for a distance x and
 * y = +1 (similar) or −1 (dissimilar), x itself or {@code max(0, margin − x)}.
 */
public final class HingeEmbedding {
  private HingeEmbedding() {}

  /** {@code x} for y = 1, {@code max(0, margin − x)} for y = −1. */
  public static double of(double y, double x, double margin) {
    return y == 1.0 ? x : Math.max(0.0, margin - x);
  }
}
