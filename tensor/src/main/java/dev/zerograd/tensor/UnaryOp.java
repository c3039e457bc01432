package dev.zerograd.tensor;

/** Elementwise functions of one argument, computed in double and rounded to the output type. */
enum UnaryOp {
  NEG("neg") {
    @Override
    double apply(double x) {
      return -x;
    }
  },
  EXP("exp") {
    @Override
    double apply(double x) {
      return Math.exp(x);
    }
  },
  LOG("log") {
    @Override
    double apply(double x) {
      return Math.log(x);
    }
  },
  SQRT("sqrt") {
    @Override
    double apply(double x) {
      return Math.sqrt(x);
    }
  },
  ABS("abs") {
    @Override
    double apply(double x) {
      return Math.abs(x);
    }
  },
  TANH("tanh") {
    @Override
    double apply(double x) {
      return Math.tanh(x);
    }
  },
  SIGMOID("sigmoid") {
    @Override
    double apply(double x) {
      // Two branches so that exp never overflows.
      if (x >= 0) {
        return 1.0 / (1.0 + Math.exp(-x));
      }
      double e = Math.exp(x);
      return e / (1.0 + e);
    }
  },
  RELU("relu") {
    @Override
    double apply(double x) {
      return Math.max(x, 0.0); // NaN stays NaN, as in NumPy and PyTorch
    }
  };

  final String opName;

  UnaryOp(String opName) {
    this.opName = opName;
  }

  abstract double apply(double x);
}
