package org.l2o.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.l2o.curves.LossCurves;
import org.l2o.env.EnvironmentCapture;
import org.l2o.figures.FigureSet;
import org.l2o.figures.PaperTargets;
import org.l2o.figures.ReferenceRun;
import org.l2o.figures.ReportInputs;
import org.l2o.figures.ReproductionReport;
import org.l2o.figures.StageTime;
import org.l2o.figures.TrainingCost;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.tracking.Tracker;

/**
 * {@code plot}: figures A1-A3 (PNG and SVG) and the reproduction report (HTML and Markdown) from
 * every evaluation's curves and every training run's cost. Never loads TensorFlow.
 */
public final class PlotStage implements Stage {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return StageNames.PLOT;
  }

  @Override
  public Set<String> inputRoles() {
    return Set.of("evaluations", "trained");
  }

  /**
   * The plot task's params.
   *
   * @param profile the profile's name, which the report shows
   * @param reference the run set beside this one in the report: auto, none, or a path
   */
  public record Settings(String profile, String reference) {}

  @Override
  public Settings settings(ResolvedParams p) {
    return new Settings(p.getString("profile"), p.getString("reference"));
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    Settings settings = settings(ctx.params());
    // Before any figure is drawn, so that a mistyped path fails in a second, not after the plots.
    Optional<ReferenceRun> reference;
    try {
      reference = ReferenceRun.locate(settings.reference(), settings.profile());
    } catch (ParamException e) {
      throw new ParamException("reference", "param 'reference' = " + e.getMessage());
    }
    List<LossCurves> curves = new ArrayList<>();
    boolean unverified = false;
    for (Path dir : ctx.inputs("evaluations")) {
      LossCurves c = LossCurves.read(dir);
      curves.add(c);
      unverified |= "false".equals(c.meta().get("data_verified"));
    }
    List<TrainingCost> costs = new ArrayList<>();
    for (Path dir : ctx.inputs("trained")) {
      TrainingSummary t = TrainingSummary.read(dir);
      costs.add(new TrainingCost(t.variant(), t.trainSteps(), t.validSteps(),
          "N_train=" + t.nTrain() + ", N_valid=" + t.nValid() + ", " + t.episodesRun() + " episodes"));
      unverified |= !t.dataVerified();
    }
    Map<String, StageTime> times = stageTimes(ctx);
    ReportInputs in = new ReportInputs(curves, costs, settings.profile(),
        EnvironmentCapture.capture(Path.of("").toAbsolutePath(), false).asMap(), times, unverified);
    List<Path> figures = FigureSet.build(in).writeAll(ctx.out());
    ReproductionReport report = ReproductionReport.build(in, PaperTargets.load(), reference);
    report.write(ctx.out(), figures);
    Tracker t = ctx.tracker();
    t.logArtifacts(ctx.out(), "");
    ctx.log().println(ctx.taskName() + ": " + figures.size() + " figure files, report with "
        + report.rows().size() + " rows and " + report.claims().size() + " claims"
        + reference.map(r -> ", beside " + r.label()).orElse("")
        + (unverified ? " (UNVERIFIED data)" : ""));
  }

  /** Wall and CPU time per stage, summed over its tasks, from the provenance of each input. */
  private static Map<String, StageTime> stageTimes(StageContext ctx) throws IOException {
    Map<String, StageTime> times = new LinkedHashMap<>();
    for (String stage : StageNames.ALL) {
      times.put(stage, StageTime.ZERO);
    }
    List<Path> all = new ArrayList<>(ctx.inputs("trained"));
    all.addAll(ctx.inputs("evaluations"));
    for (Path dir : all) {
      Path prov = dir.resolve(StageExecutor.PROVENANCE_FILE);
      if (Files.exists(prov)) {
        Map<?, ?> m = JSON.readValue(prov.toFile(), Map.class);
        double wall = Duration.between(Instant.parse((String) m.get("started")),
            Instant.parse((String) m.get("finished"))).toMillis() / 1000.0;
        double cpu = m.get(StageExecutor.CPU_SECONDS) instanceof Number n ? n.doubleValue() : Double.NaN;
        times.merge(String.valueOf(m.get("stage")), new StageTime(wall, cpu), StageTime::plus);
      }
    }
    times.values().removeIf(t -> t.wallSeconds() == 0.0);
    return times;
  }
}
