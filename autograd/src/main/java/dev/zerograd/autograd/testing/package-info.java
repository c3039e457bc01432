/**
 * Test support for op authors: {@link dev.zerograd.autograd.testing.OpGradCheck} gradient-checks
 * an op on random shapes, broadcast inputs and non-contiguous views in one line, or as JUnit 5
 * dynamic tests. Needs no test framework, except {@code dynamicTests()}, which needs JUnit 5's
 * API on the classpath.
 */
package dev.zerograd.autograd.testing;
