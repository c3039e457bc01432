package dev.zerograd.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Draws the input shapes for one gradient-check case. */
@FunctionalInterface
public interface ShapeSampler {
  /**
   * One shape per input of the op, drawn from {@code g}.
   *
   * @param g the random generator
   * @return one shape per input of the op, drawn from {@code g}
   */
  List<Shape> sample(Generator g);

  /**
   * The same random shape for every input: rank 0 to 3, each dimension 1 to 4 (size-1
   * dimensions included).
   *
   * @param arity the number of inputs
   * @return the same random shape for every input: rank 0 to 3, each dimension 1 to 4 (size-1
   *     dimensions included)
   */
  static ShapeSampler same(int arity) {
    checkArgument(arity >= 1, "ShapeSampler.same: arity %s must be >= 1", arity);
    return g -> {
      Shape s = Shape.of(randomDims(g, g.nextInt(4)));
      List<Shape> out = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        out.add(s);
      }
      return out;
    };
  }

  /**
   * Shapes that broadcast together: a random output shape of rank 1 to 3, and per input a shape
   * with some leading axes dropped and some axes set to 1.
   *
   * @param arity the number of inputs
   * @return shapes that broadcast together: a random output shape of rank 1 to 3, and per input a
   *     shape with some leading axes dropped and some axes set to 1
   */
  static ShapeSampler broadcast(int arity) {
    checkArgument(arity >= 1, "ShapeSampler.broadcast: arity %s must be >= 1", arity);
    return g -> {
      int[] out = randomDims(g, 1 + g.nextInt(3));
      List<Shape> shapes = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        int drop = g.nextInt(out.length + 1);
        int[] s = new int[out.length - drop];
        for (int j = 0; j < s.length; j++) {
          s[j] = g.nextInt(3) == 0 ? 1 : out[drop + j];
        }
        shapes.add(Shape.of(s));
      }
      return shapes;
    };
  }

  /**
   * Always the given shapes.
   *
   * @param shapes the shapes
   * @return always the given shapes
   */
  static ShapeSampler fixed(Shape... shapes) {
    List<Shape> list = List.of(shapes);
    return g -> list;
  }

  private static int[] randomDims(Generator g, int rank) {
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) {
      d[i] = 1 + g.nextInt(4);
    }
    return d;
  }
}
