package dev.zerograd.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/** AllReduce among the tasks of a real barrier stage (local[3]: three task slots). */
class AllReduceTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[3]").appName("AllReduceTest").getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Task r sums, three times, vectors whose values are chosen so that the order shows. */
  static final class Sums
      extends AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>>
      implements java.io.Serializable {
    private final Rendezvous.Address rendezvous;

    Sums(Rendezvous.Address rendezvous) {
      this.rendezvous = rendezvous;
    }

    @Override
    public scala.collection.Iterator<double[]> apply(scala.collection.Iterator<Integer> in) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      int r = ctx.partitionId();
      List<double[]> out = new ArrayList<>();
      try (AllReduce net = AllReduce.connect(ctx, rendezvous, "test")) {
        for (int round = 0; round < 3; round++) {
          // 1e16, 1, -1e16: in task order ((1e16 + 1) - 1e16) = 0 in float64; in another order, 1.
          double[] v = {r == 0 ? 1e16 : r == 1 ? 1 : -1e16, r + round, 1000 * r + 1e5 * round};
          out.add(net.sum(v));
        }
        out.add(new double[] {net.rank(), net.size()});
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return CollectionConverters.asScala(out.iterator());
    }
  }

  @Test
  void everyTaskGetsTheSameSumAddedInTaskOrder() throws Exception {
    JavaRDD<Integer> parts = sc.parallelize(List.of(0, 1, 2), 3);
    ClassTag<double[]> tag = ClassTag$.MODULE$.apply(double[].class);
    List<double[]> got;
    try (Rendezvous r = Rendezvous.open("127.0.0.1")) {
      got =
          JavaRDD.fromRDD(
                  parts.rdd().barrier().mapPartitions(new Sums(r.address()), false, tag), tag)
              .collect();
    }
    assertEquals(12, got.size());
    for (int task = 0; task < 3; task++) {
      for (int round = 0; round < 3; round++) {
        double[] sum = got.get(4 * task + round);
        assertArrayEquals(
            new double[] {(1e16 + 1) - 1e16, 3 + 3 * round, 3000 + 3e5 * round}, sum, 0.0,
            "task " + task + " round " + round);
      }
      assertArrayEquals(new double[] {task, 3}, got.get(4 * task + 3), 0.0);
    }
  }
}
