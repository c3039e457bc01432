package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final DType F64 = DType.FLOAT64;

  private static Variable param(double... values) {
    return Variable.parameter(Tensor.of(values), "p");
  }

  @Test
  void fanOutSumsTheGradients() {
    Variable x = param(3);
    Variable y = x.mul(x).add(x); // x^2 + x: dy/dx = 2x + 1
    y.sum().backward();
    assertEquals(7.0, x.grad().get(0));
  }

  @Test
  void gradientsAccumulateUntilCleared() {
    Variable x = param(2);
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    assertEquals(6.0, x.grad().get(0));
    x.zeroGrad();
    assertNull(x.grad());
  }

  @Test
  void broadcastGradientsAreSummedBackToTheInputShape() {
    Variable m = Variable.parameter(Tensor.ones(F64, 2, 3), "m");
    Variable row = Variable.parameter(Tensor.of(new double[] {1, 2, 3}), "row");
    Variable col = Variable.parameter(Tensor.ones(F64, 2, 1), "col");
    m.mul(row).add(col).sum().backward();
    assertEquals(Shape.of(3), row.grad().shape());
    assertArrayEquals(new double[] {2, 2, 2}, row.grad().toDoubleArray());
    assertArrayEquals(new double[] {3, 3}, col.grad().toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, m.grad().toDoubleArray());
  }

  @Test
  void mixedTypesGiveEachInputAGradientOfItsOwnType() {
    Variable a = Variable.parameter(Tensor.ones(DType.FLOAT32, 2), "a");
    Variable b = Variable.parameter(Tensor.ones(F64, 2), "b");
    a.mul(b).sum().backward();
    assertEquals(DType.FLOAT32, a.grad().dtype());
    assertEquals(F64, b.grad().dtype());
  }

  @Test
  void oneGradientTensorGivenToTwoLeavesIsCopied() {
    Variable a = param(1, 2);
    Variable b = param(3, 4);
    a.add(b).sum().backward(); // add hands the same dout to both
    a.grad().mulInPlace(10);
    assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray());
  }

  @Test
  void gradientsOfAViewAndOfItsBaseDoNotShareStorage() {
    Variable a = Variable.parameter(Tensor.ones(F64, 2, 3), "a");
    Variable b = Variable.parameter(Tensor.ones(F64, 6), "b");
    a.reshape(6).add(b).sum().backward(); // add hands one dout to b and to the reshape
    assertNotSame(a.grad().storage(), b.grad().storage());
    a.grad().mulInPlace(0);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, b.grad().toDoubleArray());
  }

  @Test
  void anInPlaceChangeBetweenForwardAndBackwardIsRefused() {
    Variable p = param(1, 2);
    Variable y = p.mul(p).sum();
    p.value().mulInPlace(10);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "backward: input 1 of op 'mul' (shape (2,), float64) was modified in place after forward"
            + " (storage version 0 then, 1 now), so its gradient would be wrong; modify a copy()"
            + " instead, or run the forward pass again after the change",
        e.getMessage());
    assertNull(p.grad());
    p.mul(p).sum().backward(); // a new forward sees the new values
    assertArrayEquals(new double[] {20, 40}, p.grad().toDoubleArray());
  }

  @Test
  void aViewWrittenInPlaceCountsAsAChangeOfItsBase() {
    Tensor base = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Variable w = Variable.parameter(Tensor.ones(F64, 2, 2), "w");
    Variable y = w.mul(Variable.of(base.transpose())).sum();
    base.sliceRows(0, 1).fillInPlace(7);
    assertThrows(IllegalStateException.class, y::backward);
  }

  @Test
  void aBatchBufferRewrittenAfterBackwardKeepsWorking() {
    Tensor data = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor buffer = Tensor.zeros(F64, 2, 2);
    Variable w = Variable.parameter(Tensor.ones(F64, 2, 1), "w");
    int[][] batches = {{0, 1}, {2, 0}, {1, 2}};
    double[] expected = {1 + 2 + 3 + 4, 5 + 6 + 1 + 2, 3 + 4 + 5 + 6}; // d sum(x w) / dw = x's sums
    for (int step = 0; step < batches.length; step++) {
      data.gatherRows(batches[step], buffer);
      w.zeroGrad();
      Variable.of(buffer).matmul(w).sum().backward();
      assertEquals(expected[step], w.grad().sum().item(), 0.0);
    }
    Variable pending = Variable.of(buffer).matmul(w).sum();
    data.gatherRows(batches[0], buffer); // rewritten before backward: refused
    assertThrows(IllegalStateException.class, pending::backward);
  }

  @Test
  void concurrentBackwardIntoOneParameterAddsUpExactly() throws Exception {
    int threads = 8;
    int steps = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int repeat = 0; repeat < 3; repeat++) {
        Variable w = Variable.parameter(Tensor.zeros(F64, 3), "w");
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          runs.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < steps; i++) {
                      w.mul(1.0).sum().backward();
                    }
                    return null;
                  }));
        }
        for (Future<?> f : runs) {
          f.get();
        }
        double total = threads * steps;
        assertArrayEquals(new double[] {total, total, total}, w.grad().toDoubleArray());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** y = x sigmoid(x), whose backward reads a saved tensor with its recompute recipe. */
  private static final class Swish extends Op {
    Swish() {
      super("swish", 1);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      Tensor s = in[0].sigmoid();
      ctx.save(s);
      return in[0].mul(s);
    }

    @Override
    protected Variable[] backward(Context ctx, Variable dy) {
      Variable x = ctx.input(0);
      Variable s = ctx.saved(0, () -> x.sigmoid());
      return new Variable[] {dy.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
    }
  }

  @Test
  void concurrentBackwardThroughOneRetainedGraphIsExactPerCallAndSummedIntoTheLeaves()
      throws Exception {
    // One shared, retained subgraph h = swish(x W); each thread puts its own head on it and runs
    // backward through it again and again, half of them recording (second derivatives).
    Generator g = new Generator(21);
    Variable w = Variable.parameter(g.normal(F64, 0, 1, 4, 3), "W");
    Variable h = new Swish().apply(Variable.of(g.normal(F64, 0, 1, 5, 4)).matmul(w));
    int threads = 8;
    int steps = 150;
    Variable[] heads = new Variable[threads];
    Tensor[] first = new Tensor[threads];
    Tensor[] second = new Tensor[threads];
    for (int t = 0; t < threads; t++) {
      heads[t] = h.mul(Variable.of(g.normal(F64, 0, 1, 5, 3))).sum();
      // Alone: the first derivative, and the second one (the gradient of the gradient's sum).
      Variable dw = Autograd.grad(List.of(heads[t]), null, List.of(w), true, true, false).get(0);
      first[t] = dw.value().copy();
      second[t] = Autograd.grad(List.of(dw.sum()), null, List.of(w), true, false, false).get(0).value().copy();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < steps; i++) {
                    if (me % 2 == 0) {
                      heads[me].backward(null, true); // into W's gradient
                    } else {
                      Variable dw =
                          Autograd.grad(List.of(heads[me]), null, List.of(w), true, true, false)
                              .get(0);
                      assertEquals(first[me], dw.value(), "thread " + me + " step " + i);
                      Tensor d2 =
                          Autograd.grad(List.of(dw.sum()), null, List.of(w), true, false, false)
                              .get(0)
                              .value();
                      assertEquals(second[me], d2, "second derivative, thread " + me);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get(); // rethrows a failed assertion or an engine error of any thread
      }
    } finally {
      pool.shutdownNow();
    }
    // W's gradient: steps times each backward thread's own, summed in some order.
    Tensor expected = Tensor.zeros(F64, 4, 3);
    Tensor magnitude = Tensor.zeros(F64, 4, 3);
    for (int t = 0; t < threads; t += 2) {
      expected = expected.add(first[t].mul(steps));
      magnitude = magnitude.add(first[t].abs().mul(steps));
    }
    Tensor bound = magnitude.mul(Rounding.gamma(F64, (long) threads * steps));
    assertTrue(
        Rounding.within(w.grad(), expected, bound), Rounding.describe(w.grad(), expected, bound));
  }

  @Test
  void backwardReleasesTheGraph() {
    Variable x = param(1, 2);
    Variable loss = x.exp().sum();
    loss.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertTrue(e.getMessage().contains("already released"), e.getMessage());
    assertTrue(e.getMessage().contains("backward(seed, true)"), e.getMessage());
  }

  @Test
  void retainedGraphCanBeWalkedTwice() {
    Variable x = param(2);
    Variable loss = x.mul(x).sum();
    loss.backward(null, true);
    loss.backward();
    assertEquals(8.0, x.grad().get(0));
  }

  @Test
  void nonScalarNeedsASeedOfItsShape() {
    Variable x = param(1, 2, 3);
    Variable y = x.mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
    assertTrue(e.getMessage().contains("shape (3,), not a scalar"), e.getMessage());
    Tensor wrong = Tensor.ones(F64, 2);
    IllegalArgumentException s =
        assertThrows(IllegalArgumentException.class, () -> y.backward(wrong));
    assertTrue(s.getMessage().contains("seed gradient has shape (2,)"), s.getMessage());
    y.backward(Tensor.of(new double[] {1, 10, 100}));
    assertArrayEquals(new double[] {2, 20, 200}, x.grad().toDoubleArray());
  }

  @Test
  void backwardOnAValueWithoutGradientSaysWhy() {
    Variable c = Variable.of(Tensor.ones(F64, 1)).mul(3);
    IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
    assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    assertTrue(e.getMessage().contains("Variable.parameter"), e.getMessage());
  }

  @Test
  void backwardOnALeafSeedsItsOwnGradient() {
    Variable p = param(5);
    p.backward();
    assertEquals(1.0, p.grad().get(0));
  }

  @Test
  void noGradScopeRecordsNothing() {
    Variable x = param(1);
    Variable y;
    try (NoGrad scope = NoGrad.enter()) {
      assertTrue(NoGrad.isActive());
      y = x.mul(2);
      try (NoGrad inner = NoGrad.enter()) {
        assertTrue(NoGrad.isActive());
      }
      assertTrue(NoGrad.isActive(), "scopes nest");
    }
    assertFalse(NoGrad.isActive());
    assertFalse(y.requiresGrad());
    assertTrue(y.isLeaf());
    assertTrue(x.mul(2).requiresGrad());
  }

  @Test
  void constantsAreNotDifferentiated() {
    Variable c = Variable.of(Tensor.ones(F64, 2));
    Variable p = param(1, 1);
    p.mul(c).sum().backward();
    assertNull(c.grad());
    assertFalse(c.mul(c).requiresGrad());
  }

  @Test
  void aChainOf100000OpsDoesNotOverflowTheStack() {
    Variable x = param(1);
    Variable y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.mul(1.0);
    }
    y.sum().backward();
    assertEquals(1.0, x.grad().get(0));
  }

  @Test
  void releasedGraphBecomesGarbage() throws InterruptedException {
    Variable w = param(0.5, -0.5);
    List<WeakReference<Variable>> intermediates = new ArrayList<>();
    Variable loss = null;
    for (int step = 0; step < 100_000; step++) {
      Variable h = w.mul(2).tanh();
      if (step % 20_000 == 0) {
        intermediates.add(new WeakReference<>(h));
      }
      loss = h.sum();
      w.zeroGrad();
      loss.backward();
      try (NoGrad scope = NoGrad.enter()) {
        w.value().addScaledInPlace(-0.001, w.grad());
      }
    }
    assertTrue(loss.requiresGrad());
    for (int i = 0; i < 50 && intermediates.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(
        intermediates.stream().allMatch(r -> r.get() == null),
        "intermediate values of released graphs must be collectable");
  }

  @Test
  void twoModelsOnTwoThreadsGetExactlyTheirSingleThreadedGradients() throws Exception {
    double[] alone1 = train(1);
    double[] alone2 = train(2);
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<double[]> t1 =
          () -> {
            start.await();
            return train(1);
          };
      Callable<double[]> t2 =
          () -> {
            start.await();
            return train(2);
          };
      Future<double[]> f1 = pool.submit(t1);
      Future<double[]> f2 = pool.submit(t2);
      assertArrayEquals(alone1, f1.get());
      assertArrayEquals(alone2, f2.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A small regression trained for 300 steps; returns every step's gradient, concatenated. */
  private static double[] train(long seed) {
    Generator g = new Generator(seed);
    Tensor x = g.uniform(F64, -1, 1, 16, 3);
    Tensor target = g.uniform(F64, -1, 1, 16, 1);
    Variable w = Variable.parameter(g.normal(F64, 0, 0.5, 3, 1), "w");
    Variable b = Variable.parameter(Tensor.zeros(F64, 1), "b");
    List<Double> trace = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      Variable err = Variable.of(x).matmul(w).add(b).tanh().sub(Variable.of(target));
      Variable loss = err.mul(err).mean();
      w.zeroGrad();
      b.zeroGrad();
      loss.backward();
      for (double v : w.grad().toDoubleArray()) {
        trace.add(v);
      }
      try (NoGrad scope = NoGrad.enter()) {
        w.value().addScaledInPlace(-0.1, w.grad());
        b.value().addScaledInPlace(-0.1, b.grad());
      }
    }
    return trace.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void noGradClosedOnAnotherThreadIsRejected() throws Exception {
    NoGrad scope = NoGrad.enter();
    try {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<?> f = pool.submit(scope::close);
      Exception e = assertThrows(Exception.class, f::get);
      assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
      pool.shutdown();
    } finally {
      scope.close();
    }
    assertFalse(NoGrad.isActive());
  }

  @Test
  void variableDescribesItself() {
    Variable w = Variable.parameter(Tensor.zeros(DType.FLOAT32, 784, 50), "W1");
    assertEquals("Variable(W1, shape=(784, 50), float32, requiresGrad)", w.toString());
    assertEquals("matmul", Variable.of(Tensor.ones(DType.FLOAT32, 2, 784)).matmul(w).name());
    assertSame(w.value(), w.detach().value());
    assertFalse(w.detach().requiresGrad());
  }
}
