#!/usr/bin/env bash
# Collects a finished `l2o run` into a committed reference folder, replotted with this checkout's
# plot stage (so the table has this version's columns even when the run is from an older commit).
#
#   reference/collect.sh <run-checkout> <profile> <dest> [-- extra `l2o stage plot` args]
#
# <run-checkout> is the clean clone the run happened in (its results/ and .git are read);
# <dest> receives: report.md/html, figures, table.csv, the plot's provenance; trained/<variant>/
# (optimizer weights and config, training.json, history.json, provenance.json);
# evaluate/<optimizer>_<problem>/ (summary.json, provenance.json, curve_mean.csv gzipped);
# pipeline_info/ (every launch's trace); RUN (the run's commit and where it ran).
# Per-seed curves (curves.f32) are left out: they do not compress and the mean/std per step is kept.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,12p "$0" >&2; exit 2; }
run=$(cd "$1" && pwd); profile=$2; dest=$3; shift 3
[[ ${1:-} == -- ]] && shift
here=$(cd "$(dirname "$0")/.." && pwd)
results=$run/results
[[ -d $results/evaluate ]] || { echo "collect: $results/evaluate does not exist: is $run a finished run?" >&2; exit 2; }

inputs=()
for d in "$results"/evaluate/*/; do inputs+=(--input "evaluations=${d%/}"); done
for d in "$results"/train-*/*/; do [[ -f $d/training.json ]] && inputs+=(--input "trained=${d%/}"); done

plot=$(mktemp -d)
trap 'rm -rf "$plot"' EXIT
"$here"/bin/l2o stage plot --profile "$profile" -p profile="$profile" "${inputs[@]}" --out "$plot/out" "$@"

mkdir -p "$dest"
cp "$plot"/out/* "$dest"/
for d in "$results"/train-*/*/; do
  [[ -f $d/training.json ]] || continue
  v=$(basename "$d"); mkdir -p "$dest/trained/$v"
  cp -r "$d"/optimizer "$d"/training.json "$d"/history.json "$d"/provenance.json "$dest/trained/$v/"
done
for d in "$results"/evaluate/*/; do
  e=$(basename "$d"); mkdir -p "$dest/evaluate/$e"
  cp "$d"/summary.json "$d"/provenance.json "$d"/curves.json "$dest/evaluate/$e/"
  gzip -9 -n -c "$d"/curve_mean.csv > "$dest/evaluate/$e/curve_mean.csv.gz"
done
mkdir -p "$dest/pipeline_info"
cp "$results"/pipeline_info/execution_trace_*.txt "$dest/pipeline_info/"
# Work-folder paths would be machine-specific: keep them relative to the run's checkout.
find "$dest" \( -name '*.json' -o -name '*.md' -o -name '*.html' \) -exec sed -i "s#$run/##g; s#$plot/out#.#g; s#$plot/##g" {} +
find "$dest" -name '*.txt' -exec sed -i "s#$run/##g" {} +
{
  echo "profile: $profile"
  echo "run commit: $(git -C "$run" rev-parse HEAD)"
  echo "replotted by: $(git -C "$here" rev-parse --short HEAD)"
  echo "collected: $(date -u +%FT%TZ)"
} > "$dest/RUN"
du -sh "$dest"
