package dev.zerograd.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The textbook's figures: train/test accuracy per epoch, and the loss per iteration, as PNG. */
final class AccuracyPlot {
  private AccuracyPlot() {}

  /** Writes both charts side by side to {@code png}. */
  static void write(Path png, MnistTrainer.Result result) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Double> epochs = new ArrayList<>();
    List<Double> train = new ArrayList<>();
    List<Double> test = new ArrayList<>();
    for (MnistTrainer.Evaluation e : result.evaluations()) {
      epochs.add((double) e.epoch());
      train.add(e.trainAccuracy());
      test.add(e.testAccuracy());
    }
    XYChart acc =
        new XYChartBuilder()
            .width(600)
            .height(420)
            .title("accuracy")
            .xAxisTitle("epochs")
            .yAxisTitle("accuracy")
            .build();
    acc.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    acc.addSeries("train acc", epochs, train).setMarker(SeriesMarkers.CIRCLE);
    acc.addSeries("test acc", epochs, test).setMarker(SeriesMarkers.SQUARE);
    double[] losses = result.losses();
    double[] iters = new double[losses.length];
    for (int i = 0; i < iters.length; i++) {
      iters[i] = i;
    }
    XYChart loss =
        new XYChartBuilder()
            .width(600)
            .height(420)
            .title("loss")
            .xAxisTitle("iteration")
            .yAxisTitle("loss")
            .build();
    loss.getStyler().setXAxisDecimalPattern("#").setLegendPosition(
        org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    acc.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    loss.addSeries("train loss", iters, losses).setMarker(SeriesMarkers.NONE);
    loss.getSeriesMap().values().forEach(s -> s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line));
    List<Chart<?, ?>> charts = List.of(acc, loss);
    String file = png.toString();
    BitmapEncoder.saveBitmap(
        charts, 1, 2, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
        BitmapEncoder.BitmapFormat.PNG);
  }
}
