#!/usr/bin/env bash
# Evaluates a model on the held-out photos as its model card reports it (issue #13): the authors' holes (2-4 of
# 32-128 px), the paper's training holes (one of 96-128 px), free-form strokes, and one hole of 160-200 px (deeper
# than any training hole: hole L1 hides fills that go wrong far from the border, SSIM and sharpness show them), each against the model + post-
# processing, fast marching (Telea r5) and mean fill: hole L1, PSNR, SSIM, sharpness, per-photo L1, and for the
# authors' holes the naturalness judge.
#   scripts/model/evaluate.sh <model.onnx> <held-out folder> <out folder> [seed]
# GLCIC may name a built glcic-train.dll to run instead of `dotnet run`.
set -euo pipefail
model="$1"; data="$2"; out="$3"; seed="${4:-1}"
if [[ -n "${GLCIC:-}" ]]; then glcic=(dotnet "$GLCIC"); else glcic=(dotnet run --project "$(dirname "$0")/../../src/GlcicML.Cli.Training" -c Release --); fi
mkdir -p "$out"
"${glcic[@]}" eval --model "$model" -d "$data" --seed "$seed" --per-image --judge -o "$out/authors-holes.json" | tee "$out/authors-holes.md"
"${glcic[@]}" eval --model "$model" -d "$data" --seed "$seed" --per-image --hole-min 96 --hole-max 128 --holes-min 1 --holes-max 1 -o "$out/paper-holes.json" | tee "$out/paper-holes.md"
"${glcic[@]}" eval --model "$model" -d "$data" --seed "$seed" --per-image --random-masks FreeForm -o "$out/free-form.json" | tee "$out/free-form.md"
"${glcic[@]}" eval --model "$model" -d "$data" --seed "$seed" --per-image --hole-min 160 --hole-max 200 --holes-min 1 --holes-max 1 -o "$out/large-holes.json" | tee "$out/large-holes.md"
