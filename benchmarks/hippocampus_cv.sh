#!/usr/bin/env bash
# A short, CPU-sized version of the paper's protocol on the real MSD Hippocampus task: an ENAS search
# on fold 0, derive the found network, then 5-fold cross-validation of it fine-tuned from the shared
# weights. Writes runs/hippocampus/{search,cv}; the per-fold table is runs/hippocampus/cv/cv_summary.md.
# Usage: bash benchmarks/hippocampus_cv.sh [DATA]   (default: ../shared/data/Task04_Hippocampus)
set -euo pipefail
data=${1:-../shared/data/Task04_Hippocampus}
out=runs/hippocampus
t0=$SECONDS
rnas search "$data" --out $out/search --preset ronasmis --epochs 2 --children 3 --base_ch 8 --seed 0
echo "search: $((SECONDS-t0)) s"; t1=$SECONDS
rnas derive $out/search --k 3
echo "derive: $((SECONDS-t1)) s"; t2=$SECONDS
rnas cv "$data" --arch $out/search/child --out $out/cv --epochs 3 --batches 20 --seed 0
echo "cv: $((SECONDS-t2)) s; total $((SECONDS-t0)) s"
