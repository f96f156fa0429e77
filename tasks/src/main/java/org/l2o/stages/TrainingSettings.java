package org.l2o.stages;

import org.l2o.engine.MetaTrainConfig;
import org.l2o.variants.Variant;

/**
 * Everything a training task reads from its params, read once before any work.
 *
 * @param variant the variant the task makes
 * @param device the requested device ({@code auto}, {@code cpu}, {@code gpu}); chosen at run time
 * @param config the meta-training config, on TF's default placement until the device is chosen
 * @param dataset the fetched dataset the training problem trains on, or null for a generated one
 * @param checkpoints when and where the task saves checkpoints
 */
record TrainingSettings(
    Variant variant,
    String device,
    MetaTrainConfig config,
    String dataset,
    TrainingCheckpointing.Settings checkpoints) {}
