package org.l2o.progress;

import org.l2o.protocol.StageProtocol;

/**
 * Progress of one long piece of work (an episode loop, a download, an evaluation).
 *
 * <p>Obtain one from {@link Progress#start(String, long, String)}: on a terminal it draws a live bar
 * with rate and ETA; when output is redirected it prints a plain line every few seconds; under the
 * pipeline runner ({@code L2O_PROGRESS=events}) it emits machine-readable event lines that the
 * runner folds into its own bar. Thread-safe.
 */
public interface Progress extends AutoCloseable {

  /** Advances by {@code n} units. */
  void step(long n);

  /** Sets the absolute amount done. */
  void stepTo(long done);

  /** Changes the total, for work whose size is learned late (a download's Content-Length). */
  void setTotal(long total);

  /** A short status shown after the bar, such as "meta-loss 0.231 · valid 4.12". */
  void setMessage(String message);

  /** Finishes the display; idempotent. */
  @Override
  void close();

  /** Environment variable the runner sets so that stages emit progress events. */
  String MODE_ENV = StageProtocol.PROGRESS_ENV;

  /** Starts reporting {@code total} units of {@code unit} for {@code task}. */
  static Progress start(String task, long total, String unit) {
    return ProgressFactory.create(task, total, unit);
  }

  /** A progress that shows nothing. */
  Progress NONE =
      new Progress() {
        @Override
        public void step(long n) {}

        @Override
        public void stepTo(long done) {}

        @Override
        public void setTotal(long total) {}

        @Override
        public void setMessage(String message) {}

        @Override
        public void close() {}
      };
}
