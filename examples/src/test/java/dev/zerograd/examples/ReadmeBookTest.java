package dev.zerograd.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * README.md's table of the book's experiments as it stands: every command in it parses (its
 * options included), {@code bench/book_figures.sh} runs each, and every figure it shows is a PNG
 * in {@code docs/book/}.
 */
class ReadmeBookTest {
  private static final Path ROOT = Path.of("..");
  private static final String SECTION = "## The book's experiments, chapters 4 to 8";

  private static List<String> section() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), UTF_8);
    int start = lines.indexOf(SECTION);
    assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  /** The third column's command of each row of the table (a subcommand and its options). */
  private static List<String> commands() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : section()) {
      String[] cells = line.split("\\|");
      if (line.startsWith("| ") && cells.length > 4 && cells[3].contains("`")) {
        out.add(cells[3].trim().replace("`", ""));
      }
    }
    return out;
  }

  @Test
  void everyCommandOfTheTableParsesAndTheFiguresScriptRunsIt() throws Exception {
    List<String> commands = commands();
    assertEquals(13, commands.size(), commands.toString());
    String script = Files.readString(ROOT.resolve("bench/book_figures.sh"), UTF_8);
    for (String command : commands) {
      List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
      args.add("--help");
      CliRun r = CliRun.of(args.toArray(new String[0]));
      assertEquals(0, r.code, command + "\n" + r);
      assertTrue(r.out.startsWith("Usage: zerograd-examples " + args.get(0)), r.out);
      String options = command.substring(args.get(0).length()).trim();
      Pattern run = Pattern.compile("\\]=\"" + Pattern.quote(args.get(0)) + "(?: \\$d)?"
          + (options.isEmpty() ? "" : " " + Pattern.quote(options)) + "[ \"]");
      assertTrue(run.matcher(script).find(), "bench/book_figures.sh runs: " + command);
    }
  }

  @Test
  void everyFigureShownIsAPngInDocs() throws Exception {
    Matcher m = Pattern.compile("!\\[[^\\]]*\\]\\((docs/book/[^)]+\\.png)\\)").matcher(String.join("\n", section()));
    int figures = 0;
    while (m.find()) {
      Path png = ROOT.resolve(m.group(1));
      assertTrue(Files.isRegularFile(png), png + " is missing");
      BufferedImage img = ImageIO.read(png.toFile());
      assertNotNull(img, png + " is not an image");
      assertTrue(img.getWidth() >= 300 && img.getHeight() >= 150, png + " is too small");
      figures++;
    }
    assertEquals(14, figures);
  }
}
