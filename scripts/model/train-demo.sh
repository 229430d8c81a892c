#!/usr/bin/env bash
# Starts or resumes the demo model's long training run (issue #13) in the background at low priority, with the
# recipe the ablation chose (docs/benchmarks.md) and the model card's settings; half the training holes free-form
# strokes (session 5: the rectangles-only run lost ground on painted strokes); bf16 convolutions (1.3x fp32's speed
# on the Zen 5 machines, the same validation curve within the runs' noise: docs/benchmarks.md). Each session of ours
# ends its processes and may lose the run folder, so:
#   (2026-12-03: the strokes, drawn on 160-px crops, taught demo-v8 checkerboards inside holes deeper than any it
#   trained on; see models/README.md before resuming it or warm-starting from models/glcic-demo-warm.ckpt.)
#   - a run folder with a checkpoint is resumed exactly (--resume);
#   - otherwise, with models/glcic-demo-warm.ckpt (a completion-only checkpoint committed at the end of a session),
#     a new schedule warm-starts from it; otherwise the run starts from scratch.
# At the end of a session: glcic-train export -c <run>/best.ckpt -o models/glcic-demo.onnx
#                          --completion-checkpoint models/glcic-demo-warm.ckpt   (about 3.6 MB)
#   scripts/model/train-demo.sh <corpus folder> <run folder>        (log: <run folder>.out)
set -euo pipefail
corpus="$(realpath "$1")"; run="$(realpath -m "$2")"
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$(dirname "$run")/bin-$(git -C "$here" rev-parse --short HEAD)"
# A copy of the binaries, so rebuilding the repository during the run does not touch it.
if [[ ! -f "$bin/glcic-train.dll" ]]; then
  dotnet build "$here/src/GlcicML.Cli.Training" -c Release -o "$bin" > /dev/null
fi
recipe=(--data "$corpus/train" --validation "$corpus/heldout" --output "$run"
        --size 160 --resize-min 256 --resize-max 512 --hole-min 32 --hole-max 96 --local-size 96
        --width 0.375 --batch-size 16 --iterations 40000 --tc 30000 --td 2000 --checkpoint-every 200 --seed 1
        --optimizer adam --loss hole-l1 --prefill fast-marching --grayscale 0.1 --precision bf16 --hole-shape mixed)
if [[ -f "$run/checkpoint.ckpt" ]]; then
  start=(--resume --data "$corpus/train" --validation "$corpus/heldout" --output "$run" --iterations 40000)
elif [[ -f "$here/models/glcic-demo-warm.ckpt" ]]; then
  start=("${recipe[@]}" --warm-start "$here/models/glcic-demo-warm.ckpt")
else
  start=("${recipe[@]}")
fi
# setsid: the run outlives this shell; SIGTERM (not SIGINT, which background jobs ignore) stops it with a checkpoint.
setsid nice -n 10 dotnet "$bin/glcic-train.dll" train "${start[@]}" >> "$run.out" 2>&1 < /dev/null &
echo "training in the background (pid $!): $run, log $run.out; stop with kill -TERM $!"
