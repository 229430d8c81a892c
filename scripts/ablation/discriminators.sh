#!/usr/bin/env bash
# Issue #16's ablation, the paper's Fig. 6 at small scale: the same network and budget trained with the reconstruction
# loss only, with the global discriminator only, the local only, and both; each scored by L1/PSNR/SSIM, hole
# sharpness and the naturalness judge on the held-out photos. Results: <out>/<variant>/eval.md and strips from
# glcic demo in <out>/<variant>/demo/.
# The variants share their first T_C (completion-only) iterations, as in the paper's Algorithm 1: the reconstruction-
# only run is checkpointed at T_C and each discriminator variant fine-tunes from that checkpoint (T_D iterations of
# discriminators, then both jointly to the total), while the reconstruction-only run continues to the same total.
#   scripts/ablation/discriminators.sh <train folder> <held-out folder> <out folder> [tc] [td] [total]
# GLCIC may name a built glcic-train.dll to run instead of `dotnet run`; PRECISION=bf16 trains in bfloat16.
set -euo pipefail
train="$1"; heldout="$2"; out="$3"; tc="${4:-2000}"; td="${5:-500}"; total="${6:-4000}"
if [[ -n "${GLCIC:-}" ]]; then glcic=(dotnet "$GLCIC"); else glcic=(dotnet run --project "$(dirname "$0")/../../src/GlcicML.Cli.Training" -c Release --); fi
common=(--data "$train" --size 128 --resize-min 256 --resize-max 512 --hole-min 24 --hole-max 64 --width 0.375
        --batch-size 16 --checkpoint-every 250 --seed 1 --optimizer adam --loss hole-l1 --precision "${PRECISION:-fp32}")
mkdir -p "$out"
if [[ ! -f "$out/at-tc.ckpt" ]]; then
  # --tc total keeps this run completion-only when it is resumed past tc below.
  "${glcic[@]}" train "${common[@]}" --iterations "$tc" --tc "$total" --td 0 --output "$out/reconstruction-only" | tail -n 3
  cp "$out/reconstruction-only/checkpoint.ckpt" "$out/at-tc.ckpt"
fi
for variant in global local both; do
  [[ -f "$out/$variant/model.onnx" ]] || "${glcic[@]}" train "${common[@]}" --iterations "$total" --tc "$tc" --td "$td" --discriminators "$variant" \
    --fine-tune "$out/at-tc.ckpt" --output "$out/$variant" | tail -n 3
done
"${glcic[@]}" train --resume --data "$train" --iterations "$total" --output "$out/reconstruction-only" | tail -n 3
for variant in reconstruction-only global local both; do
  "${glcic[@]}" eval --model "$out/$variant/model.onnx" -d "$heldout" --seed 1 --judge | tee "$out/$variant/eval.md"
  "${glcic[@]}" demo --model "$out/$variant/model.onnx" -o "$out/$variant/demo" > /dev/null
done
