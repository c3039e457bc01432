/** Datasets, the mini-batch {@code DataLoader}, and the verified MNIST / Fashion-MNIST loader. */
module dev.zerograd.data {
  requires transitive dev.zerograd.nn;
  requires com.google.common;
  requires java.net.http;
  requires org.apache.commons.compress;

  exports dev.zerograd.data;
  exports dev.zerograd.data.mnist;
}
