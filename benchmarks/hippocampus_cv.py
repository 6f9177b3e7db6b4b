#!/usr/bin/env python
"""5-fold cross-validation, on the real MSD Hippocampus data, of the network ENAS found in
benchmarks/hippocampus_search.py (run that first): the paper's protocol, with a CPU-sized training schedule.

    python benchmarks/hippocampus_cv.py        # about 15 min on 2 idle CPU cores

Every fold trains the found architecture FROM SCRATCH (the searched shared weights saw fold 0's training cases, which
hold the other folds' validation cases: starting from them would leak). Same split file as the search (seed 0).
Work goes to runs/hippocampus_cv/; the tables (per case and per fold) to benchmarks/results/hippocampus_cv/."""
import argparse, shutil, time
from pathlib import Path
import torch
from rnas_nb.checkpoint import load_network
from rnas_nb.train import TrainConfig
from rnas_nb.cv import cross_validate

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='../shared/data/Task04_Hippocampus')
    p.add_argument('--child', default='runs/hippocampus_search/enas/child', help='the derived child (rnas derive / hippocampus_search.py)')
    p.add_argument('--split', default='runs/hippocampus_search/split.json', help='the 5-fold split of the search')
    p.add_argument('--out', default='runs/hippocampus_cv')
    p.add_argument('--results', default='benchmarks/results/hippocampus_cv')
    p.add_argument('--epochs', type=int, default=6)
    p.add_argument('--batches', type=int, default=40)
    a = p.parse_args()
    torch.set_num_threads(2)
    child, meta = load_network(a.child); kw = meta['net_kwargs']
    cfg = TrainConfig(n_epochs=a.epochs, batches_per_epoch=a.batches, val_every=a.epochs, seed=0, progress=False)
    t0 = time.time()
    cross_validate(child.arch, a.data, a.out, a.split, base_ch=kw['base_ch'], max_ch=kw['max_ch'], cfg=cfg)
    res = Path(a.results); res.mkdir(parents=True, exist_ok=True)
    for f in Path(a.out).glob('cv_*'): shutil.copy(f, res/f.name)
    note = (f"Found arch (benchmarks/hippocampus_search.py, ENAS) trained from scratch per fold: {a.epochs} epochs x {a.batches} "
            f"minibatches of 2 patches (CPU schedule), last epoch's network, whole-volume Dice. Wall time {time.time()-t0:.0f} s.\n")
    (res/'README.md').write_text(note + '\n' + (res/'cv_summary.md').read_text())
    print(note)

if __name__ == '__main__': main()
