package org.l2o.nextflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks Nextflow scripts and configs against the strict syntax (the parser Nextflow 26.04 makes
 * the default, and what {@code nextflow lint} reports), with the real parser: {@code
 * io.nextflow:nf-lang}. Nextflow 24.10, which runs the pipeline here, has no such parser; nf-lang
 * 25.04.0 is on Maven Central on its own.
 *
 * <p>Like Nextflow itself, nf-lang never joins our classpath (it brings Groovy 4): a tiny program
 * is run as a separate {@code java} source-file launch with nf-lang's classpath, resolved from a
 * standalone POM written under {@code target/}.
 */
final class StrictSyntaxLint {

  static final String NF_LANG_VERSION = "25.04.0";
  static final Duration TIMEOUT_DEFAULT = Duration.ofMinutes(3);

  private static final String POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- Written by StrictSyntaxLint (a test): resolves Nextflow's strict-syntax parser. -->
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.l2o</groupId>
        <artifactId>l2o-nf-lang-runtime</artifactId>
        <version>0.1.0</version>
        <packaging>pom</packaging>
        <dependencies>
          <dependency><groupId>io.nextflow</groupId><artifactId>nf-lang</artifactId><version>%s</version></dependency>
        </dependencies>
        <build>
          <pluginManagement>
            <plugins>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
            </plugins>
          </pluginManagement>
        </build>
      </project>
      """.formatted(NF_LANG_VERSION);

  /** Parses every file given (.nf as scripts, .config as configs), analyses them, prints ERROR/WARN lines. */
  private static final String LINT_PROGRAM = """
      import java.io.File;
      import java.util.ArrayList;
      import java.util.List;
      import nextflow.config.control.ConfigParser;
      import nextflow.script.control.ScriptParser;
      import org.codehaus.groovy.control.SourceUnit;
      import org.codehaus.groovy.control.messages.Message;
      import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
      import org.codehaus.groovy.control.messages.WarningMessage;

      public class Lint {
        public static void main(String[] args) {
          ScriptParser scripts = new ScriptParser();
          ConfigParser configs = new ConfigParser();
          for (String a : args) {
            if (a.endsWith(".config")) { configs.parse(new File(a)); } else { scripts.parse(new File(a)); }
          }
          scripts.analyze();
          configs.analyze();
          List<SourceUnit> units = new ArrayList<>(scripts.compiler().getSources().values());
          units.addAll(configs.compiler().getSources().values());
          int errors = 0;
          for (SourceUnit unit : units) {
            List<? extends Message> es = unit.getErrorCollector().getErrors();
            if (es != null) {
              for (Message m : es) {
                errors++;
                if (m instanceof SyntaxErrorMessage s) {
                  System.out.println("ERROR " + unit.getName() + ":" + s.getCause().getStartLine() + ":"
                      + s.getCause().getStartColumn() + " " + s.getCause().getOriginalMessage());
                } else {
                  System.out.println("ERROR " + unit.getName() + " " + m);
                }
              }
            }
            List<? extends WarningMessage> ws = unit.getErrorCollector().getWarnings();
            if (ws != null) {
              for (WarningMessage w : ws) {
                System.out.println("WARN " + unit.getName() + ":" + (w.getContext() == null ? "?" : w.getContext().getStartLine())
                    + " " + w.getMessage());
              }
            }
          }
          System.out.println("checked " + args.length + " files, " + errors + " errors");
        }
      }
      """;

  /** What the parser said: one line per error or warning. */
  record Report(List<String> errors, List<String> warnings, String output) { }

  private StrictSyntaxLint() {}

  /** Lints {@code files} (relative to {@code pipelineDir}). */
  static Report lint(Path pipelineDir, List<String> files) {
    Path module = NextflowHarness.pipelineModuleDir();
    Path runtime = module.resolve("target/nf-lang-runtime");
    try {
      Files.createDirectories(runtime);
      Path pom = writeIfChanged(runtime.resolve("pom.xml"), POM);
      Path program = writeIfChanged(runtime.resolve("Lint.java"), LINT_PROGRAM);
      String classpath = NextflowHarness.resolveClasspath(runtime, pom, runtime.resolve("nf-lang.classpath"),
          "nf-lang-" + NF_LANG_VERSION + ".jar");
      List<String> command = new ArrayList<>(List.of(
          NextflowHarness.javaFor(System.getenv("NXF_JAVA_HOME")).toString(), "-cp", classpath, program.toString()));
      command.addAll(files);
      NextflowHarness.Result r = NextflowHarness.execute(command, pipelineDir, Map.of(), TIMEOUT_DEFAULT,
          Files.createDirectories(runtime.resolve("logs")), "lint-" + System.nanoTime());
      if (r.timedOut() || r.exitCode() != 0 || !r.stdout().contains("checked " + files.size() + " files")) {
        throw new IllegalStateException("the nf-lang " + NF_LANG_VERSION + " lint did not run to the end (exit "
            + r.exitCode() + (r.timedOut() ? ", timed out" : "") + "):\n" + r.stdout() + "\n" + r.stderr());
      }
      List<String> errors = r.stdout().lines().filter(l -> l.startsWith("ERROR ")).toList();
      List<String> warnings = r.stdout().lines().filter(l -> l.startsWith("WARN ")).toList();
      return new Report(errors, warnings, r.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the nf-lang lint under " + runtime, e);
    }
  }

  /** Keeps the POM's timestamp (and so the classpath cache) when the content is unchanged. */
  private static Path writeIfChanged(Path file, String content) throws IOException {
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(content)) {
      Files.writeString(file, content);
    }
    return file;
  }
}
