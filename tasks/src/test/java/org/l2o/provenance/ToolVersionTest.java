package org.l2o.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool version enters every cache key: it must change exactly when the project's code does,
 * never with a rebuild's timestamps, or caches go stale or get thrown away for nothing.
 */
class ToolVersionTest {

  @TempDir Path tmp;

  private Path classesFolder(String name, String content) throws IOException {
    Path root = tmp.resolve(name).resolve("target").resolve("classes");
    Files.createDirectories(root.resolve("org/l2o"));
    Files.writeString(root.resolve("org/l2o/A.class"), content);
    Files.writeString(root.resolve("org/l2o/B.class"), "b");
    return root;
  }

  @Test
  void currentIsTheReleasePlusTwelveHexAndStableWithinTheJvm() {
    String v = ToolVersion.current();
    assertThat(v).matches("\\Q" + ToolVersion.RELEASE + "\\E\\+[0-9a-f]{12}");
    assertThat(ToolVersion.current()).isEqualTo(v);
  }

  @Test
  void theTestJvmsClasspathHoldsThisModulesClasses() {
    // surefire hands the classpath over in a manifest-only jar; the version must still see it
    assertThat(ToolVersion.projectClasspath())
        .anySatisfy(p -> assertThat(p.toString()).contains("tasks").endsWith("classes"));
  }

  @Test
  void digestIgnoresTimestampsButNotContentOrNames() throws IOException {
    Path a = classesFolder("a", "code");
    String before = ToolVersion.digestOf(List.of(a));
    Files.setLastModifiedTime(a.resolve("org/l2o/A.class"), FileTime.fromMillis(0));
    assertThat(ToolVersion.digestOf(List.of(a))).as("a rebuild with the same code").isEqualTo(before);
    assertThat(ToolVersion.digestOf(List.of(classesFolder("copy", "code"))))
        .as("the same code in another checkout").isEqualTo(before);

    Files.writeString(a.resolve("org/l2o/A.class"), "code!");
    assertThat(ToolVersion.digestOf(List.of(a))).as("one changed byte").isNotEqualTo(before);

    Path renamed = classesFolder("r", "code");
    Files.move(renamed.resolve("org/l2o/B.class"), renamed.resolve("org/l2o/C.class"));
    assertThat(ToolVersion.digestOf(List.of(renamed))).as("a renamed class").isNotEqualTo(before);
  }

  @Test
  void aJarIsDigestedByItsBytes() throws IOException {
    Path jar = tmp.resolve("l2o-tasks-0.1.0.jar");
    Files.write(jar, new byte[] {1, 2, 3});
    String d = ToolVersion.digestOf(List.of(jar));
    assertThat(d).hasSize(64).isEqualTo(ToolVersion.digestOf(List.of(jar)));
    Files.write(jar, new byte[] {1, 2, 4});
    assertThat(ToolVersion.digestOf(List.of(jar))).isNotEqualTo(d);
  }
}
