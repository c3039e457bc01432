package dev.zerograd.tensor.spi;

/** Elementwise functions of two arguments, computed in double and rounded to the output type. */
public enum BinaryOp {
  ADD("add") {
    @Override
    public double apply(double a, double b) {
      return a + b;
    }
  },
  SUB("sub") {
    @Override
    public double apply(double a, double b) {
      return a - b;
    }
  },
  MUL("mul") {
    @Override
    public double apply(double a, double b) {
      return a * b;
    }
  },
  DIV("div") {
    @Override
    public double apply(double a, double b) {
      return a / b;
    }
  },
  POW("pow") {
    @Override
    public double apply(double a, double b) {
      return Math.pow(a, b);
    }
  },
  MAXIMUM("maximum") {
    @Override
    public double apply(double a, double b) {
      return Math.max(a, b);
    }
  },
  MINIMUM("minimum") {
    @Override
    public double apply(double a, double b) {
      return Math.min(a, b);
    }
  },
  GT("gt") {
    @Override
    public double apply(double a, double b) {
      return a > b ? 1.0 : 0.0;
    }
  },
  GE("ge") {
    @Override
    public double apply(double a, double b) {
      return a >= b ? 1.0 : 0.0;
    }
  },
  LT("lt") {
    @Override
    public double apply(double a, double b) {
      return a < b ? 1.0 : 0.0;
    }
  },
  LE("le") {
    @Override
    public double apply(double a, double b) {
      return a <= b ? 1.0 : 0.0;
    }
  },
  EQ("eq") {
    @Override
    public double apply(double a, double b) {
      return a == b ? 1.0 : 0.0;
    }
  },
  NE("ne") {
    @Override
    public double apply(double a, double b) {
      return a != b ? 1.0 : 0.0;
    }
  },
  /** The second argument, ignoring the first: assignment. */
  RIGHT("assign") {
    @Override
    public double apply(double a, double b) {
      return b;
    }
  };

  private final String opName;

  BinaryOp(String opName) {
    this.opName = opName;
  }

  /** The name used in error messages, e.g. {@code add}. */
  public String opName() {
    return opName;
  }

  /** The function, computed in double; kernels may specialise it but must agree with it. */
  public abstract double apply(double a, double b);
}
