#!/usr/bin/env bash
# The quick-budget sweep of NOTES.md section 2, from the repository root of a built checkout.
# Each cell is its own `l2o run` (own output folder, own MLflow runs in experiment quick-sweep).
set -euo pipefail
SW="${SW:-sweep-out}"
mkdir -p "$SW"
bin/l2o mlflow-server --store "$SW/mlruns" --port 5055 > "$SW/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 8
export MLFLOW_TRACKING_URI=http://127.0.0.1:5055 MLFLOW_EXPERIMENT_NAME=quick-sweep
for cfg in "10 0.1 0.01" "5 0.1 0.01" "10 0.01 0.01" "10 0.1 0.001" "5 0.01 0.001"; do
  set -- $cfg; k=$1; s=$2; lr=$3
  name=k$k-s$s-lr$lr
  [ -f "$SW/$name/done" ] && continue
  # Each cell sets all three swept params, so the quick profile's own choice does not matter.
  bin/l2o run --profile quick --outdir "$SW/$name" --resume -p baseline_variants=dm \
    -p curriculum_variants= -p imitation_variants= -p eval_optimizers=dm,dm-untrained,sgd,adam \
    -p eval_problems=mlp-orig -p preproc_k=$k -p output_scale=$s -p meta_lr=$lr \
    && touch "$SW/$name/done"
done
