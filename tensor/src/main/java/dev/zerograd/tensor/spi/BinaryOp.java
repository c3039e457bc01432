package dev.zerograd.tensor.spi;

/** Elementwise functions of two arguments, computed in double and rounded to the output type. */
public enum BinaryOp {
  /** {@code a + b}. */
  ADD("add") {
    @Override
    public double apply(double a, double b) {
      return a + b;
    }
  },
  /** {@code a - b}. */
  SUB("sub") {
    @Override
    public double apply(double a, double b) {
      return a - b;
    }
  },
  /** {@code a * b}. */
  MUL("mul") {
    @Override
    public double apply(double a, double b) {
      return a * b;
    }
  },
  /** {@code a / b}. */
  DIV("div") {
    @Override
    public double apply(double a, double b) {
      return a / b;
    }
  },
  /** {@code a} to the power {@code b}. */
  POW("pow") {
    @Override
    public double apply(double a, double b) {
      return Math.pow(a, b);
    }
  },
  /** The larger of the two; NaN if either is NaN. */
  MAXIMUM("maximum") {
    @Override
    public double apply(double a, double b) {
      return Math.max(a, b);
    }
  },
  /** The smaller of the two; NaN if either is NaN. */
  MINIMUM("minimum") {
    @Override
    public double apply(double a, double b) {
      return Math.min(a, b);
    }
  },
  /** 1 where {@code a > b}, else 0. */
  GT("gt") {
    @Override
    public double apply(double a, double b) {
      return a > b ? 1.0 : 0.0;
    }
  },
  /** 1 where {@code a >= b}, else 0. */
  GE("ge") {
    @Override
    public double apply(double a, double b) {
      return a >= b ? 1.0 : 0.0;
    }
  },
  /** 1 where {@code a < b}, else 0. */
  LT("lt") {
    @Override
    public double apply(double a, double b) {
      return a < b ? 1.0 : 0.0;
    }
  },
  /** 1 where {@code a <= b}, else 0. */
  LE("le") {
    @Override
    public double apply(double a, double b) {
      return a <= b ? 1.0 : 0.0;
    }
  },
  /** 1 where {@code a == b}, else 0. */
  EQ("eq") {
    @Override
    public double apply(double a, double b) {
      return a == b ? 1.0 : 0.0;
    }
  },
  /** 1 where {@code a != b}, else 0. */
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

  /**
   * The name used in error messages, e.g. {@code add}.
   *
   * @return the op's name
   */
  public String opName() {
    return opName;
  }

  /**
   * The function, computed in double; kernels may specialise it but must agree with it.
   *
   * @param a the left operand
   * @param b the right operand
   * @return the function, computed in double; kernels may specialise it but must agree with it
   */
  public abstract double apply(double a, double b);
}
