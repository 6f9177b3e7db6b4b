#!/usr/bin/env python
"""How precise is the ruler `proxy_rank.py` holds the shared-weight reward against? It trains each child once (200 steps
from scratch, training seed 0) and calls that Dice the truth. Here the same children are trained again with other training
seeds (same data, same validation cases, same steps): the Kendall tau between two trainings of the same children is the
most any proxy can reach against one training, and the tau of the shared-weight Dice against the median of all trainings
is the proxy's, measured with a steadier ruler (the median: a training that missed a class does not move it; in 200 steps a training
sometimes never predicts one of the two classes, its Dice then half the others', while its loss falls as theirs does).

    python benchmarks/proxy_noise.py --result hippocampus_auto_depth_seed1 --split_seed 1 --seeds 1 &   # one core each,
    python benchmarks/proxy_noise.py --result hippocampus_auto_depth_seed1 --split_seed 1 --seeds 2 &   # side by side
    python benchmarks/proxy_noise.py --result hippocampus_auto_depth_seed1 --split_seed 1 --seeds 1,2   # the summary
    python benchmarks/proxy_noise.py ... --seeds 0 --n 1     # retrain the default child with seed 0: the data is rebuilt right

`--split_seed` is the seed of the search whose children these are (`rnas auto --seed`: its validation cases). The data
folder the result names (`runs/.../task166`) is rebuilt from `--msd` when it is gone, as `hippocampus_auto.py` builds it.
Trainings are cached per child and seed in runs/proxy_noise/NAME/ (a killed run resumes); the summary goes to
benchmarks/results/proxy_rank/NAME_noise.{json,png}."""
import argparse, itertools, json, sys
from pathlib import Path
import numpy as np, torch
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from rnas_nb.data import MSDDataset
from rnas_nb.space import Arch
from rnas_nb.sampling import kfold_split, load_split
from rnas_nb.cv import prepare_folds, fold_cases
from rnas_nb.plan import subset_task
from rnas_nb.plan import preprocess_options as _preprocess
from hippocampus_search import stage
from hippocampus_auto import space_for
from proxy_rank import kendall, spearman, trained_dice

def task_data(path:Path, msd:Path)->Path:
    "The training cases of fold 0 of `msd`'s seed-0 5-fold split as an MSD task in `path` (kept if already there)."
    if (path/'dataset.json').is_file(): return path
    if not (msd/'dataset.json').is_file(): sys.exit(f"{path} is gone and {msd} holds no MSD task to rebuild it from: pass --msd")
    return subset_task(msd, kfold_split(MSDDataset(msd).case_names, 5, 0)[0]['train'], path)

def ruler(trained:np.ndarray)->dict:
    "Kendall tau between every two trainings (rows: children, columns: seeds), and each child's spread across them."
    taus = [kendall(trained[:, a], trained[:, b]) for a, b in itertools.combinations(range(trained.shape[1]), 2)]
    return dict(pair_taus=taus, mean_pair_tau=float(np.mean(taus)), child_sd=float(trained.std(1, ddof=1).mean()),
                spread_sd=float(np.median(trained, 1).std(ddof=1)), collapsed=int((trained < np.median(trained, 1, keepdims=True) - 0.2).sum()))   # trainings 0.2 below the child's median: a class missed

def plot(shared, trained:np.ndarray, seeds:list[int], sources:list[str], path:Path, title:str)->Path:
    "Left: two trainings of each child against each other; right: the shared-weight Dice against the trainings' median (bars: min-max)."
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4.5)); m = np.median(trained, 1)
    a.scatter(trained[:, 0], trained[:, 1]); lo, hi = trained.min(), trained.max(); a.plot([lo, hi], [lo, hi], 'k:', lw=1)
    a.set(xlabel=f'trained Dice, training seed {seeds[0]}', ylabel=f'trained Dice, training seed {seeds[1]}',
          title=f'the ruler against itself: Kendall tau {kendall(trained[:, 0], trained[:, 1]):.2f}')
    b.errorbar(shared, m, yerr=[m-trained.min(1), trained.max(1)-m], fmt='o', capsize=3)
    i = sources.index('default') if 'default' in sources else None
    if i is not None: b.scatter([shared[i]], [m[i]], marker='*', s=200, c='C3', zorder=3, label='default child')
    b.set(xlabel='shared-weight Dice (search reward)', ylabel=f'median trained Dice over {trained.shape[1]} trainings',
          title=f'the proxy: Kendall tau {kendall(shared, m):.2f}, Spearman rho {spearman(shared, m):.2f}')
    if i is not None: b.legend()
    fig.suptitle(title); fig.savefig(path, dpi=90, bbox_inches='tight'); plt.close(fig)
    return path

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--result', default='hippocampus_auto_depth_seed1', help='a proxy_rank result: benchmarks/results/proxy_rank/RESULT.json')
    p.add_argument('--split_seed', type=int, required=True, help="seed of the search whose children these are (its validation cases)")
    p.add_argument('--seeds', default='1,2', help='training seeds to add (comma-separated); the result\'s own training is seed 0')
    p.add_argument('--n', type=int, default=None, help='only the first N children')
    p.add_argument('--msd', default='../shared/data/Task04_Hippocampus', help='the MSD task the data folder is rebuilt from')
    p.add_argument('--threads', type=int, default=1, help='torch threads')
    a = p.parse_args()
    src = Path('benchmarks/results/proxy_rank')/f'{a.result}.json'
    if not src.is_file(): sys.exit(f"{src}: no such proxy_rank result")
    res = json.loads(src.read_text()); kids = res['children'][:a.n]; seeds = [int(s) for s in a.seeds.split(',')]
    torch.set_num_threads(a.threads)
    work = Path('runs/proxy_noise')/a.result; work.mkdir(parents=True, exist_ok=True)
    pds, splits = prepare_folds(task_data(Path(res['data']), Path(a.msd)), work, _preprocess(False), seed=a.split_seed)
    tr, va = fold_cases(pds, splits[res['fold']]); space = space_for(Path(res['data']).parent, pds)
    if len(va) != res['n_val']: sys.exit(f"{len(va)} validation cases, the result had {res['n_val']}: wrong --split_seed?")
    if Arch.from_json(json.dumps(kids[0]['arch'])) != space.default() and kids[0]['source'] == 'default': sys.exit("the space rebuilt is not the result's: its default child differs")
    print(f"{len(tr)} training, {len(va)} validation cases; {len(kids)} children, training seeds {seeds}, {res['steps']} steps each", flush=True)
    new = {}
    for s in seeds:
        for i, k in enumerate(kids):
            arch = Arch.from_json(json.dumps(k['arch']))
            r = stage(work/f'seed{s}_child{i}.json', lambda: trained_dice(arch, space, tr, va, work/f'seed{s}_child{i}', res['steps'], seed=s))
            new[s, i] = r['trained_dice']
            print(f"child {i} ({k['source']}), training seed {s}: {r['trained_dice']:.3f} (seed 0: {k['trained_dice']:.3f})", flush=True)
    if 0 in seeds or a.n is not None: return   # a check of the rebuilt data, or part of the children: no summary
    trained = np.array([[k['trained_dice']] + [new[s, i] for s in seeds] for i, k in enumerate(kids)])
    shared, sources, all_seeds = [k['shared_dice'] for k in kids], [k['source'] for k in kids], [0, *seeds]
    out = dict(result=a.result, split_seed=a.split_seed, steps=res['steps'], n_val=len(va), training_seeds=all_seeds, **ruler(trained),
               shared_vs_each=[kendall(shared, trained[:, j]) for j in range(trained.shape[1])], shared_vs_median_tau=kendall(shared, np.median(trained, 1)),
               shared_vs_median_rho=spearman(shared, np.median(trained, 1)),
               children=[dict(source=k['source'], shared_dice=k['shared_dice'], trained_dice=trained[i].tolist()) for i, k in enumerate(kids)])
    dst = Path('benchmarks/results/proxy_rank')/f'{a.result}_noise'
    dst.with_suffix('.json').write_text(json.dumps(out, indent=1))
    plot(shared, trained, all_seeds, sources, dst.with_suffix('.png'), f'{a.result}: {len(kids)} children, {res["steps"]} steps, training seeds {all_seeds}')
    print(f"the ruler: Kendall tau between two trainings {', '.join(f'{t:.2f}' for t in out['pair_taus'])} (mean {out['mean_pair_tau']:.2f}); "
          f"a child's spread across trainings {out['child_sd']:.3f} (sd), the children's spread {out['spread_sd']:.3f}; {out['collapsed']} trainings 0.2 below their child's median\n"
          f"the proxy: tau against each training {', '.join(f'{t:.2f}' for t in out['shared_vs_each'])}, against their median "
          f"{out['shared_vs_median_tau']:.2f} (Spearman {out['shared_vs_median_rho']:.2f}); wrote {dst}.json and .png", flush=True)

if __name__ == '__main__': main()
