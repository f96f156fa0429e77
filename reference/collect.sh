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
# pipeline_info/ (every launch's trace); REFERENCE (its label, the run's commit, and any notes).
# Per-seed curves (curves.f32) are left out: they do not compress and the mean/std per step is kept.
# L2O names the launcher (default: this checkout's bin/l2o).
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,12p "$0" >&2; exit 2; }
run=$(cd "$1" && pwd); profile=$2; dest=$3; shift 3
[[ ${1:-} == -- ]] && shift
here=$(cd "$(dirname "$0")/.." && pwd)
l2o=${L2O:-$here/bin/l2o}
# A run outside a git checkout (or a replot from an unpacked copy) still collects; its commit is
# then in every provenance.json's tool_version.
commit() { git -C "$1" rev-parse ${2:-} HEAD 2>/dev/null || echo "unknown"; }
results=$run/results
[[ -d $results/evaluate ]] || { echo "collect: $results/evaluate does not exist: is $run a finished run?" >&2; exit 2; }

evaluations=("$results"/evaluate/*/)
trained=()
for d in "$results"/train-*/*/; do [[ -f $d/training.json ]] && trained+=("$d"); done
inputs=()
for d in "${evaluations[@]}"; do inputs+=(--input "evaluations=${d%/}"); done
for d in "${trained[@]}"; do inputs+=(--input "trained=${d%/}"); done

plot=$(mktemp -d)
trap 'rm -rf "$plot"' EXIT
# reference=none: a reference is not set beside (an older copy of) itself.
"$l2o" stage plot --profile "$profile" -p reference=none \
  "${inputs[@]}" --out "$plot/out" "$@"

mkdir -p "$dest"
cp "$plot"/out/* "$dest"/
for d in "${trained[@]}"; do
  v=$(basename "$d"); mkdir -p "$dest/trained/$v"
  cp -r "$d"/optimizer "$d"/training.json "$d"/history.json "$d"/provenance.json "$dest/trained/$v/"
done
for d in "${evaluations[@]}"; do
  e=$(basename "$d"); mkdir -p "$dest/evaluate/$e"
  cp "$d"/summary.json "$d"/provenance.json "$d"/curves.json "$dest/evaluate/$e/"
  gzip -9 -n -c "$d"/curve_mean.csv > "$dest/evaluate/$e/curve_mean.csv.gz"
done
mkdir -p "$dest/pipeline_info"
cp "$results"/pipeline_info/execution_trace_*.txt "$dest/pipeline_info/"
# Work-folder paths would be machine-specific: keep them relative to the run's checkout.
find "$dest" \( -name '*.json' -o -name '*.md' -o -name '*.html' -o -name '*.txt' \) \
  -exec sed -i "s#$run/##g; s#$plot/out#.#g; s#$plot/##g" {} +
# REFERENCE's first line is the label the report shows beside the Reference column; keep any text a
# person wrote below it.
{
  echo "$profile profile, commit $(commit "$run" --short), $(date -u -r "$results/evaluate" +%F)"
  echo "run commit: $(commit "$run"); replotted by $(commit "$here" --short)"
  if [[ -f $dest/REFERENCE ]]; then tail -n +3 "$dest/REFERENCE"; fi
} > "$plot/REFERENCE"
mv "$plot/REFERENCE" "$dest/REFERENCE"
du -sh "$dest"
