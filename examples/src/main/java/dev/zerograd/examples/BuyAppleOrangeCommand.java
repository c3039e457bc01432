package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** 2 apples at 100 and 3 oranges at 150, tax 1.1: price and gradients. */
@Command(
    name = "buy-apple-orange",
    mixinStandardHelpOptions = true,
    description = "The chapter's second graph: 2 apples at 100 and 3 oranges at 150, tax 1.1;"
        + " prints the price and the gradient of every input.")
final class BuyAppleOrangeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Variable apple = ShoppingGraphs.scalar(100, "apple");
    Variable appleNum = ShoppingGraphs.scalar(2, "apple_num");
    Variable orange = ShoppingGraphs.scalar(150, "orange");
    Variable orangeNum = ShoppingGraphs.scalar(3, "orange_num");
    Variable tax = ShoppingGraphs.scalar(1.1, "tax");
    Variable price = apple.mul(appleNum).add(orange.mul(orangeNum)).mul(tax);
    ShoppingGraphs.print(
        spec.commandLine().getOut(),
        price,
        ShoppingGraphs.inputs(apple, appleNum, orange, orangeNum, tax));
    return 0;
  }
}
