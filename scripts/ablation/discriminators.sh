#!/usr/bin/env bash
# Issue #16's ablation, the paper's Fig. 6 at small scale: the same network and budget trained with the reconstruction
# loss only, with the global discriminator only, the local only, and both; each scored by L1/PSNR/SSIM, hole
# sharpness and the naturalness judge on the held-out photos. Results: <out>/<variant>/eval.md and strips from
# glcic demo in <out>/<variant>/demo/.
#   scripts/ablation/discriminators.sh <train folder> <held-out folder> <out folder> [tc] [td] [total]
set -euo pipefail
train="$1"; heldout="$2"; out="$3"; tc="${4:-2000}"; td="${5:-500}"; total="${6:-4000}"
glcic=(dotnet run --project "$(dirname "$0")/../../src/GlcicML.Cli.Training" -c Release --)
common=(--data "$train" --size 128 --resize-min 256 --resize-max 512 --hole-min 24 --hole-max 64 --width 0.375
        --batch-size 16 --checkpoint-every 250 --seed 1 --optimizer adam --loss hole-l1)
"${glcic[@]}" train "${common[@]}" --iterations "$total" --tc "$total" --td 0 --output "$out/reconstruction-only" | tail -n 5  # the same number of iterations
for variant in global local both; do
  "${glcic[@]}" train "${common[@]}" --iterations "$total" --tc "$tc" --td "$td" --discriminators "$variant" --output "$out/$variant" | tail -n 5
done
for variant in reconstruction-only global local both; do
  "${glcic[@]}" eval --model "$out/$variant/model.onnx" -d "$heldout" --seed 1 --judge | tee "$out/$variant/eval.md"
  "${glcic[@]}" demo --model "$out/$variant/model.onnx" -o "$out/$variant/demo" > /dev/null
done
