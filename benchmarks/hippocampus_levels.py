#!/usr/bin/env python
"""Depth against the control: the default child of the `ronasmis` space at LEVELS resolution levels, trained MINUTES on
the 166 training cases of `hippocampus_auto.py`'s split (the same loop and settings as its `default` control: 1
thread, 25 minibatches per epoch, the best epoch picked on 8 training cases) and tested on its 42 held-out cases.
Needs `python benchmarks/hippocampus_auto.py` to have written runs/hippocampus_auto/ (split, task166, cache) first.

    python benchmarks/hippocampus_levels.py 3 20 & python benchmarks/hippocampus_levels.py 4 20 & wait   # side by side, as the benchmark's arms

Appends one JSON line per run to benchmarks/results/hippocampus_auto/levels.jsonl."""
import sys, json, time, torch
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import hippocampus_auto as H
from rnas_nb.space import SearchSpace
from rnas_nb.fingerprint import fingerprint
from rnas_nb.train import train
from rnas_nb.cv import export_meta
from rnas_nb.checkpoint import load_network
from rnas_nb.sampling import load_split

def main(levels:int, minutes:float, out:Path=Path('runs/hippocampus_auto'), data:str='../shared/data/Task04_Hippocampus'):
    torch.set_num_threads(1)
    run = out/'train'/f'default_{levels}levels'
    pds, tr, va = H.load_data(out/'task166', out, 8)
    space = SearchSpace.from_fingerprint(fingerprint(pds), 'ronasmis', n_levels=levels, base_ch=16, n_nodes=2)
    t0 = time.time(); t = train(space.default(), tr, va, run, space.net_kwargs, H.budget_config(25, minutes), meta=export_meta(pds, tr))
    net = load_network(run/'model')
    m = H.test_scores(net, data, load_split(out/'split.json')[0]['val'])['summary'][-2]
    r = dict(levels=levels, minutes=minutes, train_s=time.time()-t0, epochs=t.epoch, anterior=m['Anterior'], posterior=m['Posterior'],
             dice=m['mean'], gflops=H.flops(net[0], space.largest().patch)/1e9, params=H.n_params(net[0]))
    print(json.dumps(r))
    with open(Path(__file__).resolve().parent/'results'/'hippocampus_auto'/'levels.jsonl', 'a') as f: f.write(json.dumps(r) + '\n')

if __name__ == '__main__': main(int(sys.argv[1]), float(sys.argv[2]))
