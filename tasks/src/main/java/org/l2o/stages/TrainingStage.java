package org.l2o.stages;

import java.util.List;
import java.util.Set;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;

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
  public final void run(StageContext ctx) throws Exception {
    ResolvedParams p = ctx.params();
    String variant = p.getString("variant");
    checkVariant(variant);
    String device = Devices.choose(p.getString("device"), ctx.taskName(), ctx.tracker()).tfDevice();
    TrainingRun.train(ctx, name(), variant, config(variant, p, device));
  }

  /** Refuses a variant this stage does not train, before anything is loaded. */
  void checkVariant(String variant) {}

  /** The usage error (exit 2) of {@link #checkVariant} for a stage that trains only {@code kind} variants. */
  final void requireVariant(String variant, List<String> allowed, String kind, String hint) {
    if (!allowed.contains(variant)) {
      throw new StageException(name() + ": variant '" + variant + "' is not " + kind + " variant; "
          + "expected one of " + allowed + hint, 2, null);
    }
  }

  abstract MetaTrainConfig config(String variant, ResolvedParams p, String device);
}
