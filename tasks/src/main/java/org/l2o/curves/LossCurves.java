package org.l2o.curves;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The training-loss curves of one optimizer on one problem, one curve per seed.
 *
 * <h3>File format</h3>
 *
 * A curve set is two files in one directory:
 *
 * <ul>
 *   <li>{@code curves.json}: the header, {@code {"format": "l2o-curves/1", "optimizer",
 *       "problem", "seeds": [..], "steps", "dtype": "float32-le", "layout": "seed-major",
 *       "meta": {..}}};
 *   <li>{@code curves.f32}: {@code seeds.length * steps} little-endian float32 values, seed-major:
 *       value {@code [s][t]} is at float index {@code s*steps + t}. Value {@code t} is the
 *       optimizee's training loss at step {@code t} (step 0 is the loss at initialisation). After a
 *       divergence the remaining values are NaN or Inf, as they came out.
 * </ul>
 *
 * Raw float32 keeps a 10-seed, 10,000-step curve set at 400 kB and readable from any language
 * ({@code numpy.fromfile(f, '<f4').reshape(len(seeds), steps)}).
 */
public record LossCurves(
    String optimizer, String problem, long[] seeds, int steps, float[][] losses, Map<String, String> meta) {

  public static final String FORMAT = "l2o-curves/1";
  public static final String HEADER_FILE = "curves.json";
  public static final String DATA_FILE = "curves.f32";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LossCurves {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(problem, "problem");
    if (losses.length != seeds.length) {
      throw new IllegalArgumentException(losses.length + " curves for " + seeds.length + " seeds");
    }
    for (float[] c : losses) {
      if (c.length != steps) {
        throw new IllegalArgumentException("a curve has " + c.length + " values, expected " + steps);
      }
    }
    meta = Map.copyOf(meta == null ? Map.of() : meta);
  }

  /** Writes {@code curves.json} and {@code curves.f32} into {@code dir}, creating it. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("format", FORMAT);
    header.put("optimizer", optimizer);
    header.put("problem", problem);
    header.put("seeds", seeds);
    header.put("steps", steps);
    header.put("dtype", "float32-le");
    header.put("layout", "seed-major");
    header.put("meta", meta);
    JSON.writeValue(dir.resolve(HEADER_FILE).toFile(), header);
    ByteBuffer buf = ByteBuffer.allocate(4 * steps).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = Files.newOutputStream(dir.resolve(DATA_FILE))) {
      for (float[] curve : losses) {
        buf.clear();
        buf.asFloatBuffer().put(curve);
        out.write(buf.array());
      }
    }
  }

  /** Reads a curve set written by {@link #write(Path)}; the error names the file at fault. */
  public static LossCurves read(Path dir) throws IOException {
    Path headerFile = dir.resolve(HEADER_FILE);
    Path dataFile = dir.resolve(DATA_FILE);
    Header h;
    try {
      h = JSON.readValue(headerFile.toFile(), Header.class);
    } catch (IOException e) {
      throw new IOException("cannot read curve header " + headerFile + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(h.format)) {
      throw new IOException(headerFile + ": format is '" + h.format + "', expected '" + FORMAT + "'");
    }
    long expected = 4L * h.seeds.length * h.steps;
    long actual = Files.size(dataFile);
    if (actual != expected) {
      throw new IOException(
          dataFile + " holds " + actual + " bytes, expected " + expected + " (" + h.seeds.length
              + " seeds x " + h.steps + " steps x 4)");
    }
    float[][] losses = new float[h.seeds.length][h.steps];
    byte[] row = new byte[4 * h.steps];
    try (InputStream in = Files.newInputStream(dataFile)) {
      for (float[] curve : losses) {
        in.readNBytes(row, 0, row.length);
        ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(curve);
      }
    }
    return new LossCurves(h.optimizer, h.problem, h.seeds, h.steps, losses, h.meta);
  }

  /** Whether a seed's curve holds a NaN or Inf anywhere: the optimizee diverged. */
  public boolean diverged(int seedIndex) {
    for (float v : losses[seedIndex]) {
      if (!Float.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  /** Jackson's view of the header. */
  private static final class Header {
    public String format;
    public String optimizer;
    public String problem;
    public long[] seeds;
    public int steps;
    public String dtype;
    public String layout;
    public Map<String, String> meta;
  }
}
