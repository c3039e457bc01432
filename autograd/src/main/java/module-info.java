/**
 * The tape and reverse-mode automatic differentiation: {@code Variable}, the public {@code Op}
 * API, the built-in ops, gradient checks ({@code dev.zerograd.autograd.testing}) and Graphviz
 * export.
 */
module dev.zerograd.autograd {
  requires transitive dev.zerograd.tensor;
  requires com.google.common;
  // Only OpGradCheck.dynamicTests() needs JUnit 5; users who call it have it already.
  requires static org.junit.jupiter.api;

  exports dev.zerograd.autograd;
  exports dev.zerograd.autograd.ops;
  exports dev.zerograd.autograd.testing;
}
