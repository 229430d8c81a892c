#!/usr/bin/env bash
# Issue #12's recipe ablation: completion-only recipes, the same data, network, crops, holes, batch and number of
# iterations (so the same CPU time, within the optimizers' difference), each validated on the held-out photos after
# every checkpoint; then each best model is evaluated. One recipe at a time; each row's run clock is in its
# training-log.csv. Results: <out>/<recipe>/validation.csv and <out>/<recipe>/eval.md.
#   scripts/ablation/recipes.sh <train folder> <held-out folder> <out folder> [iterations] [recipe...]
# SEED (default 1) seeds weights, crops and holes: a second seed of a row measures the run-to-run noise.
# GLCIC may name a built glcic.dll to run instead of `dotnet run` (so a rebuild during the runs does not touch them).
# TIME_LIMIT (h:mm:ss) gives every row the same wall time instead (--time-limit; iterations is then only an upper
# bound), THREADS its libtorch threads (--threads; 0 = one per core).
set -euo pipefail
train="$1"; heldout="$2"; out="$3"; iterations="${4:-1000}"; shift $(( $# < 4 ? $# : 4 ))
names=("$@"); [[ ${#names[@]} -gt 0 ]] || names=(paper adam adam-l1 adam-l1-fm)
if [[ -n "${GLCIC:-}" ]]; then glcic=(dotnet "$GLCIC"); else glcic=(dotnet run --project "$(dirname "$0")/../../src/GlcicML.Cli.Training" -c Release --); fi
common=(--data "$train" --validation "$heldout" --size 128 --resize-min 256 --resize-max 512 --hole-min 24 --hole-max 64
        --width 0.375 --batch-size 16 --iterations "$iterations" --tc "$iterations" --td 0 --checkpoint-every 200 --seed "${SEED:-1}" --threads "${THREADS:-0}")
[[ -z "${TIME_LIMIT:-}" ]] || common+=(--time-limit "$TIME_LIMIT")
declare -A recipes=(
  [paper]="--optimizer adadelta --loss crop-mse --prefill mean-color"
  [adam]="--optimizer adam --loss crop-mse --prefill mean-color"
  [adam-l1]="--optimizer adam --loss hole-l1 --prefill mean-color"
  [adam-l1-fm]="--optimizer adam --loss hole-l1 --prefill fast-marching"
  [adam-l1-fm-bf16]="--optimizer adam --loss hole-l1 --prefill fast-marching --precision bf16"
  [adam-l1-fm-curriculum]="--optimizer adam --loss hole-l1 --prefill fast-marching --hole-curriculum 500"
  [adam-l1-fm-cosine]="--optimizer adam --loss hole-l1 --prefill fast-marching --schedule cosine"
)
for name in "${names[@]}"; do
  # shellcheck disable=SC2086
  "${glcic[@]}" train "${common[@]}" ${recipes[$name]} --output "$out/$name" | tail -n 5
  "${glcic[@]}" eval --model "$out/$name/best.onnx" -d "$heldout" --seed 2 | tee "$out/$name/eval.md"
done
