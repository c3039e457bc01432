package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.AtomicFile;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Grids of small grey images as PNG: the book's figures of filters and of misclassified digits. */
final class ImageGrids {
  private ImageGrids() {}

  /** One cell: the pixels (row-major, any range: scaled to black-white per cell) and a caption. */
  record Cell(float[] pixels, int height, int width, String caption) {}

  /**
   * Writes the cells as a grid of {@code columns}, each pixel drawn {@code scale} times, with its
   * caption below; the image is {@code columns * cellWidth} wide.
   *
   * @return the image's width and height
   */
  static int[] write(Path file, List<Cell> cells, int columns, int scale, boolean invert)
      throws IOException {
    int h = cells.isEmpty() ? 1 : cells.get(0).height();
    int w = cells.isEmpty() ? 1 : cells.get(0).width();
    int caption = cells.stream().anyMatch(c -> !c.caption().isEmpty()) ? 14 : 0;
    int cellW = w * scale + 6;
    int cellH = h * scale + 6 + caption;
    int rows = Math.max(1, (cells.size() + columns - 1) / columns);
    BufferedImage img = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int k = 0; k < cells.size(); k++) {
      Cell c = cells.get(k);
      int x0 = (k % columns) * cellW + 3;
      int y0 = (k / columns) * cellH + 3;
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (float v : c.pixels()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      float range = hi > lo ? hi - lo : 1;
      for (int i = 0; i < c.height(); i++) {
        for (int j = 0; j < c.width(); j++) {
          float t = (c.pixels()[i * c.width() + j] - lo) / range;
          int grey = Math.round(255 * (invert ? 1 - t : t));
          g.setColor(new Color(grey, grey, grey));
          g.fillRect(x0 + j * scale, y0 + i * scale, scale, scale);
        }
      }
      if (!c.caption().isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString(c.caption(), x0, y0 + h * scale + 12);
      }
    }
    g.dispose();
    AtomicFile.write(file, out -> ImageIO.write(img, "png", out));
    return new int[] {img.getWidth(), img.getHeight()};
  }

  /**
   * The first {@code max} misclassified images of {@code split} under {@code net}, each captioned
   * "label -> prediction", as the book's figure 8-5.
   *
   * @return how many were drawn
   */
  static int misclassified(Path file, Module net, Mnist.Split split, int max) throws IOException {
    int[] predicted = net.predict(split.images()).argmax(1);
    int[] labels = split.labels();
    List<Cell> cells = new ArrayList<>();
    int side = (int) Math.round(Math.sqrt(split.images().dim(1)));
    for (int i = 0; i < labels.length && cells.size() < max; i++) {
      if (predicted[i] != labels[i]) {
        Tensor row = split.images().select(0, i);
        cells.add(new Cell(row.toFloatArray(), side, side, labels[i] + " -> " + predicted[i]));
      }
    }
    write(file, cells, 10, 2, true);
    return cells.size();
  }
}
