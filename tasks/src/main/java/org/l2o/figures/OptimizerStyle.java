package org.l2o.figures;

import java.awt.Color;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.l2o.authors.AuthorsModel;

/**
 * How one optimizer looks in every figure: its paper name and a colour that never changes between
 * figures, so a reader can follow L2O-DM-CL from Fig A2 into Fig A3 by colour alone.
 *
 * <p>The palette is Okabe-Ito plus Paul Tol's muted colours: distinguishable with the common colour
 * vision deficiencies and in greyscale print. Analytical optimizers draw dashed, so learned and
 * hand-designed optimizers separate even where colours are close. The paper authors' released
 * models ({@code authors-dm-cl-il}, ...) take their variant's colour, a dash-dot line and the name
 * "L2O-DM-CL-IL (authors)", so they sit visibly beside our own model of the same name.
 *
 * @param id the project-wide optimizer id ({@code dm-cl}, {@code adam}, ...)
 * @param displayName the name the paper uses
 * @param color the fixed colour
 * @param analytical whether it is a hand-designed optimizer (drawn dashed)
 * @param authors whether it is one of the paper authors' released models (drawn dash-dot)
 */
public record OptimizerStyle(
    String id, String displayName, Color color, boolean analytical, boolean authors) {

  private static final Pattern A1_SETTING = Pattern.compile("dm-a1-(\\d+)-(\\d+)");

  private static final Map<String, OptimizerStyle> KNOWN =
      Map.ofEntries(
          learned("dm", "L2O-DM", 0x000000),
          learned("dm-aug", "L2O-DM-AUG", 0xE69F00),
          learned("dm-cl", "L2O-DM-CL", 0x009E73),
          learned("dm-il", "L2O-DM-IL", 0xCC79A7),
          learned("dm-cl-il", "L2O-DM-CL-IL", 0xD55E00),
          learned("rnnprop", "RNNprop", 0x0072B2),
          learned("rnnprop-cl-il", "RNNprop-CL-IL", 0x56B4E9),
          learned("scale", "L2O-Scale", 0x999933),
          learned("scale-cl-il", "L2O-Scale-CL-IL", 0x661100),
          learned("dm-untrained", "L2O-DM (untrained)", 0x999999),
          analytical("adam", "Adam", 0x882255),
          analytical("sgd", "SGD", 0x44AA99),
          analytical("rmsprop", "RMSProp", 0x117733),
          analytical("adagrad", "Adagrad", 0xAA4499),
          analytical("nag", "NAG", 0x332288));

  /** Colours for ids nobody planned for; picked by a stable hash so they too stay fixed. */
  private static final List<Color> FALLBACK =
      List.of(new Color(0x88CCEE), new Color(0xDDCC77), new Color(0xCC6677),
          new Color(0x661100), new Color(0x6699CC), new Color(0x888888));

  /** Ids in the order tables list them: learned, then analytical, as the paper introduces them. */
  static final List<String> TABLE_ORDER =
      List.of("dm", "dm-aug", "dm-il", "dm-cl", "dm-cl-il", "rnnprop", "rnnprop-cl-il",
          "scale", "scale-cl-il", "dm-untrained", "adam", "sgd", "rmsprop", "adagrad", "nag");

  /**
   * Table order: known ids as {@link #TABLE_ORDER}, then Fig A1 settings by N_train and N_valid
   * (numerically, so 200 comes before 1000), then anything else alphabetically.
   */
  public static final Comparator<String> ORDER = (a, b) -> {
    int c = Integer.compare(rank(a), rank(b));
    if (c != 0) {
      return c;
    }
    Matcher ma = A1_SETTING.matcher(a);
    Matcher mb = A1_SETTING.matcher(b);
    if (ma.matches() && mb.matches()) {
      c = Long.compare(Long.parseLong(ma.group(1)), Long.parseLong(mb.group(1)));
      if (c == 0) {
        c = Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
      }
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  };

  private static int rank(String id) {
    var authors = AuthorsModel.byVariant(id);
    if (authors.isPresent()) {
      // Right after our model of the same name: 2k + 1 against our 2k.
      return 2 * rank(authors.get().counterpart()) + 1;
    }
    return 2 * baseRank(id);
  }

  private static int baseRank(String id) {
    int i = TABLE_ORDER.indexOf(id);
    if (i >= 0) {
      return i;
    }
    return A1_SETTING.matcher(id).matches() ? TABLE_ORDER.size() : TABLE_ORDER.size() + 1;
  }

  /** The style of {@code id}; unknown ids get their id as name and a stable fallback colour. */
  public static OptimizerStyle of(String id) {
    OptimizerStyle known = KNOWN.get(id);
    if (known != null) {
      return known;
    }
    var authors = AuthorsModel.byVariant(id);
    if (authors.isPresent()) {
      OptimizerStyle ours = of(authors.get().counterpart());
      return new OptimizerStyle(id, ours.displayName() + AuthorsModel.LABEL_SUFFIX, ours.color(),
          false, true);
    }
    Matcher m = A1_SETTING.matcher(id);
    if (m.matches()) {
      return new OptimizerStyle(id,
          "L2O-DM (N_train=" + m.group(1) + ", N_valid=" + m.group(2) + ")",
          KNOWN.get("dm").color(), false, false);
    }
    Color c = FALLBACK.get(Math.floorMod(id.hashCode(), FALLBACK.size()));
    return new OptimizerStyle(id, id, c, false, false);
  }

  /** The display name of {@code id}, as the paper writes it. */
  public static String displayName(String id) {
    return of(id).displayName();
  }

  private static Map.Entry<String, OptimizerStyle> learned(String id, String name, int rgb) {
    return Map.entry(id, new OptimizerStyle(id, name, new Color(rgb), false, false));
  }

  private static Map.Entry<String, OptimizerStyle> analytical(String id, String name, int rgb) {
    return Map.entry(id, new OptimizerStyle(id, name, new Color(rgb), true, false));
  }
}
