#!/usr/bin/env python
"""Does the shared-weight reward rank children as training does? For N children of a finished search (the space's
default, the strategy's argmax, then samples: half from the strategy, half uniform over the space), compare the Dice with
the searched shared weights (`case_dice` on the supernet) to the Dice after the same short training from scratch
(`rnas_nb.train.train`, the same steps for every child), both on the search's validation cases: Kendall tau, Spearman rho.

    python benchmarks/proxy_rank.py --search runs/hippocampus_auto/enas/search     # 12 children, 200 steps each
    python benchmarks/proxy_rank.py --search runs/other/search --children NAME     # the children of result NAME, paired
    python benchmarks/proxy_rank.py --search runs/proxy_test --quick               # 4 children, 10 steps: checks the pipeline

Per-child results are cached in runs/proxy_rank/NAME/ (a killed run resumes), the trained runs in runs/proxy_rank/trained/
(shared by every search of the same data, fold, split seed and steps); the summary JSON and the scatter plot go to
benchmarks/results/proxy_rank/NAME.{json,png} (with --quick: to runs/proxy_rank/NAME_quick/)."""
import argparse, dataclasses, hashlib, json, os, sys
from pathlib import Path
import numpy as np, torch
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from rnas_nb.core import seeded
from rnas_nb.space import Arch
from rnas_nb.derive import load_search
from rnas_nb.cv import prepare_folds, fold_cases
from rnas_nb.metrics import case_dice
from rnas_nb.resources import arch_cost
from rnas_nb.train import TrainConfig, train
from rnas_nb.plan import preprocess_options as _preprocess
from hippocampus_search import stage

def ranks(x:np.ndarray)->np.ndarray:
    "Ranks of `x` from 1, ties given their average rank."
    order = np.argsort(x, kind='stable'); r = np.empty(len(x)); r[order] = np.arange(1, len(x)+1)
    for v in np.unique(x): r[x == v] = r[x == v].mean()
    return r

def spearman(x, y)->float:
    "Spearman's rho: the Pearson correlation of the ranks."
    return float(np.corrcoef(ranks(np.asarray(x, float)), ranks(np.asarray(y, float)))[0, 1])

def kendall(x, y)->float:
    "Kendall's tau-b (ties in either variable accounted for)."
    x, y = np.asarray(x, float), np.asarray(y, float); i, j = np.triu_indices(len(x), 1)
    dx, dy = np.sign(x[i]-x[j]), np.sign(y[i]-y[j])
    return float((dx*dy).sum()/np.sqrt((dx != 0).sum()*(dy != 0).sum()))

def pick_children(space, strategy, n:int, seed:int=0)->list[dict]:
    "The default child, the strategy's argmax, then samples (strategy and uniform alternately), without duplicates."
    kids, rng = {space.default(): 'default', strategy.argmax(): 'argmax'}, np.random.default_rng(seed)
    with seeded(seed), torch.no_grad():
        for t in range(100*n):
            if len(kids) >= n: break
            kids.setdefault(strategy.sample().arch if t % 2 == 0 else space.sample(rng), 'strategy' if t % 2 == 0 else 'uniform')
    return [dict(arch=a.to_json(), source=s) for a, s in list(kids.items())[:n]]

def trained_dice(arch:Arch, space, tr, va, run:Path, steps:int, seed:int=0)->dict:
    "Dice on `va` after `steps` training steps of `arch` from scratch, seeded `seed` (cached in `run`: another search of the same data reuses it)."
    b = min(steps, 50); e = max(1, steps//b)
    cfg = TrainConfig(n_epochs=e, batches_per_epoch=b, val_every=e, seed=seed, device='cpu', progress=False)
    return dict(trained_dice=train(arch, tr, va, run, space.net_kwargs, cfg).history[-1]['dice'], steps=e*b)

def score_child(arch:Arch, source:str, space, net, tr, va, run:Path, steps:int)->dict:
    "Shared-weight Dice, Dice after `steps` training steps from scratch (both on `va`), and GFLOPs at the largest patch."
    shared = float(case_dice(net, va, 'cpu', arch).mean())
    big = dataclasses.replace(arch, patch=space.largest().patch)
    return dict(arch=json.loads(arch.to_json()), source=source, shared_dice=shared, **trained_dice(arch, space, tr, va, run, steps),
                gflops=arch_cost(space, big, 1)['flops']/1e9)

def plot(rows:list[dict], tau:float, rho:float, path:Path, title:str)->Path:
    "Scatter of shared-weight Dice (x) against trained Dice (y), the default child marked."
    fig, ax = plt.subplots(figsize=(5, 4.5))
    for src, mk in (('uniform', 'o'), ('strategy', 's'), ('argmax', '^'), ('default', '*')):
        pts = [(r['shared_dice'], r['trained_dice']) for r in rows if r['source'] == src]
        if pts: ax.scatter(*zip(*pts), marker=mk, s=160 if src == 'default' else 50, label=src)
    ax.set(xlabel='shared-weight Dice (search reward)', ylabel='Dice after training from scratch',
           title=f"{title}\nKendall tau {tau:.2f}, Spearman rho {rho:.2f}, {len(rows)} children")
    ax.legend(); fig.savefig(path, dpi=90, bbox_inches='tight'); plt.close(fig)
    return path

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--search', default='runs/hippocampus_auto/enas/search', help='folder of a finished search (checkpoint.pt, run.json, split.json)')
    p.add_argument('--n', type=int, default=12, help='children compared')
    p.add_argument('--steps', type=int, default=200, help='training steps of each child from scratch')
    p.add_argument('--name', default=None, help='name of the results (default: the search folder below runs/, joined by _)')
    p.add_argument('--threads', type=int, default=2, help='torch threads')
    p.add_argument('--children', default=None, help="compare the children of an earlier result NAME instead of picking them (a paired comparison of two searches of the same data)")
    p.add_argument('--quick', action='store_true', help='4 children, 10 steps: checks the pipeline')
    a = p.parse_args()
    run = Path(a.search)
    if not (run/'checkpoint.pt').is_file() or not (run/'run.json').is_file(): sys.exit(f"{run}: not a finished search folder (needs checkpoint.pt and run.json)")
    info = json.loads((run/'run.json').read_text())
    if not (Path(info['data'])/'dataset.json').is_file(): sys.exit(f"{run/'run.json'} names the data folder {info['data']}, which holds no dataset.json")
    n, steps = (4, 10) if a.quick else (a.n, a.steps)
    name = a.name or '_'.join(q for q in run.parts if q not in ('runs', '.', '..', run.anchor))
    work = Path('runs/proxy_rank')/(name + ('_quick' if a.quick else '')); work.mkdir(parents=True, exist_ok=True)
    res = work if a.quick else Path('benchmarks/results/proxy_rank'); res.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(a.threads)
    space, net, strategy, _ = load_search(run, 'cpu')
    pds, splits = prepare_folds(info['data'], run, _preprocess(info.get('nonzero', False)), seed=info['seed'])
    tr, va = fold_cases(pds, splits[info['fold']])
    print(f"{space}\n{len(tr)} training, {len(va)} validation cases; {n} children, {steps} steps each", flush=True)
    same = lambda: json.loads((Path('runs/proxy_rank')/a.children/'children.json').read_text())[:n]
    kids = stage(work/'children.json', same if a.children else lambda: pick_children(space, strategy, n))
    trained = Path('runs/proxy_rank/trained')/f"{Path(info['data']).name}_fold{info['fold']}_seed{info['seed']}_{steps}steps"   # shared by searches of this split
    rows = []
    for i, k in enumerate(kids):
        r = stage(work/f'child_{i}.json', lambda: score_child(Arch.from_json(k['arch']), k['source'], space, net, tr, va, trained/hashlib.sha1(k['arch'].encode()).hexdigest()[:12], steps))
        print(f"child {i} ({r['source']}): shared {r['shared_dice']:.3f}, trained {r['trained_dice']:.3f}, {r['gflops']:.2f} GFLOPs", flush=True)
        rows.append(r)
    x, y = [r['shared_dice'] for r in rows], [r['trained_dice'] for r in rows]
    tau, rho = kendall(x, y), spearman(x, y)
    out = dict(search=str(run), data=os.path.relpath(info['data']), fold=info['fold'], steps=steps, n_val=len(va), kendall_tau=tau, spearman_rho=rho, children=rows)
    (res/f'{name}.json').write_text(json.dumps(out, indent=1))
    plot(rows, tau, rho, res/f'{name}.png', name)
    print(f"Kendall tau {tau:.3f}, Spearman rho {rho:.3f} over {len(rows)} children; wrote {res/name}.json and .png", flush=True)

if __name__ == '__main__': main()
