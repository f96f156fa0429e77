package org.l2o.figures;

import java.awt.Color;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.authors.AuthorsModel;
import org.l2o.variants.FigA1Setting;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

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

  private static final Map<String, OptimizerStyle> KNOWN =
      Map.ofEntries(
          learned(Variants.DM, "L2O-DM", 0x000000),
          learned(Variants.DM_AUG, "L2O-DM-AUG", 0xE69F00),
          learned(Variants.DM_CL, "L2O-DM-CL", 0x009E73),
          learned(Variants.DM_IL, "L2O-DM-IL", 0xCC79A7),
          learned(Variants.DM_CL_IL, "L2O-DM-CL-IL", 0xD55E00),
          learned(Variants.RNNPROP, "RNNprop", 0x0072B2),
          learned(Variants.RNNPROP_CL_IL, "RNNprop-CL-IL", 0x56B4E9),
          learned(Variants.SCALE, "L2O-Scale", 0x999933),
          learned(Variants.SCALE_CL_IL, "L2O-Scale-CL-IL", 0x661100),
          learned(Variants.DM_UNTRAINED, "L2O-DM (untrained)", 0x999999),
          analytical(Variants.ADAM, "Adam", 0x882255),
          analytical(Variants.SGD, "SGD", 0x44AA99),
          analytical(Variants.RMSPROP, "RMSProp", 0x117733),
          analytical(Variants.ADAGRAD, "Adagrad", 0xAA4499),
          analytical(Variants.NAG, "NAG", 0x332288));

  /** Colours for ids nobody planned for; picked by a stable hash so they too stay fixed. */
  private static final List<Color> FALLBACK =
      List.of(new Color(0x88CCEE), new Color(0xDDCC77), new Color(0xCC6677),
          new Color(0x661100), new Color(0x6699CC), new Color(0x888888));

  /** Ids in the order tables list them: learned, then analytical, as the paper introduces them. */
  static final List<String> TABLE_ORDER = Variants.names(List.of(Variants.DM, Variants.DM_AUG,
      Variants.DM_IL, Variants.DM_CL, Variants.DM_CL_IL, Variants.RNNPROP, Variants.RNNPROP_CL_IL,
      Variants.SCALE, Variants.SCALE_CL_IL, Variants.DM_UNTRAINED, Variants.ADAM, Variants.SGD,
      Variants.RMSPROP, Variants.ADAGRAD, Variants.NAG));

  /**
   * Table order: known ids as {@link #TABLE_ORDER}, then Fig A1 settings by N_train and N_valid
   * (numerically, so 200 comes before 1000), then anything else alphabetically.
   */
  public static final Comparator<String> ORDER = (a, b) -> {
    int c = Integer.compare(rank(a), rank(b));
    if (c != 0) {
      return c;
    }
    Optional<FigA1Setting> sa = figA1(a);
    Optional<FigA1Setting> sb = figA1(b);
    if (sa.isPresent() && sb.isPresent()) {
      c = Integer.compare(sa.get().nTrain(), sb.get().nTrain());
      if (c == 0) {
        c = Integer.compare(sa.get().nValid(), sb.get().nValid());
      }
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  };

  private static Optional<FigA1Setting> figA1(String id) {
    return Variants.find(id).flatMap(Variant::figA1Setting);
  }

  /** The authors' released model {@code id} names, if it names one. */
  private static Optional<Variant> authors(String id) {
    return Variants.find(id).filter(v -> v.kind() == Variant.Kind.AUTHORS);
  }

  private static int rank(String id) {
    Optional<Variant> authors = authors(id);
    if (authors.isPresent()) {
      // Right after our model of the same name: 2k + 1 against our 2k.
      return 2 * rank(Variants.counterpart(authors.get()).name()) + 1;
    }
    return 2 * baseRank(id);
  }

  private static int baseRank(String id) {
    int i = TABLE_ORDER.indexOf(id);
    if (i >= 0) {
      return i;
    }
    return figA1(id).isPresent() ? TABLE_ORDER.size() : TABLE_ORDER.size() + 1;
  }

  /** The style of {@code id}; unknown ids get their id as name and a stable fallback colour. */
  public static OptimizerStyle of(String id) {
    OptimizerStyle known = KNOWN.get(id);
    if (known != null) {
      return known;
    }
    Optional<Variant> authors = authors(id);
    if (authors.isPresent()) {
      OptimizerStyle ours = of(Variants.counterpart(authors.get()).name());
      return new OptimizerStyle(id, ours.displayName() + AuthorsModel.LABEL_SUFFIX, ours.color(),
          false, true);
    }
    Optional<FigA1Setting> a1 = figA1(id);
    if (a1.isPresent()) {
      return new OptimizerStyle(id,
          "L2O-DM (N_train=" + a1.get().nTrain() + ", N_valid=" + a1.get().nValid() + ")",
          KNOWN.get(Variants.DM.name()).color(), false, false);
    }
    Color c = FALLBACK.get(Math.floorMod(id.hashCode(), FALLBACK.size()));
    return new OptimizerStyle(id, id, c, false, false);
  }

  /** The display name of {@code id}, as the paper writes it. */
  public static String displayName(String id) {
    return of(id).displayName();
  }

  private static Map.Entry<String, OptimizerStyle> learned(Variant v, String name, int rgb) {
    return Map.entry(v.name(), new OptimizerStyle(v.name(), name, new Color(rgb), false, false));
  }

  private static Map.Entry<String, OptimizerStyle> analytical(Variant v, String name, int rgb) {
    return Map.entry(v.name(), new OptimizerStyle(v.name(), name, new Color(rgb), true, false));
  }
}
