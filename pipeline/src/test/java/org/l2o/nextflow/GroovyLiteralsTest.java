package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroovyLiteralsTest {

  @Test
  void stringsAreSingleQuotedSoDollarsAndQuotesStayLiteral() {
    assertThat(GroovyLiterals.of("a'b\\c$d")).isEqualTo("'a\\'b\\\\c$d'");
    assertThat(GroovyLiterals.of("")).isEqualTo("''");
  }

  @Test
  void numbersBooleansAndListsKeepJavasSpelling() {
    assertThat(GroovyLiterals.of(1e-9)).isEqualTo("1.0E-9");
    assertThat(GroovyLiterals.of(0.001)).isEqualTo("0.001");
    assertThat(GroovyLiterals.of(5000)).isEqualTo("5000");
    assertThat(GroovyLiterals.of(false)).isEqualTo("false");
    assertThat(GroovyLiterals.of(List.of("100:100", "200:500"))).isEqualTo("['100:100', '200:500']");
    assertThat(GroovyLiterals.of(List.of(0.0, 0.1))).isEqualTo("[0.0, 0.1]");
    assertThat(GroovyLiterals.of(List.of())).isEqualTo("[]");
  }

  @Test
  void valuesWithoutALiteralAreRejectedNamingThem() {
    assertThatThrownBy(() -> GroovyLiterals.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> GroovyLiterals.of(Map.of("k", 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=1");
  }
}
