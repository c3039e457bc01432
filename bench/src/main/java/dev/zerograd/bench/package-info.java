/**
 * JMH benchmarks. Build with {@code mvn -pl bench -am package -DskipTests}, run with {@code java
 * -jar bench/target/benchmarks.jar [pattern]}; {@code bench/compare.sh} runs the end-to-end
 * comparison with NumPy and PyTorch.
 */
package dev.zerograd.bench;
