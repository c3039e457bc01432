package dev.zerograd.tensor;

/** Elementwise functions of two arguments, computed in double and rounded to the output type. */
enum BinaryOp {
  ADD("add") {
    @Override
    double apply(double a, double b) {
      return a + b;
    }
  },
  SUB("sub") {
    @Override
    double apply(double a, double b) {
      return a - b;
    }
  },
  MUL("mul") {
    @Override
    double apply(double a, double b) {
      return a * b;
    }
  },
  DIV("div") {
    @Override
    double apply(double a, double b) {
      return a / b;
    }
  },
  POW("pow") {
    @Override
    double apply(double a, double b) {
      return Math.pow(a, b);
    }
  },
  MAXIMUM("maximum") {
    @Override
    double apply(double a, double b) {
      return Math.max(a, b);
    }
  },
  MINIMUM("minimum") {
    @Override
    double apply(double a, double b) {
      return Math.min(a, b);
    }
  },
  GT("gt") {
    @Override
    double apply(double a, double b) {
      return a > b ? 1.0 : 0.0;
    }
  },
  GE("ge") {
    @Override
    double apply(double a, double b) {
      return a >= b ? 1.0 : 0.0;
    }
  },
  LT("lt") {
    @Override
    double apply(double a, double b) {
      return a < b ? 1.0 : 0.0;
    }
  },
  LE("le") {
    @Override
    double apply(double a, double b) {
      return a <= b ? 1.0 : 0.0;
    }
  },
  EQ("eq") {
    @Override
    double apply(double a, double b) {
      return a == b ? 1.0 : 0.0;
    }
  },
  NE("ne") {
    @Override
    double apply(double a, double b) {
      return a != b ? 1.0 : 0.0;
    }
  },
  /** The second argument, ignoring the first: assignment. */
  RIGHT("assign") {
    @Override
    double apply(double a, double b) {
      return b;
    }
  };

  final String opName;

  BinaryOp(String opName) {
    this.opName = opName;
  }

  abstract double apply(double a, double b);
}
