package dev.zerograd.tensor.spi;

/** Elementwise functions of one argument, computed in double and rounded to the output type. */
public enum UnaryOp {
  /** {@code -x}. */
  NEG("neg") {
    @Override
    public double apply(double x) {
      return -x;
    }
  },
  /** {@code e^x}. */
  EXP("exp") {
    @Override
    public double apply(double x) {
      return Math.exp(x);
    }
  },
  /** The natural logarithm. */
  LOG("log") {
    @Override
    public double apply(double x) {
      return Math.log(x);
    }
  },
  /** The square root. */
  SQRT("sqrt") {
    @Override
    public double apply(double x) {
      return Math.sqrt(x);
    }
  },
  /** The absolute value. */
  ABS("abs") {
    @Override
    public double apply(double x) {
      return Math.abs(x);
    }
  },
  /** The hyperbolic tangent. */
  TANH("tanh") {
    @Override
    public double apply(double x) {
      return Math.tanh(x);
    }
  },
  /** {@code 1 / (1 + e^-x)}, without overflow. */
  SIGMOID("sigmoid") {
    @Override
    public double apply(double x) {
      // Two branches so that exp never overflows.
      if (x >= 0) {
        return 1.0 / (1.0 + Math.exp(-x));
      }
      double e = Math.exp(x);
      return e / (1.0 + e);
    }
  },
  /** {@code max(x, 0)}; NaN stays NaN. */
  RELU("relu") {
    @Override
    public double apply(double x) {
      return Math.max(x, 0.0); // NaN stays NaN, as in NumPy and PyTorch
    }
  };

  private final String opName;

  UnaryOp(String opName) {
    this.opName = opName;
  }

  /**
   * The name used in error messages, such as {@code exp}.
   *
   * @return the op's name
   */
  public String opName() {
    return opName;
  }

  /**
   * The function, computed in double; kernels may specialise it but must agree with it.
   *
   * @param x the operand
   * @return the function, computed in double; kernels may specialise it but must agree with it
   */
  public abstract double apply(double x);
}
