package org.l2o.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging, the per-task guard, suggestions for typos, YAML round trips and recording reads. */
class ResolvedParamsTest {

  @Test
  void aTypoIsRefusedWithASuggestion() {
    assertThatThrownBy(() -> ResolvedParams.defaults().mergeAssignments(List.of("meta_epoch=3"), false))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("unknown param 'meta_epoch'")
        .hasMessageContaining("did you mean 'meta_epochs'?");
  }

  @Test
  void perTaskParamsAreSetByTheFanOutNotByARun() {
    assertThatThrownBy(() -> ResolvedParams.defaults().mergeAssignments(List.of("variant=dm"), false))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("set per task")
        .hasMessageContaining("baseline_variants");
    assertThat(ResolvedParams.defaults().mergeAssignments(List.of("variant=dm"), true)
        .getString("variant")).isEqualTo("dm");
  }

  @Test
  void laterValuesWinAndAreTyped() {
    ResolvedParams p = ResolvedParams.defaults()
        .merge(Map.of("meta_epochs", 7), "profile", false)
        .mergeAssignments(List.of("meta_epochs=9", "cl_schedule=1,2"), false);
    assertThat(p.getInt("meta_epochs")).isEqualTo(9);
    assertThat(p.getInts("cl_schedule")).containsExactly(1, 2);
  }

  @Test
  void aMissingParamIsAnErrorNamingItAndAnUndeclaredOneABug() {
    ResolvedParams empty = ResolvedParams.empty();
    assertThat(empty.asMap()).isEmpty();
    assertThatThrownBy(() -> empty.getInt("unroll")).isInstanceOf(ParamException.class)
        .hasMessageContaining("'unroll' is required here");
    assertThatThrownBy(() -> empty.getInt("no_such_param")).isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(ParamException.class);
  }

  @Test
  void yamlRoundTripsEveryTypeExactly(@TempDir Path dir) throws Exception {
    ResolvedParams p = ResolvedParams.defaults().mergeAssignments(List.of("variant=dm-a1-100-200"), true);
    Path f = dir.resolve("params.yaml");
    p.writeYaml(f);
    assertThat(ResolvedParams.empty().mergeFile(f, true)).isEqualTo(p);
  }

  @Test
  void aParamsFileThatIsNotAMappingIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "- a\n- b\n");
    assertThatThrownBy(() -> ResolvedParams.empty().mergeFile(f, false))
        .hasMessageContaining("bad.yaml").hasMessageContaining("mapping");
    assertThatThrownBy(() -> ResolvedParams.empty().mergeFile(dir.resolve("none.yaml"), false))
        .hasMessageContaining("params file not found");
  }

  @Test
  void aRecordingCopyReportsReadsAndQuestionsButItsCopiesDoNot() {
    List<String> reads = new ArrayList<>();
    ResolvedParams p = ResolvedParams.defaults().recording(reads::add);
    p.getInt("unroll");
    p.has("trained");
    p.only(List.of("seed")).getInt("seed");
    assertThat(reads).containsExactly("unroll", "trained");
  }

  @Test
  void asStringsJoinsListsWithCommas() {
    ResolvedParams p = ResolvedParams.empty().mergeAssignments(List.of("cl_schedule=1,2,3"), false);
    assertThat(p.asStrings()).containsEntry("cl_schedule", "1,2,3");
  }
}
