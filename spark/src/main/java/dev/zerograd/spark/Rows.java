package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** DataFrame columns read as zerograd's inputs, with the schema checked on the driver first. */
final class Rows {
  private Rows() {}

  private static final List<DataType> INTEGERS =
      List.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.ShortType, DataTypes.ByteType);

  /**
   * The index of a column of feature arrays.
   *
   * @throws IllegalArgumentException naming the column and the columns there are, or its type
   */
  static int featuresColumn(Dataset<Row> data, String column) {
    StructField f = field(data, column);
    checkArgument(
        f.dataType() instanceof ArrayType a
            && (a.elementType().equals(DataTypes.FloatType)
                || a.elementType().equals(DataTypes.DoubleType)),
        "features column %s is %s; it must be array<float> or array<double>",
        column,
        f.dataType().simpleString());
    return data.schema().fieldIndex(column);
  }

  private static StructField field(Dataset<Row> data, String column) {
    checkArgument(
        Arrays.asList(data.columns()).contains(column),
        "no column %s; the columns are %s",
        column,
        Arrays.toString(data.columns()));
    return data.schema().apply(column);
  }

  /** The examples of a DataFrame. */
  static JavaRDD<Sample> samples(Dataset<Row> data, String features, String label) {
    int fi = featuresColumn(data, features);
    StructField lf = field(data, label);
    checkArgument(
        INTEGERS.contains(lf.dataType()),
        "label column %s is %s; it must be an integer type (the class index)",
        label,
        lf.dataType().simpleString());
    int li = data.schema().fieldIndex(label);
    return data.javaRDD().map(r -> new Sample(features(r, fi), ((Number) r.get(li)).intValue()));
  }

  /** The features of one row as floats. */
  static float[] features(Row r, int column) {
    checkArgument(!r.isNullAt(column), "features: a row has no features (null)");
    List<Object> values = r.getList(column);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).floatValue();
    }
    return out;
  }
}
