package org.l2o.env;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints this machine's {@link EnvironmentInfo} as JSON: {@code java -cp 'lib/*'
 * org.l2o.env.EnvironmentReport [--no-tensorflow] [--device auto|cpu|gpu] [--git-dir DIR] [--out FILE]}.
 *
 * <p>It exists for places without the full CLI: a container build runs it once to extract TF's
 * natives into the image (so tasks don't each pay the ~8 s, 650 MB extraction), and {@code
 * --device gpu} is a one-line check that a GPU image really sees its GPU. Exit codes: 0 ok,
 * 1 the requested device is unavailable, 2 usage error.
 */
public final class EnvironmentReport {

  static final String USAGE = "usage: EnvironmentReport [--no-tensorflow] [--device auto|cpu|gpu] [--git-dir DIR] [--out FILE]";

  private EnvironmentReport() {
  }

  public static void main(String[] args) {
    int code = run(List.of(args), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean includeTensorFlow = true;
    String device = null;
    Path gitDir = Path.of("").toAbsolutePath();
    Path outFile = null;
    try {
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--no-tensorflow" -> includeTensorFlow = false;
          case "--device" -> device = value(args, ++i);
          case "--git-dir" -> gitDir = Path.of(value(args, ++i));
          case "--out" -> outFile = Path.of(value(args, ++i));
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "'");
        }
      }
      EnvironmentInfo info = EnvironmentCapture.capture(gitDir, includeTensorFlow);
      if (device != null) {
        DeviceChoice choice = new DeviceSelector(GpuProbe.system(), err::println).select(device);
        info = info.withDevice(choice);
      }
      if (outFile != null) {
        info.writeJson(outFile);
      } else {
        out.println(info.toJson());
      }
      return 0;
    } catch (DeviceUnavailableException e) {
      err.println("environment: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("environment: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
  }

  private static String value(List<String> args, int index) {
    if (index >= args.size()) {
      throw new IllegalArgumentException("option " + args.get(index - 1) + " needs a value");
    }
    return args.get(index);
  }
}
