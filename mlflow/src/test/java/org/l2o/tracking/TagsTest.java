package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagsTest {
  @Test
  void sourceTagsNameTheCommandLocallyAndTheCommitWhenKnown() {
    assertThat(Tags.source("l2o stage evaluate", "abc123")).containsEntry("mlflow.source.name", "l2o stage evaluate")
        .containsEntry("mlflow.source.type", "LOCAL").containsEntry("mlflow.source.git.commit", "abc123");
    assertThat(Tags.source("l2o stage plot", "")).doesNotContainKey("mlflow.source.git.commit");
    assertThat(Tags.source("l2o stage plot", null)).hasSize(2);
  }

  @Test
  void theDeclaredKeysAreTheKeysNotTheirValues() {
    assertThat(Tags.isDeclared("l2o.variant")).isTrue();
    assertThat(Tags.isDeclared("mlflow.parentRunId")).isTrue();
    assertThat(Tags.isDeclared(Tags.CACHE_HIT)).isFalse();
    assertThat(Tags.isDeclared("l2o.varient")).isFalse();
  }
}
