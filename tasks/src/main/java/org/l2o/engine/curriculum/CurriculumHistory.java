package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code history.json} artifact of a meta-training run: the schedule, every validation and
 * decision, per-stage cost, and the kept model. Non-finite scores are written as the strings
 * {@code "NaN"}, {@code "Infinity"} and read back as such; unknown keys are ignored so that
 * files from later versions still load.
 *
 * @param schedule the schedule the run followed
 * @param validations every validation in order, baselines included
 * @param decisions every decision in order, one per periodic validation plus the final one
 * @param stages per-stage summary for the stages entered so far
 * @param trainSteps optimizee steps in training episodes (the paper's "training iterations")
 * @param validSteps optimizee steps in validation episodes, reported separately
 * @param best the kept model, or null when no validation ever scored finite
 * @param outcome how training ended, or null while it runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CurriculumHistory(
    @JsonProperty("schedule") CurriculumSchedule schedule,
    @JsonProperty("validations") List<ValidationRecord> validations,
    @JsonProperty("decisions") List<Decision> decisions,
    @JsonProperty("stages") List<StageRecord> stages,
    @JsonProperty("train_steps") long trainSteps,
    @JsonProperty("valid_steps") long validSteps,
    @JsonProperty("best") @JsonInclude(JsonInclude.Include.ALWAYS) BestModel best,
    @JsonProperty("outcome") @JsonInclude(JsonInclude.Include.ALWAYS) Decision.Kind outcome) {

  /** Usual artifact file name. */
  public static final String FILE_NAME = "history.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public CurriculumHistory {
    Objects.requireNonNull(schedule, "schedule");
    validations = List.copyOf(validations);
    decisions = List.copyOf(decisions);
    stages = List.copyOf(stages);
  }

  /** Writes this history as indented JSON, replacing {@code file}. */
  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "curriculum history: cannot write " + file + ": " + e.getMessage()
              + "; check that the output folder is writable",
          e);
    }
  }

  /** Reads a history written by {@link #writeJson}. */
  public static CurriculumHistory readJson(Path file) {
    try {
      return JSON.readValue(file.toFile(), CurriculumHistory.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "curriculum history: cannot read " + file + ": " + e.getMessage()
              + "; expected a history.json written by CurriculumController.writeJson",
          e);
    }
  }
}
