package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
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
            + " (3, 4); return the input's shape (3, 4)",
        e.getMessage());
  }

  @Test
  void aGradientThatOnlyBroadcastsToTheInputIsRejected() {
    // Input (3,) was broadcast to the output (2, 3): (2, 3) is fine, (7, 3) is not, although it
    // too could be summed down to (3,).
    Op bad = op(2, (ctx, dy) -> new Tensor[] {dy, Tensor.ones(DType.FLOAT64, 7, 3)});
    Variable row = p(3);
    Variable y = bad.apply(p(2, 3), row).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "op 'custom': backward returned a gradient of shape (7, 3) for input 1, which has shape"
            + " (3,); return the input's shape (3,) or the output's shape (2, 3), which it was"
            + " broadcast to",
        e.getMessage());
    assertNull(row.grad());
  }

  @Test
  void aGradientOfAnotherTypeIsRejected() {
    Op bad = op(1, (ctx, dy) -> new Tensor[] {dy.to(DType.FLOAT32)});
    Variable x = p(2);
    Variable y = bad.apply(x).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "op 'custom': backward returned a float32 gradient for input 0, which is float64 and"
            + " whose output is float64; return the input's type (or the output's)",
        e.getMessage());
  }

  @Test
  void aGradientInTheOutputsTypeIsRoundedToTheInputs() {
    // float32 + float64 computes in float64; the float32 input gets its gradient rounded.
    Op ok = op(2, (ctx, dy) -> new Tensor[] {dy, dy});
    Variable a = Variable.parameter(Tensor.ones(DType.FLOAT32, 2), "a");
    ok.apply(a, p(2)).sum().backward();
    assertEquals(DType.FLOAT32, a.grad().dtype());
    assertEquals(1.0, a.grad().get(1));
  }

  @Test
  void aBackwardReturningASavedParameterGivesTheLeafACopy() {
    Op leaky =
        new Op("leaky", 1) {
          @Override
          protected Tensor forward(Context ctx, Tensor... in) {
            ctx.save(in[0]);
            return in[0].mul(in[0]).mul(0.5);
          }

          @Override
          protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {ctx.saved(0)}; // d(x^2/2)/dx = x, for a seed of ones
          }
        };
    Variable w = Variable.parameter(Tensor.of(new double[] {3, 4}), "w");
    leaky.apply(w).sum().backward();
    assertNotSame(w.value().storage(), w.grad().storage());
    w.value().mulInPlace(0); // an optimiser step
    assertArrayEquals(new double[] {3, 4}, w.grad().toDoubleArray());
  }

  @Test
  void aBackwardThatThrowsChangesNoGradientAndCanBeRetried() {
    int[] calls = {0};
    Op flaky =
        op(
            1,
            (ctx, dy) -> {
              if (calls[0]++ == 0) {
                throw new IllegalStateException("transient failure");
              }
              return new Tensor[] {dy.mul(3)};
            });
    Variable w1 = p(2);
    Variable w2 = p(2);
    Variable first = flaky.apply(w2); // recorded first, so its backward runs last
    Variable loss = w1.mul(2).add(first).sum();
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertEquals("transient failure", e.getMessage());
    assertNull(w1.grad(), "w1's gradient was computed before the failure but not committed");
    assertNull(w2.grad());
    loss.backward(); // the graph is intact
    assertArrayEquals(new double[] {2, 2}, w1.grad().toDoubleArray());
    assertArrayEquals(new double[] {3, 3}, w2.grad().toDoubleArray());
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
