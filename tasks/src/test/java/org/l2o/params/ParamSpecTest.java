package org.l2o.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How one declared param turns raw values (YAML, {@code -p} text, JSON) into typed ones. */
class ParamSpecTest {

  private static ParamSpec spec(ParamType type) {
    return ParamSpec.builder("x", type).range(1.0, 100.0).description("test").build();
  }

  @Test
  void integersAcceptTextUnderscoresAndWholeDecimalsButNotFractions() {
    ParamSpec s = spec(ParamType.INT);
    assertThat(s.coerce("4_2", "t")).isEqualTo(42);
    assertThat(s.coerce("5e1", "t")).isEqualTo(50);
    assertThat(s.coerce(7L, "t")).isEqualTo(7);
    assertThatThrownBy(() -> s.coerce("2.5", "t")).isInstanceOf(ParamException.class)
        .hasMessageContaining("not an integer");
  }

  @Test
  void rangesAreCheckedAndTheErrorNamesKeyValueSourceAndWhatIsAllowed() {
    ParamSpec s = spec(ParamType.FLOAT);
    assertThat(s.coerce("1e1", "t")).isEqualTo(10.0);
    assertThatThrownBy(() -> s.coerce("101", "params file p.yaml"))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("param 'x' = '101.0'")
        .hasMessageContaining("(params file p.yaml)")
        .hasMessageContaining("out of range")
        .hasMessageContaining("[1, 100]");
    assertThatThrownBy(() -> s.coerce("NaN", "t")).hasMessageContaining("not a finite number");
  }

  @Test
  void listsComeFromYamlListsOrCommaSeparatedTextAndEachElementIsChecked() {
    ParamSpec s = spec(ParamType.INT_LIST);
    assertThat(s.coerce(List.of(1, 2), "t")).isEqualTo(List.of(1, 2));
    assertThat(s.coerce("[3, 4,5]", "t")).isEqualTo(List.of(3, 4, 5));
    assertThat(s.coerce("", "t")).isEqualTo(List.of());
    assertThatThrownBy(() -> s.coerce("3,0", "t")).hasMessageContaining("out of range");
  }

  @Test
  void stringsMustBeAllowedAndMatchThePattern() {
    ParamSpec allowed = ParamSpec.builder("d", ParamType.STRING).allowed("cpu", "gpu")
        .description("test").build();
    assertThat(allowed.coerce(" cpu ", "t")).isEqualTo("cpu");
    assertThatThrownBy(() -> allowed.coerce("tpu", "t")).hasMessageContaining("not an allowed value")
        .hasMessageContaining("[cpu, gpu]");
    ParamSpec pattern = ParamSpec.builder("s", ParamType.STRING_LIST).pattern("[a-z]+:[0-9.]+")
        .description("test").build();
    assertThat(pattern.coerce("adam:0.01,sgd:0.1", "t")).isEqualTo(List.of("adam:0.01", "sgd:0.1"));
    assertThatThrownBy(() -> pattern.coerce("adam", "t")).hasMessageContaining("does not match");
    assertThatThrownBy(() -> allowed.coerce(List.of("cpu"), "t"))
        .hasMessageContaining("expected a single value");
  }

  @Test
  void booleansTakeTheUsualSpellingsOnly() {
    ParamSpec s = ParamSpec.builder("b", ParamType.BOOL).description("test").build();
    assertThat(s.coerce("yes", "t")).isEqualTo(true);
    assertThat(s.coerce("OFF", "t")).isEqualTo(false);
    assertThatThrownBy(() -> s.coerce("maybe", "t")).hasMessageContaining("not a boolean");
  }

  @Test
  void aDefaultIsCheckedWhenTheParamIsDeclaredAndNamesAreSnakeCase() {
    assertThatThrownBy(() -> ParamSpec.builder("x", ParamType.INT).range(1.0, 2.0).defaultValue(5)
        .description("test").build()).hasMessageContaining("built-in default");
    assertThatThrownBy(() -> ParamSpec.builder("badName", ParamType.INT).description("t").build())
        .hasMessageContaining("snake_case");
  }
}
