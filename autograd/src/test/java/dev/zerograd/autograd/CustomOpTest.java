package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The engine's checks of a user op's backward contract. */
class CustomOpTest {
  /** An op whose backward is whatever the test says. */
  private static Op op(int arity, BiFunction<Context, Tensor, Tensor[]> backward) {
    return new Op("custom", arity) {
      @Override
      protected Tensor forward(Context ctx, Tensor... in) {
        Tensor out = in[0];
        for (int i = 1; i < in.length; i++) {
          out = out.add(in[i]);
        }
        return out;
      }

      @Override
      protected Tensor[] backward(Context ctx, Tensor dy) {
        return backward.apply(ctx, dy);
      }
    };
  }

  private static Variable p(int... dims) {
    return Variable.parameter(Tensor.ones(DType.FLOAT64, dims), "p");
  }

  @Test
  void wrongNumberOfGradientsNamesTheOp() {
    Op bad = op(2, (ctx, dy) -> new Tensor[] {dy});
    Variable y = bad.apply(p(2), p(2)).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "op 'custom': backward returned 1 gradient(s) but the op has 2 input(s); return one per"
            + " input",
        e.getMessage());
  }

  @Test
  void wrongShapeNamesTheInputAndBothShapes() {
    Op bad = op(2, (ctx, dy) -> new Tensor[] {dy, Tensor.ones(DType.FLOAT64, 4, 3)});
    Variable y = bad.apply(p(3, 4), p(3, 4)).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "op 'custom': backward returned a gradient of shape (4, 3) for input 1, which has shape"
            + " (3, 4); expected (3, 4) (or a shape it was broadcast to)",
        e.getMessage());
  }

  @Test
  void missingGradientForAnInputThatNeedsOneIsAnError() {
    Op bad = op(1, (ctx, dy) -> new Tensor[] {null});
    Variable y = bad.apply(p(2)).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("returned null for input 0"), e.getMessage());
  }

  @Test
  void nullGradientArrayIsAnError() {
    Op bad = op(1, (ctx, dy) -> null);
    Variable y = bad.apply(p(2)).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("backward returned null"), e.getMessage());
  }

  @Test
  void aBroadcastGradientIsSummedBack() {
    Op ok = op(2, (ctx, dy) -> new Tensor[] {dy, dy});
    Variable row = p(3);
    ok.apply(p(2, 3), row).sum().backward();
    assertEquals(2.0, row.grad().get(0));
  }

  @Test
  void arityIsChecked() {
    Op two = op(2, (ctx, dy) -> new Tensor[] {dy, dy});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> two.apply(p(1)));
    assertEquals("op 'custom' takes 2 input(s) but was given 1", e.getMessage());
    IllegalArgumentException n =
        assertThrows(IllegalArgumentException.class, () -> two.apply(p(1), null));
    assertEquals("op 'custom': input 1 is null", n.getMessage());
  }

  @Test
  void forwardReturningNullIsAnError() {
    Op bad =
        new Op("nothing", 1) {
          @Override
          protected Tensor forward(Context ctx, Tensor... in) {
            return null;
          }

          @Override
          protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy};
          }
        };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> bad.apply(p(1)));
    assertTrue(e.getMessage().contains("'nothing': forward returned null"), e.getMessage());
  }

  @Test
  void contextReportsInputsAndSavesOnlyWhenRecording() {
    int[] saved = new int[2];
    Op probe =
        new Op("probe", 2) {
          @Override
          protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            saved[0] = ctx.savedCount();
            return in[0].mul(in[1]);
          }

          @Override
          protected Tensor[] backward(Context ctx, Tensor dy) {
            saved[1] = ctx.savedCount();
            assertTrue(ctx.needsInputGrad(0));
            assertEquals(false, ctx.needsInputGrad(1));
            assertEquals(DType.FLOAT32, ctx.inputDType(1));
            assertEquals(2, ctx.inputShape(1).dim(0));
            return new Tensor[] {dy.mul(2), null};
          }
        };
    Variable c = Variable.of(Tensor.ones(DType.FLOAT32, 2));
    probe.apply(p(2), c).sum().backward();
    assertEquals(1, saved[1]);
    try (NoGrad scope = NoGrad.enter()) {
      probe.apply(p(2), c);
    }
    assertEquals(0, saved[0], "nothing is kept when the call is not recorded");
  }
}
