package dev.zerograd.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.ScoreBounds;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchScorerTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("BatchScorerTest").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static final ModelFactory NET = () -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0);

  private static Dataset<Row> images(Tensor x, boolean asDoubles) {
    int n = x.dim(0);
    double[] v = x.toDoubleArray();
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add(
                "image",
                DataTypes.createArrayType(asDoubles ? DataTypes.DoubleType : DataTypes.FloatType));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] f = new Object[784];
      for (int j = 0; j < 784; j++) {
        f[j] = asDoubles ? (Object) v[i * 784 + j] : (Object) (float) v[i * 784 + j];
      }
      rows.add(RowFactory.create(i, f));
    }
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  @Test
  void predictionsAreThoseOfPredictOnTheSameCheckpointToFloat32Rounding(@TempDir Path tmp) throws Exception {
    // A net with trained-looking weights: random, larger than the initial 0.01, saved to disk.
    Generator g = new Generator(11);
    TwoLayerNet net = NET.create() instanceof TwoLayerNet t ? t : null;
    net.namedParameters().values().forEach(
        p -> p.value().assignInPlace(g.normal(DType.FLOAT32, 0, 0.5, p.shape().toArray())));
    Path file = tmp.resolve("net.npz");
    Checkpoint.save(net, file);
    Tensor x = g.uniform(DType.FLOAT32, 0, 1, 2500, 784);

    Tensor scores = net.predict(x);
    int[] expected = scores.argmax(1);
    Tensor probabilities = scores.softmax(1);

    // The scorer runs the same float32 products in batches of another size, which BLAS may
    // round differently (another kernel, another blocking): equal means equal to within the
    // rounding bound of both evaluations, derived from float32 and the products' lengths.
    Tensor scoreError = ScoreBounds.scoreError(net, x);
    Tensor probabilityBound = Rounding.softmaxErrorBound(scores, scoreError).mul(2);

    List<Row> scored =
        BatchScorer.score(images(x, false), "image", NET, file).orderBy("id").collectAsList();
    assertEquals(2500, scored.size());
    int[] predicted = new int[2500];
    double[] fromSpark = new double[2500 * 10];
    for (Row r : scored) {
      int id = r.getInt(0);
      predicted[id] = r.getInt(r.fieldIndex("prediction"));
      List<Double> row = r.getList(r.fieldIndex("probabilities"));
      assertEquals(10, row.size());
      for (int c = 0; c < 10; c++) {
        fromSpark[id * 10 + c] = row.get(c);
      }
    }
    Tensor sparkProbabilities = Tensor.of(fromSpark, 2500, 10);
    assertTrue(
        Rounding.within(sparkProbabilities, probabilities, probabilityBound),
        Rounding.describe(sparkProbabilities, probabilities, probabilityBound));
    ScoreBounds.assertSameClasses(expected, predicted, scores, scoreError);

    // array<double> features score the same.
    List<Row> fromDoubles =
        BatchScorer.score(images(x, true), "image", NET, file).orderBy("id").collectAsList();
    int[] predictedFromDoubles = new int[2500];
    for (Row r : fromDoubles) {
      predictedFromDoubles[r.getInt(0)] = r.getInt(r.fieldIndex("prediction"));
    }
    ScoreBounds.assertSameClasses(expected, predictedFromDoubles, scores, scoreError);
  }

  @Test
  void badInputsAreOneClearErrorBeforeAnyJob(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("net.npz");
    Checkpoint.save(NET.create(), file);
    Dataset<Row> df = images(new Generator(1).uniform(DType.FLOAT32, 0, 1, 5, 784), false);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BatchScorer.score(df, "pixels", NET, file));
    assertEquals("no column pixels; the columns are [id, image]", e.getMessage());

    ModelFactory wide = () -> new TwoLayerNet(785, 50, 10, 0.01, DType.FLOAT32, 0);
    e = assertThrows(IllegalArgumentException.class, () -> BatchScorer.score(df, "image", wide, file));
    assertTrue(
        e.getMessage().contains("'W1' is (784, 50) float32 in the file but (785, 50) float32"),
        e.getMessage());

    SparkTrainerTest.Unserializable settings = new SparkTrainerTest.Unserializable();
    ModelFactory capturing = () -> new TwoLayerNet(784, 50, 10, settings.lr, DType.FLOAT32, 0);
    e = assertThrows(IllegalArgumentException.class, () -> BatchScorer.score(df, "image", capturing, file));
    assertTrue(
        e.getMessage().startsWith(
            "the model factory captures an object of class"
                + " dev.zerograd.spark.SparkTrainerTest$Unserializable"),
        e.getMessage());

    Path other = tmp.resolve("wide.npz");
    Checkpoint.save(wide.create(), other);
    e = assertThrows(IllegalArgumentException.class, () -> BatchScorer.score(df, "image", wide, other));
    assertTrue(e.getMessage().startsWith("features: the rows have 784 values"), e.getMessage());
  }
}
