package io.github.lossdive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lossdive.evaluation.LossEvaluator;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The supported API, dumped from the compiled classes and compared with the committed list
 * {@code src/test/resources/api/lossdive-spark.api}, in the spirit of Kotlin's API dump and Spark's
 * MiMa: a change to what users can call is a deliberate diff of that file, reviewed with the code.
 *
 * <p>Supported: every public class outside {@code io.github.lossdive.internal} (the engine) and
 * {@code io.github.lossdive.loss} (the per-row formulas), whose package documentation says they
 * are not API, and its public and protected members. None of their signatures may name an engine,
 * formula or Catalyst type. After an intended change, regenerate the list with
 * {@code mvn test -Dtest=PublicApiTest -Dlossdive.api.update=true} and commit it.
 */
class PublicApiTest {
  static final Path LIST = Path.of("src/test/resources/api/lossdive-spark.api");

  @Test
  void theCompiledApiIsTheCommittedList() throws Exception {
    List<String> dump = dump();
    if (Boolean.getBoolean("lossdive.api.update")) {
      Files.write(LIST, dump, StandardCharsets.UTF_8);
    }
    List<String> committed = Files.readAllLines(LIST, StandardCharsets.UTF_8);
    List<String> added = new ArrayList<>(dump);
    added.removeAll(committed);
    List<String> removed = new ArrayList<>(committed);
    removed.removeAll(dump);
    assertTrue(added.isEmpty() && removed.isEmpty(), "The public API changed. Added: " + added + "\nRemoved: "
        + removed + "\nIf intended, run mvn test -Dtest=PublicApiTest -Dlossdive.api.update=true and commit " + LIST);
    assertEquals(committed, dump, "same entries, in order");
  }

  @Test
  void noSupportedSignatureNamesTheEngineOrCatalyst() throws Exception {
    for (String line : dump()) {
      assertTrue(!line.contains("io.github.lossdive.internal") && !line.contains("io.github.lossdive.loss.")
          && !line.contains("org.apache.spark.sql.catalyst"),
          "an engine or Catalyst type in the public API: " + line);
    }
  }

  @Test
  void aLossCannotBeWrittenOutsideTheProject() {
    // The per-row contract is closed: LossEvaluator's constructors are package-private.
    for (Constructor<?> c : LossEvaluator.class.getDeclaredConstructors()) {
      assertTrue(!Modifier.isPublic(c.getModifiers()) && !Modifier.isProtected(c.getModifiers()), c.toString());
    }
  }

  /** One line per public class and per public or protected member, sorted. */
  static List<String> dump() throws Exception {
    Path classes = Path.of(LossEvaluator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    TreeSet<String> lines = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes.resolve("io/github/lossdive"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.startsWith("io.github.lossdive.internal.") || name.startsWith("io.github.lossdive.loss.")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
        if (!supported(c)) {
          continue;
        }
        String type = c.getName();
        lines.add(type + " " + Modifier.toString(c.getModifiers() & ~Modifier.STATIC & ~Modifier.INTERFACE)
            + (c.isInterface() ? " interface" : c.isRecord() ? " record" : c.isEnum() ? " enum" : " class")
            + (c.getGenericSuperclass() == null ? "" : " extends " + c.getGenericSuperclass().getTypeName())
            + (c.getGenericInterfaces().length == 0 ? "" : " implements " + Stream.of(c.getGenericInterfaces())
                .map(java.lang.reflect.Type::getTypeName).sorted().toList()));
        for (Constructor<?> m : c.getDeclaredConstructors()) {
          add(lines, type, m, m.toGenericString());
        }
        for (Method m : c.getDeclaredMethods()) {
          if (!m.isSynthetic() && !m.isBridge()) {
            add(lines, type, m, m.toGenericString());
          }
        }
        for (Field m : c.getDeclaredFields()) {
          if (!m.isSynthetic()) {
            add(lines, type, m, m.toGenericString());
          }
        }
      }
    }
    return new ArrayList<>(lines);
  }

  private static boolean supported(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static void add(TreeSet<String> lines, String type, Member m, String signature) {
    int mod = m.getModifiers();
    if (Modifier.isPublic(mod) || (Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers()))) {
      lines.add(type + "  " + signature);
    }
  }
}
