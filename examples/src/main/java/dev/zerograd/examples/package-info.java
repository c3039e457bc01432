/**
 * The runnable programs: {@link dev.zerograd.examples.Main} with the subcommands {@code
 * train-mnist}, {@code gradient-check}, {@code buy-apple}, {@code buy-apple-orange}, {@code
 * custom-op} and {@code graph}.
 */
package dev.zerograd.examples;
