package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame with a saved model: one model per partition, rows in batches without
 * recording (the model in evaluation mode), and two columns added: {@code prediction} (the class
 * of the highest score) and {@code probabilities} (the softmax of the scores). The checkpoint is
 * read and checked on the driver and reaches executors as one primitive array.
 *
 * <pre>{@code
 * Dataset<Row> scored =
 *     BatchScorer.score(images, "features", () -> new TwoLayerNet(...), Path.of("net.npz"));
 * }</pre>
 */
public final class BatchScorer {
  private BatchScorer() {}

  /** Rows per forward pass on an executor. */
  static final int BATCH = 1000;

  /**
   * The rows of {@code data} with {@code prediction} and {@code probabilities} added. Lazy, as
   * Spark transformations are; the input width is checked against the model at once.
   *
   * @param data the rows to score
   * @param featuresColumn the column of feature arrays ({@code array<float>} or {@code
   *     array<double>})
   * @param factory makes the model the checkpoint was saved from
   * @param checkpoint the model's {@code .npz} checkpoint
   * @return the scored rows
   * @throws IOException naming the file when the checkpoint cannot be read
   * @throws IllegalArgumentException when the checkpoint does not fit the model, a column is
   *     missing or of another type, or the rows' width is not the model's
   */
  public static Dataset<Row> score(
      Dataset<Row> data, String featuresColumn, ModelFactory factory, Path checkpoint)
      throws IOException {
    checkNotNull(factory, "BatchScorer: factory is null");
    Models.checkSerializable(factory, "the model factory");
    int column = Rows.featuresColumn(data, featuresColumn);
    checkArgument(
        !java.util.Arrays.asList(data.columns()).contains("prediction")
            && !java.util.Arrays.asList(data.columns()).contains("probabilities"),
        "BatchScorer: the data already has a prediction or probabilities column; rename it");
    Module model = Models.create(factory);
    Checkpoint.load(model, checkpoint);
    DType dtype = Models.parameterType(model);
    List<Row> widths =
        Errors.translate(
            () -> data.select(functions.size(functions.col(featuresColumn))).distinct().limit(2)
                .collectAsList());
    checkArgument(
        widths.size() <= 1,
        "features: rows of column %s have different widths (%s and %s)",
        featuresColumn,
        widths.isEmpty() ? null : widths.get(0).get(0),
        widths.size() > 1 ? widths.get(1).get(0) : null);
    if (!widths.isEmpty()) {
      Models.checkWidth(model, widths.get(0).getInt(0), dtype);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    Broadcast<StateVector> state = sc.broadcast(StateVector.of(model, true));
    StructType schema =
        data.schema()
            .add("prediction", DataTypes.IntegerType, false)
            .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    return data.mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
            rows -> scorePartition(rows, column, factory, state.value(), dtype),
        Encoders.row(schema));
  }

  /** On an executor: one model, rows scored {@link #BATCH} at a time. */
  static Iterator<Row> scorePartition(
      Iterator<Row> rows, int column, ModelFactory factory, StateVector state, DType dtype) {
    try (Blas.Scope cores = TaskSetup.enter()) {
      Module model = Models.create(factory);
      state.assignTo(model);
      model.eval();
      List<Row> out = new ArrayList<>();
      List<Row> chunk = new ArrayList<>(BATCH);
      while (rows.hasNext()) {
        chunk.add(rows.next());
        if (chunk.size() == BATCH || !rows.hasNext()) {
          score(model, chunk, column, dtype, out);
          chunk.clear();
        }
      }
      return out.iterator();
    }
  }

  private static void score(Module model, List<Row> chunk, int column, DType dtype, List<Row> out) {
    int width = Rows.features(chunk.get(0), column).length;
    double[] x = new double[chunk.size() * width];
    for (int i = 0; i < chunk.size(); i++) {
      float[] f = Rows.features(chunk.get(i), column);
      checkArgument(
          f.length == width, "features: a row has %s values, others %s", f.length, width);
      for (int j = 0; j < width; j++) {
        x[i * width + j] = f[j];
      }
    }
    Tensor scores = model.predict(Tensor.of(x, dtype, chunk.size(), width));
    int[] predicted = scores.argmax(1);
    Tensor probabilities = scores.softmax(1);
    int classes = scores.dim(1);
    double[] p = probabilities.toDoubleArray();
    for (int i = 0; i < chunk.size(); i++) {
      Row r = chunk.get(i);
      Object[] values = new Object[r.length() + 2];
      for (int j = 0; j < r.length(); j++) {
        values[j] = r.get(j);
      }
      values[r.length()] = predicted[i];
      values[r.length() + 1] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
      out.add(RowFactory.create(values));
    }
  }
}
