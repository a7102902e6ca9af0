package io.github.lossdive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The job's options are declared once: the usage text and the README's option table list the same ones. */
class ReadmeOptionsTest {
  /** An option as a README table row starts with it: {@code | `--input PATH` |}, several in one cell allowed. */
  static final Pattern ROW = Pattern.compile("^\\| (`--[a-z-]+[^|]*)\\|", Pattern.MULTILINE);
  static final Pattern OPTION = Pattern.compile("`(--[a-z-]+)");

  @Test
  void theReadmeTableListsExactlyTheDeclaredOptions() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    TreeSet<String> documented = new TreeSet<>();
    Matcher rows = ROW.matcher(readme);
    while (rows.find()) {
      Matcher o = OPTION.matcher(rows.group(1));
      while (o.find()) {
        documented.add(o.group(1));
      }
    }
    TreeSet<String> declared = new TreeSet<>();
    JobOptions.OPTIONS.forEach(o -> declared.add(o.name()));
    assertEquals(declared, documented, "README's option table vs JobOptions.OPTIONS");
  }

  @Test
  void theUsageTextComesFromTheDeclaration() {
    String usage = JobOptions.usage();
    for (JobOptions.Option o : JobOptions.OPTIONS) {
      assertTrue(usage.contains("  " + o.name() + (o.value() == null ? "" : " " + o.value())), o.name());
    }
  }
}
