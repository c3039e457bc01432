package dev.zerograd.tensor;

/**
 * The result of {@link Tensor#maxPool2d}: the pooled values and, for each, where its maximum came
 * from, as a row-major index into the input's dimensions (so {@code
 * input.reshape(-1).takeAlongAxis(0, indices)} gives the values again, and a scatter-add at the
 * indices is the gradient).
 *
 * @param values {@code (N, C, OH, OW)}
 * @param indices one per value, in the values' row-major order
 */
public record Pooled(Tensor values, int[] indices) {}
