package org.l2o.stages;

import java.util.Set;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * What the three training stages share: they read the data, choose the device once, build a
 * {@link MetaTrainConfig} for their variant, and hand it to {@link TrainingRun}, so every trained
 * optimizer leaves the same outputs whichever technique made it.
 */
abstract class TrainingStage implements Stage {

  @Override
  public final Set<String> inputRoles() {
    return Set.of("data");
  }

  @Override
  public final TrainingSettings settings(ResolvedParams p) {
    Variant variant = variant(p.getString("variant"));
    MetaTrainConfig config = config(variant, p, "");
    String dataset = config.problem().needsData() ? DataSources.datasetFor(config.problem(), p) : null;
    return new TrainingSettings(variant, p.getString("device"), config, dataset,
        TrainingCheckpointing.Settings.read(p));
  }

  @Override
  public final void run(StageContext ctx) throws Exception {
    TrainingSettings s = settings(ctx.params());
    String device = Devices.choose(s.device(), ctx).tfDevice();
    TrainingRun.train(ctx, name(), s, s.config().withDevice(device));
  }

  /** The variant named, refused (exit 2) before anything is loaded when this stage does not train it. */
  private Variant variant(String name) {
    Variant v = Variants.find(name).orElse(null);
    if (v == null || !name().equals(v.trainingStage())) {
      String trainedBy = v == null || v.trainingStage() == null ? "" : "; " + v.trainingStage() + " trains it";
      throw new StageException(name() + ": variant '" + name + "' is not " + kind() + " variant; "
          + "expected one of " + Variants.names(Variants.trainedBy(name())) + trainedBy, 2, null);
    }
    return v;
  }

  /** "a baseline", "a curriculum": what this stage's variants are, for errors. */
  abstract String kind();

  abstract MetaTrainConfig config(Variant variant, ResolvedParams p, String device);
}
