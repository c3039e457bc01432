/**
 * Optimisers of the textbook's chapter 6: {@link dev.zerograd.nn.optim.SGD}, {@link
 * dev.zerograd.nn.optim.Momentum}, {@link dev.zerograd.nn.optim.Nesterov}, {@link
 * dev.zerograd.nn.optim.AdaGrad}, {@link dev.zerograd.nn.optim.RMSprop} and {@link
 * dev.zerograd.nn.optim.Adam}. Each updates parameters in place, without recording, from the
 * gradients backward left in them.
 */
package dev.zerograd.nn.optim;
