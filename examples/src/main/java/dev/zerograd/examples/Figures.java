package dev.zerograd.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The book's figures as PNG, drawn with XChart: line charts, histograms, grids of panels. */
final class Figures {
  /** One panel's size in pixels. */
  static final int WIDTH = 480;

  static final int HEIGHT = 360;

  private Figures() {}

  /** A line chart of the named series, each {@code {xs, ys}}. */
  static XYChart lines(
      String title, String xTitle, String yTitle, Map<String, double[][]> series, boolean markers) {
    return lines(title, xTitle, yTitle, series, markers, WIDTH, HEIGHT);
  }

  /** As {@link #lines(String, String, String, Map, boolean)}, in a panel of the given size. */
  static XYChart lines(
      String title,
      String xTitle,
      String yTitle,
      Map<String, double[][]> series,
      boolean markers,
      int width,
      int height) {
    System.setProperty("java.awt.headless", "true");
    XYChart c =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    series.forEach(
        (name, xy) -> {
          XYSeries s = c.addSeries(name, xy[0], xy[1]);
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
          s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        });
    return c;
  }

  /** A histogram in a panel of the given size: counts per bin, labelled by their lower edges. */
  static CategoryChart histogram(String title, double[] edges, long[] counts, int width, int height) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setAvailableSpaceFill(0.95);
    java.util.List<String> labels = new java.util.ArrayList<>();
    java.util.List<Long> values = new java.util.ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      labels.add(i % 5 == 0 ? String.format(java.util.Locale.ROOT, "%.1f", edges[i]) : " ".repeat(i % 5));
      values.add(counts[i]);
    }
    c.addSeries("count", labels, values);
    return c;
  }

  /**
   * Writes the panels (all of one size) as one PNG of {@code rows} x {@code columns} panels.
   *
   * @return the image's size, {@code {width, height}}
   */
  static int[] save(Path png, List<? extends Chart<?, ?>> panels, int rows, int columns)
      throws IOException {
    Chart<?, ?> first = panels.get(0);
    String file = png.toAbsolutePath().toString();
    String stem = file.endsWith(".png") ? file.substring(0, file.length() - 4) : file;
    @SuppressWarnings("unchecked")
    List<Chart<?, ?>> charts = (List<Chart<?, ?>>) panels;
    BitmapEncoder.saveBitmap(charts, rows, columns, stem, BitmapEncoder.BitmapFormat.PNG);
    if (!file.endsWith(".png")) {
      Files.move(Path.of(stem + ".png"), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return new int[] {columns * first.getWidth(), rows * first.getHeight()};
  }
}
