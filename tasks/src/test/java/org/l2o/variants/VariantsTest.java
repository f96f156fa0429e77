package org.l2o.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.authors.AuthorsModel;
import org.l2o.engine.AnalyticalSpec;
import org.l2o.params.StageNames;

/** The registry answers every question the code asks of an optimizer's name. */
class VariantsTest {

  @Test
  void eachTrainingStageTrainsThePapersVariantsInThePapersOrder() {
    assertThat(Variants.names(Variants.trainedBy(StageNames.TRAIN_BASELINE)))
        .containsExactly("dm", "dm-aug", "rnnprop", "scale");
    assertThat(Variants.names(Variants.trainedBy(StageNames.TRAIN_CURRICULUM)))
        .containsExactly("dm-cl", "rnnprop-cl");
    assertThat(Variants.names(Variants.trainedBy(StageNames.TRAIN_IMITATION)))
        .containsExactly("dm-il", "dm-cl-il", "rnnprop-cl-il", "scale-cl-il");
  }

  @Test
  void curriculumImitationAndArchitectureAreAttributesNotSpellings() {
    assertThat(Variants.DM_CL_IL.curriculum()).isTrue();
    assertThat(Variants.DM_CL_IL.imitation()).isTrue();
    assertThat(Variants.DM_IL.curriculum()).isFalse();
    assertThat(Variants.DM_IL.episodes()).isEqualTo(Variant.Episodes.FIXED);
    assertThat(Variants.DM_AUG.episodes()).isEqualTo(Variant.Episodes.AUGMENTED);
    assertThat(Variants.RNNPROP_CL.architecture()).isEqualTo("rnnprop");
    assertThat(Variants.DM_CL.imitation()).isFalse();
    for (Variant v : Variants.trained()) {
      assertThat(v.needsTraining()).as(v.name()).isTrue();
      assertThat(v.origin()).isEqualTo("l2o");
    }
  }

  @Test
  void lTwoOScaleTrainsWithItsAuthorsRecipeAndItsOwnEpisodeParams() {
    assertThat(Variants.SCALE.architecture()).isEqualTo("scale");
    assertThat(Variants.SCALE.scaleRecipe()).isTrue();
    assertThat(Variants.SCALE.episodes().params()).containsExactly("scale_n_train", "scale_n_valid");
    assertThat(Variants.SCALE_CL_IL.scaleRecipe()).isTrue();
    assertThat(Variants.SCALE_CL_IL.curriculum()).isTrue();
    assertThat(Variants.SCALE_CL_IL.imitation()).isTrue();
    assertThat(Variants.SCALE_CL_IL.trainingStage()).isEqualTo(StageNames.TRAIN_IMITATION);
    assertThat(Variants.DM_CL_IL.scaleRecipe()).isFalse();
    assertThat(Variants.DM.episodes().params()).containsExactly("n_train", "n_valid");
    assertThat(Variants.DM_AUG.episodes().params()).containsExactly("aug_n_train", "aug_n_valid");
  }

  @Test
  void aFigA1NameIsAFamilyMemberWithItsSetting() {
    Variant v = Variants.of("dm-a1-200-500");
    assertThat(v.figA1Setting()).contains(new FigA1Setting(200, 500));
    assertThat(v.trainingStage()).isEqualTo(StageNames.TRAIN_BASELINE);
    assertThat(v.architecture()).isEqualTo("dm");
    assertThat(v.episodes()).isEqualTo(Variant.Episodes.FIG_A1);
    assertThat(Variants.figA1(FigA1Setting.parse("1000:1500")).name()).isEqualTo("dm-a1-1000-1500");
    assertThat(v.name()).matches(Variants.FIG_A1_NAME_PATTERN);
    assertThat(Variants.find("dm-a1-0-5")).isEmpty();
    assertThat(Variants.find("dm-a1-99999999999-5")).isEmpty();
    assertThatThrownBy(() -> FigA1Setting.parse("100-200")).hasMessageContaining("N_train:N_valid");
  }

  @Test
  void untrainedAuthorsAndAnalyticalNeedNoTraining() {
    assertThat(Variants.DM_UNTRAINED.needsTraining()).isFalse();
    assertThat(Variants.DM_UNTRAINED.architecture()).isEqualTo("dm");
    assertThat(Variants.ADAM.analytical()).isTrue();
    assertThat(Variants.ADAM.origin()).isEqualTo("analytical");
    assertThat(Variants.names(Variants.authors())).isEqualTo(AuthorsModel.variants());
    Variant authors = Variants.of("authors-rnnprop-cl-il");
    assertThat(authors.needsTraining()).isFalse();
    assertThat(authors.origin()).isEqualTo(AuthorsModel.ORIGIN);
    assertThat(authors.architecture()).isEqualTo("rnnprop");
    assertThat(Variants.counterpart(authors)).isEqualTo(Variants.RNNPROP_CL_IL);
    assertThat(Variants.names(Variants.releasedAs(List.of(Variants.DM_CL, Variants.RNNPROP_CL))))
        .containsExactly("authors-dm-cl");
  }

  @Test
  void theAnalyticalOptimizersAreThoseTheEngineImplements() {
    assertThat(Variants.names(Variants.analytical()))
        .containsExactlyInAnyOrderElementsOf(AnalyticalSpec.names());
  }

  @Test
  void everyTrainedNameMatchesTheVariantPatternAndNothingElseDoes() {
    for (Variant v : Variants.all()) {
      assertThat(v.name().matches(Variants.trainedNamePattern())).as(v.name()).isEqualTo(v.needsTraining());
    }
    assertThat("dm-a1-100-100").matches(Variants.trainedNamePattern());
  }

  @Test
  void anUnknownNameIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> Variants.of("dm-cl-lI"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown optimizer 'dm-cl-lI'")
        .hasMessageContaining("dm-cl-il")
        .hasMessageContaining("dm-a1-<n_train>-<n_valid>");
  }

  @Test
  void inconsistentEntriesCannotBeBuilt() {
    assertThatThrownBy(() -> new Variant("x", Variant.Kind.TRAINED, "dm", null,
        Variant.Episodes.FIXED, false, null, null)).hasMessageContaining("training stage");
    assertThatThrownBy(() -> new Variant("x", Variant.Kind.ANALYTICAL, "dm", null,
        Variant.Episodes.NONE, false, null, null)).hasMessageContaining("architecture");
  }
}
