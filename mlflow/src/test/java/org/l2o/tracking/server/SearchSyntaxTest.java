package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.tracking.server.SearchSyntax.Clause;
import org.l2o.tracking.server.SearchSyntax.Entity;
import org.l2o.tracking.server.SearchSyntax.OrderKey;

class SearchSyntaxTest {

  @Test
  void parsesTheFilterFormsTheUiWrites() {
    List<Clause> c = SearchSyntax.parseFilter(
        "params.lr = '0.1' and tags.`my tag` != \"x y\" AND metrics.loss <= -1.5e-3 and attributes.status = 'FINISHED'"
            + " and tags.mlflow.runName LIKE 'dm%' and attribute.run_id IN ('a', 'b') and params.\"odd key\" = 'v'");
    assertThat(c).containsExactly(
        new Clause(Entity.PARAM, "lr", "=", "0.1", null, null),
        new Clause(Entity.TAG, "my tag", "!=", "x y", null, null),
        new Clause(Entity.METRIC, "loss", "<=", null, -1.5e-3, null),
        new Clause(Entity.ATTRIBUTE, "status", "=", "FINISHED", null, null),
        new Clause(Entity.TAG, "mlflow.runName", "LIKE", "dm%", null, null),
        new Clause(Entity.ATTRIBUTE, "run_id", "IN", null, null, List.of("a", "b")),
        new Clause(Entity.PARAM, "odd key", "=", "v", null, null));
  }

  @Test
  void metricKeysWithSlashesAndDashesNeedNoQuotes() {
    assertThat(SearchSyntax.parseFilter("metrics.final_log_loss/mlp-orig > 0"))
        .containsExactly(new Clause(Entity.METRIC, "final_log_loss/mlp-orig", ">", null, 0.0, null));
  }

  @Test
  void parsesOrderBy() {
    assertThat(SearchSyntax.parseOrderBy(List.of("metrics.`final loss` DESC", "start_time", "params.lr asc")))
        .containsExactly(new OrderKey(Entity.METRIC, "final loss", false), new OrderKey(Entity.ATTRIBUTE, "start_time", true),
            new OrderKey(Entity.PARAM, "lr", true));
  }

  @Test
  void rejectsWhatMlflowRejectsWithTheOffendingExpression() {
    assertThatThrownBy(() -> SearchSyntax.parseFilter("params.a = 'x' or params.b = 'y'"))
        .isInstanceOf(MlflowError.class).hasMessageContaining("'OR' is not supported");
    assertThatThrownBy(() -> SearchSyntax.parseFilter("params.a = 'x"))
        .isInstanceOf(MlflowError.class).hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> SearchSyntax.parseFilter("foo.a = 'x'"))
        .isInstanceOf(MlflowError.class).hasMessageContaining("Invalid entity type 'foo'");
    assertThatThrownBy(() -> SearchSyntax.parseFilter("params.a 'x'"))
        .isInstanceOf(MlflowError.class).hasMessageContaining("expected a comparator");
    assertThatThrownBy(() -> new RunSearch("metrics.m = 'x'", List.of()))
        .isInstanceOf(MlflowError.class).hasMessageContaining("numeric");
    assertThatThrownBy(() -> new RunSearch("params.p > 3", List.of()))
        .isInstanceOf(MlflowError.class).hasMessageContaining("quoted string");
    assertThatThrownBy(() -> new RunSearch("attributes.colour = 'red'", List.of()))
        .isInstanceOf(MlflowError.class).hasMessageContaining("Invalid attribute key 'colour'");
  }
}
