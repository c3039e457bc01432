package dev.zerograd.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven built, for the files this module writes (ONNX's producer_version). */
final class Versions {
  private Versions() {}

  static String zerograd() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("interop: cannot read its version.properties", e);
    }
    return p.getProperty("version");
  }
}
