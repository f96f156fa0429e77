package org.l2o.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class ProgressTextTest {

  @Test
  void amountsAndDurationsReadTheSame() {
    assertThat(ProgressText.amount(3L << 20, "B")).isEqualTo("3.0 MiB");
    assertThat(ProgressText.amount(1234, "episodes")).isEqualTo("1234 episodes");
    assertThat(ProgressText.duration(42.4)).isEqualTo("42s");
    assertThat(ProgressText.duration(185)).isEqualTo("3m05s");
    assertThat(ProgressText.duration(7260)).isEqualTo("2h01m");
  }

  /** Logs and traces are parsed by people's scripts: a German machine must not print "1,5 MiB". */
  @Test
  @ResourceLock(Resources.LOCALE)
  void aCommaDecimalLocaleStillPrintsAPoint() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(String.format("%.1f", 1.5)).as("the locale took effect").isEqualTo("1,5");
      assertThat(ProgressText.amount(3L << 19, "B")).isEqualTo("1.5 MiB");
    } finally {
      Locale.setDefault(before);
    }
  }
}
