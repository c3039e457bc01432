package dev.zerograd.nn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file all at once or not at all: the bytes go to a temporary file beside the target,
 * which is flushed to disk and then renamed over the target, so that a crash or a kill mid-write
 * leaves the previous file intact.
 *
 * <p>The file gets the permissions a plain write would give it: those of the file it replaces,
 * or for a new file the umask's default ({@code 0666 & ~umask}). The temporary file is named
 * {@code .NAME.PID.tmp}; one left behind by a killed process is removed by the next write to the
 * same target.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes the content of a file. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content to {@code out}.
     *
     * @param out the temporary file's stream; not to be closed
     * @throws IOException when writing fails (the target is left as it was)
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code file} with what {@code content} writes, atomically.
   *
   * @param file the file
   * @param content the content
   * @throws IOException naming the file and the reason when it cannot be written; the previous
   *     file is then untouched and no temporary file remains
   */
  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    checkWritable(target);
    Path dir = target.getParent();
    removeStaleTemporaries(dir, target.getFileName().toString());
    Path tmp = temporary(target);
    IN_PROGRESS.add(tmp);
    try {
      try (OutputStream out =
          Files.newOutputStream(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      keepPermissions(target, tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw named(file, e);
    } finally {
      Files.deleteIfExists(tmp);
      IN_PROGRESS.remove(tmp);
    }
  }

  /**
   * The temporary files of writes under way; a graceful exit (SIGTERM, Ctrl-C, System.exit)
   * deletes them, so that no half-written file outlives an interrupted save.
   */
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Path p : IN_PROGRESS) {
                    try {
                      Files.deleteIfExists(p);
                    } catch (IOException e) {
                      // exiting: nothing more to do
                    }
                  }
                },
                "zerograd-atomic-file-cleanup"));
  }

  /**
   * An I/O error that names the file: the JVM's messages for a full disk or a failed move say
   * only "No space left on device" or a temporary file's name.
   */
  private static IOException named(Path file, IOException e) {
    String m = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
        ? ((FileSystemException) e).getReason()
        : e.getMessage();
    if (m != null && m.startsWith(file.toString())) {
      return e;
    }
    return new IOException(file + ": cannot write it: " + (m == null ? e.toString() : m), e);
  }

  /**
   * Checks, before long work, that the disk holding {@code file} has room for about {@code
   * bytes} more (a full disk found at the end would lose the run's result).
   *
   * @param file the file to be written
   * @param bytes its expected size
   * @throws IOException naming the file, the size and the free space when there is not enough
   */
  public static void checkSpace(Path file, long bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    long free = Files.getFileStore(dir).getUsableSpace();
    // The temporary file exists beside the old one until the rename: room for one more copy.
    if (free < bytes + (1 << 20)) {
      throw new IOException(
          String.format(
              java.util.Locale.ROOT,
              "%s: not enough space: the file needs about %.1f MiB and %s has %.1f MiB free; free"
                  + " some space or write elsewhere",
              file, bytes / 1048576.0, dir, free / 1048576.0));
    }
  }

  /**
   * Checks, before long work, that {@link #write} will be able to write {@code file}: it is not a
   * directory, its directory exists, and a file can be created there (a probe file is created
   * and deleted).
   *
   * @param file the file
   * @throws IOException with one line saying what is wrong: {@code PATH: is a directory}, {@code
   *     PATH: directory DIR does not exist}, {@code PATH: permission denied: cannot create files
   *     in DIR}
   */
  public static void checkWritable(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    if (target.getFileName() == null || Files.isDirectory(target)) {
      throw new IOException(file + ": is a directory; give a file name");
    }
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException(file + ": directory " + dir + " does not exist");
    }
    Path probe = temporary(target);
    try {
      Files.newOutputStream(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
    } catch (AccessDeniedException e) {
      throw new IOException(file + ": permission denied: cannot create files in " + dir, e);
    } catch (FileSystemException e) {
      throw new IOException(
          file + ": cannot create files in " + dir + (e.getReason() == null ? "" : ": " + e.getReason()),
          e);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static Path temporary(Path target) {
    return target.resolveSibling(
        "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
  }

  /** Deletes {@code .NAME.PID.tmp} files whose process is gone: leftovers of killed writes. */
  private static void removeStaleTemporaries(Path dir, String name) throws IOException {
    String prefix = "." + name + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
      for (Path f : files) {
        String middle =
            f.getFileName().toString().substring(prefix.length(), f.getFileName().toString().length() - 4);
        try {
          long pid = Long.parseLong(middle);
          if (ProcessHandle.of(pid).isEmpty()) {
            Files.deleteIfExists(f);
          }
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
  }

  private static void keepPermissions(Path target, Path tmp) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (view != null && Files.exists(target)) {
      Set<PosixFilePermission> mode = view.readAttributes().permissions();
      Files.setPosixFilePermissions(tmp, mode);
    }
  }
}
