package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report file is replaced whole or not at all: a reader sees the old file or the new one, never
 * half of one, whether the write fails or its JVM is killed midway.
 */
class AtomicWriteTest {
  static final String OLD = "{\"old\": true}\n";

  @Test
  void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("r.json");
    Files.writeString(target, OLD);
    OutputLocation o = new OutputLocation(target.toString());
    assertThrows(UncheckedIOException.class, () -> o.write(new Configuration(), out -> {
      out.write("{\"new\": ".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals(OLD, Files.readString(target));
    assertEquals(List.of(target), list(dir));
    o.write(new Configuration(), "{\"new\": true}\n");
    assertEquals("{\"new\": true}\n", Files.readString(target));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void aJvmKilledMidWriteLeavesTheOldFile(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("report.html");
    Files.writeString(target, OLD);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("HALF")) {
        // Hadoop's and log4j's start-up lines
      }
      assertEquals("HALF", line, "the writer reached the middle of its file");
      assertTrue(Files.readString(target).equals(OLD), "the target is untouched while the new file is written");
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(OLD, Files.readString(target), "a killed write leaves the old file whole");
  }

  /** Writes 1 MB of a report, says HALF, and waits to be killed. */
  public static final class SlowWriter {
    public static void main(String[] args) {
      new OutputLocation(args[0]).write(new Configuration(), out -> {
        out.write(new byte[1 << 20]);
        out.flush();
        System.out.println("HALF");
        System.out.flush();
        try {
          Thread.sleep(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
