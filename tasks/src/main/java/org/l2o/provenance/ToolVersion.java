package org.l2o.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The tool's version as it enters every task's cache key: the release number plus a digest of the
 * project's own code (its jars or class folders on the classpath).
 *
 * <p>A digest, not a git commit, because a rebuilt tool with uncommitted changes must not give
 * stale cache hits. The build writes reproducible jars, so rebuilding unchanged code keeps the
 * digest and the cache.
 */
public final class ToolVersion {

  public static final String RELEASE = "0.1.0";

  private static volatile String cached;

  private ToolVersion() {}

  /** {@code 0.1.0+<12 hex>}, computed once per JVM. */
  public static String current() {
    String v = cached;
    if (v == null) {
      v = RELEASE + "+" + digestOf(projectClasspath()).substring(0, 12);
      cached = v;
    }
    return v;
  }

  /** The classpath entries that hold this project's code (l2o-* jars, or module class folders). */
  static List<Path> projectClasspath() {
    List<Path> mine = new ArrayList<>();
    for (String entry : expandedClasspath()) {
      Path p = Path.of(entry);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      boolean ourJar = (name.startsWith("l2o-") || name.equals("l2o.jar")) && name.endsWith(".jar");
      boolean ourClasses =
          Files.isDirectory(p) && (name.equals("classes")) && p.toString().contains(
              java.io.File.separator + "target" + java.io.File.separator);
      if (ourJar || ourClasses) {
        mine.add(p);
      }
    }
    mine.sort(null);
    return mine;
  }

  /** java.class.path, with a manifest-only jar's Class-Path followed (surefire uses one). */
  private static List<String> expandedClasspath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      out.add(e);
      if (e.endsWith(".jar") && !Path.of(e).getFileName().toString().startsWith("l2o")) {
        try (JarFile jar = new JarFile(e)) {
          Manifest m = jar.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              if (u.startsWith("file:")) {
                out.add(Path.of(java.net.URI.create(u)).toString());
              }
            }
          }
        } catch (IOException | IllegalArgumentException ignored) {
          // not a readable jar: it cannot hold our code
        }
      }
    }
    return out;
  }

  static String digestOf(List<Path> roots) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path root : roots) {
        if (Files.isDirectory(root)) {
          List<Path> files;
          try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
          }
          for (Path f : files) {
            md.update(root.relativize(f).toString().replace('\\', '/').getBytes());
            update(md, f);
          }
        } else {
          update(md, root);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tool's own code to version it", e);
    }
  }

  private static void update(MessageDigest md, Path file) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
  }
}
