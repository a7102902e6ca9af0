package io.github.lossdive.cli;

import io.github.lossdive.InvalidArgumentException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.AccessControlException;

/**
 * Where the job writes a report: any path or URI that Spark's Hadoop configuration can write
 * ({@code file:}, {@code hdfs:}, {@code s3a:}, {@code abfs:}), or a plain local path. Written through
 * Hadoop's {@code FileSystem}, so that a job in {@code --deploy-mode cluster} leaves its report on
 * shared storage rather than in a container's working directory.
 *
 * <p>{@link #check} runs before any data is read: a place that cannot be written is the user's
 * mistake, reported at once with the path and the reason, not after an hour of work.
 */
final class OutputLocation {
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

  private final String text;
  private final String option;
  private final Path path;

  /** An {@code --output} location as the user wrote it; without a scheme it is a local path. */
  OutputLocation(String text) {
    this(text, "--output");
  }

  /** A location given with {@code option}, for messages. */
  OutputLocation(String text, String option) {
    this.text = text;
    this.option = option;
    // A scheme is two or more characters before ':' ("C:" is a drive); anything else is a local path.
    this.path = SCHEME.matcher(text).lookingAt()
        ? new Path(text)
        : new Path(new java.io.File(text).getAbsoluteFile().toURI());
  }

  /** The location as the user wrote it. */
  String text() {
    return text;
  }

  /** The fully qualified location, as Spark's writers take it. */
  String uri() {
    return path.toUri().toString();
  }

  /**
   * Checks that a file (or, for a table, a directory) can be written here: an existing directory
   * where a file is wanted, a parent that is a file or cannot be created, or no permission to write
   * in the parent are each an {@link InvalidArgumentException} naming the location and the reason.
   *
   * @param table whether a table (a directory Spark's writer fills) rather than one file is written
   */
  void check(Configuration conf, boolean table) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus status = exists(fs, path);
      if (status != null && status.isDirectory() && !table) {
        throw refuse("it is an existing directory; give a file name such as report.json");
      }
      if (status != null && !status.isDirectory() && table) {
        throw refuse("it is an existing file; a table output is a directory");
      }
      Path parent = path.getParent();
      if (parent == null) {
        return;
      }
      FileStatus p = exists(fs, parent);
      if (p != null && !p.isDirectory()) {
        throw refuse("its parent " + parent + " is a file");
      }
      if (p == null && !fs.mkdirs(parent)) {
        throw refuse("its parent directory " + parent + " cannot be created");
      }
      fs.access(parent, FsAction.WRITE);
    } catch (AccessControlException e) {
      throw refuse("no permission to write there (" + LossDiveJob.firstLine(e.getMessage()) + ")");
    } catch (IOException e) {
      throw refuse(LossDiveJob.firstLine(String.valueOf(e.getMessage())));
    }
  }

  /** Writes {@code content} (UTF-8) as the file's whole content, replacing any file there: see {@link #write(Configuration, Content)}. */
  void write(Configuration conf, String content) {
    write(conf, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** What is written into a file. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes the file atomically: under a hidden temporary name beside it, then renamed over it, so
   * a reader sees the old file or the new one, never half of one, even when the job is killed
   * mid-write. A local file is moved with the operating system's atomic rename; on HDFS and other
   * Hadoop file systems, with {@code FileContext}'s rename that overwrites (atomic on HDFS; an
   * object store such as S3 has no rename, but shows an object only once it is complete).
   */
  void write(Configuration conf, Content content) {
    String hidden = "." + path.getName() + "." + UUID.randomUUID() + ".tmp";
    try {
      if ("file".equals(path.toUri().getScheme())) {
        java.nio.file.Path target = java.nio.file.Path.of(path.toUri());
        java.nio.file.Path tmp = target.resolveSibling(hidden);
        try {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
          }
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
        return;
      }
      FileSystem fs = path.getFileSystem(conf);
      Path tmp = new Path(path.getParent(), hidden);
      try {
        try (OutputStream out = fs.create(tmp, false)) {
          content.writeTo(out);
        }
        rename(fs, conf, tmp);
      } finally {
        if (fs.exists(tmp)) {
          fs.delete(tmp, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + text + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames {@code tmp} over the target: through {@code FileContext}, atomic where the file system
   * is (HDFS); a file system with no {@code FileContext} binding deletes the old file first.
   */
  private void rename(FileSystem fs, Configuration conf, Path tmp) throws IOException {
    FileContext context;
    try {
      context = FileContext.getFileContext(path.toUri(), conf);
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      fs.delete(path, false);
      if (!fs.rename(tmp, path)) {
        throw new IOException("cannot rename " + tmp + " to " + path);
      }
      return;
    }
    context.rename(tmp, path, Options.Rename.OVERWRITE);
  }

  private static FileStatus exists(FileSystem fs, Path p) throws IOException {
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  private InvalidArgumentException refuse(String why) {
    return new InvalidArgumentException("Cannot write " + option + " " + text + ": " + why + ".");
  }
}
