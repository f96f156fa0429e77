package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.PaperPresets;
import org.l2o.params.ResolvedParams;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * The paper's settings are the params' defaults: every variant's training stage builds, from the
 * defaults alone, the config the hand-written {@link PaperPresets} spell out. So engine tests that
 * start from a preset test the configuration production trains with.
 */
class PaperSettingsTest {

  private static MetaTrainConfig fromDefaults(Variant v) {
    ResolvedParams p = ResolvedParams.defaults().merge(Map.of("variant", v.name()), "test", true);
    return ((TrainingSettings) Stages.byName(v.trainingStage()).settings(p)).config();
  }

  @Test
  void everyTrainedVariantTrainsFromTheDefaultsWithThePapersSettings() {
    for (Variant v : Variants.trained()) {
      assertThat(fromDefaults(v)).as(v.name()).isEqualTo(PaperPresets.of(v.name()).build());
    }
  }

  @Test
  void theSettingsTheTestsRelyOnAreThePapers() {
    MetaTrainConfig dm = fromDefaults(Variants.DM);
    assertThat(List.of(dm.nTrain(), dm.nValid(), dm.unroll(), dm.epochs())).containsExactly(100, 100, 20, 5000);
    assertThat(dm.metaLr()).isEqualTo(1e-3);
    MetaTrainConfig aug = fromDefaults(Variants.DM_AUG);
    assertThat(List.of(aug.nTrain(), aug.nValid())).containsExactly(1000, 1500);
    MetaTrainConfig cl = fromDefaults(Variants.DM_CL);
    assertThat(cl.schedule().nTrain()).containsExactly(100, 200, 500, 1000, 1500, 2000, 2500, 3000);
    assertThat(cl.schedule().minValidations()).isEqualTo(3);
    MetaTrainConfig clIl = fromDefaults(Variants.RNNPROP_CL_IL);
    assertThat(clIl.schedule().imitationRatio(0)).isEqualTo(0.0);
    assertThat(clIl.schedule().imitationRatio(5)).isEqualTo(0.3);
    assertThat(fromDefaults(Variants.SCALE_CL_IL).ilWeight()).isEqualTo(1.0 / 20);
    MetaTrainConfig a1 = fromDefaults(Variants.of("dm-a1-200-500"));
    assertThat(List.of(a1.nTrain(), a1.nValid())).containsExactly(200, 500);
  }
}
