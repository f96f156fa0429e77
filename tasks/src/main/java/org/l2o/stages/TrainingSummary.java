package org.l2o.stages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.TrainingResult;
import org.l2o.engine.ValidationRecord;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.engine.curriculum.Decision;
import org.l2o.engine.curriculum.StageRecord;
import org.l2o.engine.curriculum.TeacherSpec;

/**
 * What a training task records in {@code training.json}: written once, with Jackson, by the
 * training stages, and read back typed by evaluate and plot (and, through plot, the report).
 * Curriculum and imitation fields are absent for runs without them. Unknown fields are ignored
 * and numbers that were once written differently (a single N_train, a list per stage) read back,
 * so files of earlier versions still load.
 *
 * @param nTrain N_train: one length, or with a curriculum those of the stages entered
 * @param bestScore the best validation score; NaN and infinities are written as strings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingSummary(
    @JsonProperty("variant") String variant,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("optimizer") String optimizer,
    @JsonProperty("problem") String problem,
    @JsonProperty("n_train") Lengths nTrain,
    @JsonProperty("n_valid") Lengths nValid,
    @JsonProperty("epochs") int epochs,
    @JsonProperty("episodes_run") int episodesRun,
    @JsonProperty("train_steps") long trainSteps,
    @JsonProperty("valid_steps") long validSteps,
    @JsonProperty("meta_iterations") long metaIterations,
    @JsonProperty("diverged_episodes") int divergedEpisodes,
    @JsonProperty("best_episode") int bestEpisode,
    @JsonProperty("best_score") double bestScore,
    @JsonProperty("data_verified") boolean dataVerified,
    @JsonProperty("validations") List<ValidationRecord> validations,
    @JsonProperty("cl_schedule") List<Integer> clSchedule,
    @JsonProperty("cl_min_validations") Integer clMinValidations,
    @JsonProperty("cl_stages_entered") Integer clStagesEntered,
    @JsonProperty("outcome") String outcome,
    @JsonProperty("best_stage") Integer bestStage,
    @JsonProperty("best_n_train") Integer bestNTrain,
    @JsonProperty("best_n_valid") Integer bestNValid,
    @JsonProperty("stages") List<StageRecord> stages,
    @JsonProperty("decisions") List<Decision> decisions,
    @JsonProperty("imitation_episodes") Integer imitationEpisodes,
    @JsonProperty("imitation_steps") Long imitationSteps,
    @JsonProperty("imitation_iterations") Long imitationIterations,
    @JsonProperty("il_teachers") List<String> ilTeachers,
    @JsonProperty("il_ratio") Ratios ilRatio,
    @JsonProperty("il_weight") Double ilWeight,
    @JsonProperty("il_lr") Double ilLr) {

  public static final String FILE_NAME = "training.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Episode lengths: one value for a run at fixed lengths, or one per curriculum stage entered.
   * JSON holds a bare number for the one, a list for the other.
   */
  public record Lengths(List<Integer> values, boolean perStage) {

    public Lengths {
      values = List.copyOf(values);
    }

    static Lengths fixed(int n) {
      return new Lengths(List.of(n), false);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Lengths read(Object json) {
      if (json instanceof Number n) {
        return fixed(n.intValue());
      }
      return new Lengths(((List<?>) json).stream().map(o -> ((Number) o).intValue()).toList(), true);
    }

    @JsonValue
    Object json() {
      return perStage ? values : values.get(0);
    }

    /** The first length (a fixed run's only one). */
    public int first() {
      return values.get(0);
    }

    @Override
    public String toString() {
      return String.valueOf(json());
    }
  }

  /** Imitation ratios r: one, or one per curriculum stage (the last repeating). */
  public record Ratios(List<Double> values, boolean perStage) {

    public Ratios {
      values = List.copyOf(values);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Ratios read(Object json) {
      if (json instanceof Number n) {
        return new Ratios(List.of(n.doubleValue()), false);
      }
      return new Ratios(((List<?>) json).stream().map(o -> ((Number) o).doubleValue()).toList(), true);
    }

    @JsonValue
    Object json() {
      return perStage ? values : values.get(0);
    }
  }

  /**
   * The summary of a finished training. With a curriculum, {@code n_train} and {@code n_valid}
   * are the lengths of the stages actually entered, so the report's cost table shows how far the
   * curriculum went.
   */
  static TrainingSummary of(String variant, MetaTrainConfig cfg, TrainingResult r, boolean dataVerified) {
    CurriculumHistory h = r.history();
    List<StageRecord> stages = h.stages();
    boolean cl = cfg.curriculum();
    boolean il = cfg.imitation();
    return new TrainingSummary(variant, cfg.optimizer().architecture(), cfg.optimizer().toString(),
        cfg.problem().id(),
        cl ? new Lengths(stages.stream().map(StageRecord::nTrain).toList(), true) : Lengths.fixed(cfg.nTrain()),
        cl ? new Lengths(stages.stream().map(StageRecord::nValid).toList(), true) : Lengths.fixed(cfg.nValid()),
        cfg.epochs(), r.episodes(), r.trainSteps(), r.validSteps(), r.metaIterations(),
        r.divergedEpisodes(), r.bestEpisode(), r.bestScore(), dataVerified, r.validations(),
        cl ? cfg.clSchedule() : null, cl ? cfg.clMinValidations() : null, cl ? stages.size() : null,
        h.outcome() == null ? null : h.outcome().label(),
        h.best() == null ? null : h.best().stage(),
        h.best() == null ? null : h.best().nTrain(),
        h.best() == null ? null : h.best().nValid(),
        stages,
        h.decisions().stream().filter(d -> d.kind() != Decision.Kind.CONTINUE).toList(),
        r.imitationEpisodes(), r.imitationSteps(), r.imitationIterations(),
        il ? cfg.ilTeachers().stream().map(TeacherSpec::toString).toList() : null,
        il ? new Ratios(cfg.ilRatios(), cl) : null,
        il ? cfg.ilWeight() : null,
        il ? cfg.ilLr() : null);
  }

  /** Reads {@code dir/training.json}. */
  public static TrainingSummary read(Path dir) throws IOException {
    return JSON.readValue(dir.resolve(FILE_NAME).toFile(), TrainingSummary.class);
  }

  /** Writes {@code dir/training.json} and returns the file. */
  Path write(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    JSON.writeValue(file.toFile(), this);
    return file;
  }
}
