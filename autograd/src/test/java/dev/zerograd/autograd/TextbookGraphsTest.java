package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The shopping graphs of the backprop chapter, built from autograd ops. */
class TextbookGraphsTest {
  private static Variable scalar(double v, String name) {
    return Variable.parameter(Tensor.scalar(v, DType.FLOAT64), name);
  }

  @Test
  void buyApple() {
    Variable apple = scalar(100, "apple");
    Variable appleNum = scalar(2, "apple_num");
    Variable tax = scalar(1.1, "tax");
    Variable price = apple.mul(appleNum).mul(tax);
    assertEquals(220.0, price.item(), 1e-9);
    price.backward();
    assertEquals(2.2, apple.grad().item(), 1e-9);
    assertEquals(110.0, appleNum.grad().item(), 1e-9);
    assertEquals(200.0, tax.grad().item(), 1e-9);
  }

  @Test
  void buyAppleAndOrange() {
    Variable apple = scalar(100, "apple");
    Variable appleNum = scalar(2, "apple_num");
    Variable orange = scalar(150, "orange");
    Variable orangeNum = scalar(3, "orange_num");
    Variable tax = scalar(1.1, "tax");
    Variable price = apple.mul(appleNum).add(orange.mul(orangeNum)).mul(tax);
    assertEquals(715.0, price.item(), 1e-9);
    price.backward();
    assertEquals(2.2, apple.grad().item(), 1e-9);
    assertEquals(110.0, appleNum.grad().item(), 1e-9);
    assertEquals(3.3, orange.grad().item(), 1e-9);
    assertEquals(165.0, orangeNum.grad().item(), 1e-9);
    assertEquals(650.0, tax.grad().item(), 1e-9);
  }
}
