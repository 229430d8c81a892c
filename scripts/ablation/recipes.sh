#!/usr/bin/env bash
# Issue #12's recipe ablation: five completion-only recipes, the same data, network, crops, holes, batch and number
# of iterations (so the same CPU time), each validated on the held-out photos after every checkpoint; then each
# best model is evaluated. Run on a quiet machine, one recipe at a time (each is ~35 min on 2 Zen 5 cores at the
# defaults below). Results: <out>/<recipe>/validation.csv and <out>/<recipe>/eval.md.
#   scripts/ablation/recipes.sh <train folder> <held-out folder> <out folder> [iterations]
set -euo pipefail
train="$1"; heldout="$2"; out="$3"; iterations="${4:-2000}"
glcic=(dotnet run --project "$(dirname "$0")/../../src/GlcicML.Cli" -c Release --)
common=(--data "$train" --validation "$heldout" --size 128 --resize-min 256 --resize-max 512 --hole-min 24 --hole-max 64
        --width 0.375 --batch-size 16 --iterations "$iterations" --tc "$iterations" --td 0 --checkpoint-every 200 --seed 1)
declare -A recipes=(
  [paper]="--optimizer adadelta --loss crop-mse --prefill mean-color"
  [adam-mse]="--optimizer adam --loss crop-mse --prefill mean-color"
  [adam-l1]="--optimizer adam --loss hole-l1 --prefill mean-color"
  [adam-l1-fm]="--optimizer adam --loss hole-l1 --prefill fast-marching"
  [adam-l1-fm-cosine]="--optimizer adam --loss hole-l1 --prefill fast-marching --schedule cosine"
)
for name in paper adam-mse adam-l1 adam-l1-fm adam-l1-fm-cosine; do
  # shellcheck disable=SC2086
  "${glcic[@]}" train "${common[@]}" ${recipes[$name]} --output "$out/$name" | tail -n 5
  "${glcic[@]}" eval --model "$out/$name/best.onnx" -d "$heldout" --seed 1 | tee "$out/$name/eval.md"
done
