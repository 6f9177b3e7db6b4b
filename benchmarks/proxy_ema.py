#!/usr/bin/env python
"""Does averaging the shared weights make the reward rank children better? The shared weights are trained at a constant
learning rate, one child per step, so at any moment they lean towards the children of the last few steps. This runs the
search of `rnas auto --seed SPLIT_SEED` (same space, split and settings, `--minutes` of search), keeps an exponential moving
average of the shared weights (one per `--decays`) and the weights at the end of the epoch before the last, and scores the
children of a `proxy_rank.py` result with each set of weights, and (`--finetune STEPS`) after STEPS steps of fine-tuning from the
final weights, as derive fine-tunes its candidates: Kendall tau against the Dice they trained to (the median of
the trainings in RESULT_noise.json, from `proxy_noise.py`, where it exists), and between the sets of weights.

    python benchmarks/proxy_ema.py --search_seed 1 &     # one core each, side by side: two searches of the same split
    python benchmarks/proxy_ema.py --search_seed 11 &
    python benchmarks/proxy_ema.py --search_seed 1,11    # the summary of both (each search is cached in runs/proxy_ema/)
    python benchmarks/proxy_ema.py --search_seed 1 --finetune 50 &     # then each child fine-tuned 50 steps from either
    python benchmarks/proxy_ema.py --search_seed 11 --finetune 50 &    # search's final weights, and the summary with them
    python benchmarks/proxy_ema.py --search_seed 1,11 --finetune 50

A killed search resumes with its averages (they are in its checkpoint). Results: benchmarks/results/proxy_rank/RESULT_ema.{json,png}."""
import argparse, copy, itertools, json, sys
from pathlib import Path
import numpy as np, torch
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from rnas_nb.space import Arch
from rnas_nb.cv import fold_cases
from rnas_nb.learner import Callback, TimeBudget
from rnas_nb.metrics import case_dice
from rnas_nb.search import SearchConfig, average_weights, search
from rnas_nb.plan import SetupConfig, search_setup
from rnas_nb.derive import finetune
from rnas_nb.derive import load_search
from rnas_nb.train import TrainConfig
from hippocampus_search import stage
from proxy_rank import kendall, spearman
from proxy_noise import task_data

class AveragedWeights(Callback):
    "Exponential moving averages of the supernet's weights (one per decay, `average_weights` after every shared step), and the weights at the end of the epoch before the last."
    def __init__(self, decays:list[float]): self.decays, self.avg, self.prev = decays, {}, {}
    def weights(self, learn)->dict: return {k: v.detach().clone() for k, v in learn.net.state_dict().items()}
    def copy(self, learn): return copy.deepcopy(learn.net).requires_grad_(False)
    def after_batch(self, learn):
        if not self.avg: self.avg = {d: self.copy(learn) for d in self.decays}
        for d, a in self.avg.items(): average_weights(a, learn.net, d)
    def after_epoch(self, learn): self.prev, self.last = getattr(self, 'last', {}), self.weights(learn)
    def state_dict(self, learn)->dict: return dict(averages={str(d): a.state_dict() for d, a in self.avg.items()}, last_epoch=getattr(self, 'last', {}), prev_epoch=self.prev)
    def load_state_dict(self, learn, state:dict):
        self.avg = {float(d): self.copy(learn) for d in state['averages']}
        for d, w in state['averages'].items(): self.avg[float(d)].load_state_dict(w)
        self.last, self.prev = state['last_epoch'], state['prev_epoch']

def scores(net, kids:list[dict], va, weights:dict[str, dict])->dict:
    "The mean validation Dice of every child with every set of shared weights."
    out = {}
    for name, w in weights.items():
        net.load_state_dict(w); out[name] = [float(case_dice(net, va, 'cpu', Arch.from_json(json.dumps(k['arch']))).mean()) for k in kids]
        print(f"   {name}: " + ' '.join(f'{d:.3f}' for d in out[name]), flush=True)
    return out

def one_search(a, seed:int, kids:list[dict])->dict:
    "Run (or resume) the search of seed `seed`, then score the children with its final, averaged and earlier weights."
    out = Path('runs/proxy_ema')/f'{a.result}_search{seed}'
    pds, splits, space = search_setup(task_data(Path(a.task), Path(a.msd)), out, SetupConfig(seed=a.split_seed))
    tr, va = fold_cases(pds, splits[0]); avg = AveragedWeights([float(d) for d in a.decays.split(',')])
    cfg = SearchConfig(strategy='enas', n_epochs=10**6, child_epochs=1, n_children=8, reward_cases=8, seed=seed, device='cpu', progress=False)
    s = search(space, tr, va, out, cfg, cbs=[TimeBudget(a.minutes), avg])
    weights = {'final': s.net.state_dict(), 'end of the epoch before': avg.prev, **{f'average {d:g}': a.state_dict() for d, a in avg.avg.items()}}
    weights = {k: {n: t.clone() for n, t in w.items()} for k, w in weights.items() if w}
    print(f"search seed {seed}: {s.step} shared steps, {s.epoch} epochs; scoring {len(kids)} children on {len(va)} cases", flush=True)
    return dict(steps=s.step, epochs=s.epoch, shared=scores(s.net, kids, va, weights))

def finetuned(a, seed:int, kids:list[dict], steps:int)->list[float]:
    "Each child's validation Dice after `steps` steps of fine-tuning from the final shared weights of search `seed` (`rnas_nb.auto.finetune`, derive's)."
    out = Path('runs/proxy_ema')/f'{a.result}_search{seed}'
    pds, splits, _ = search_setup(task_data(Path(a.task), Path(a.msd)), out, SetupConfig(seed=a.split_seed))
    (tr, va), (_, net, _, _) = fold_cases(pds, splits[0]), load_search(out, 'cpu'); cfg = TrainConfig(device='cpu', progress=False, seed=seed)
    dice = [finetune(net, Arch.from_json(json.dumps(k['arch'])), tr, va, out/f'finetune{steps}_child{i}', steps, cfg)['finetuned'] for i, k in enumerate(kids)]
    print(f"   final, fine-tuned {steps} steps: " + ' '.join(f'{d:.3f}' for d in dice), flush=True)
    return dice

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--result', default='hippocampus_auto_depth_seed1', help='a proxy_rank result: its children, and the Dice they trained to')
    p.add_argument('--task', default='runs/hippocampus_auto_seed1/task166', help="the result's data folder (rebuilt from --msd when gone)")
    p.add_argument('--msd', default='../shared/data/Task04_Hippocampus', help='the MSD task the data folder is rebuilt from')
    p.add_argument('--split_seed', type=int, default=1, help="`rnas auto --seed` of the result's search: its split")
    p.add_argument('--search_seed', default='1', help='seeds of the searches (comma-separated; the supernet, sampler and controller)')
    p.add_argument('--minutes', type=float, default=24, help="each search's time budget (the result's searches: 24)")
    p.add_argument('--decays', default='0.99,0.998', help='decays of the moving averages')
    p.add_argument('--threads', type=int, default=1, help='torch threads')
    p.add_argument('--finetune', type=int, default=0, help='also fine-tune each child this many steps from the final weights (0: no)')
    p.add_argument('--n', type=int, default=None, help='only the first N children (a check of the pipeline: give it a search seed of its own)')
    a = p.parse_args()
    res = json.loads((Path('benchmarks/results/proxy_rank')/f'{a.result}.json').read_text()); kids = res['children'][:a.n]
    noise = Path('benchmarks/results/proxy_rank')/f'{a.result}_noise.json'
    truth = (np.median([k['trained_dice'] for k in json.loads(noise.read_text())['children']], 1) if noise.is_file()
             else np.array([k['trained_dice'] for k in kids]))[:a.n]
    torch.set_num_threads(a.threads); seeds = [int(s) for s in a.search_seed.split(',')]
    runs = {s: stage(Path('runs/proxy_ema')/f"{a.result}_search{s}{f'_n{a.n}' if a.n else ''}.json", lambda: one_search(a, s, kids)) for s in seeds}
    for s in seeds if a.finetune else []:
        ft = stage(Path('runs/proxy_ema')/f"{a.result}_search{s}_finetune{a.finetune}{f'_n{a.n}' if a.n else ''}.json", lambda: finetuned(a, s, kids, a.finetune))
        runs[s]['shared'][f'final, fine-tuned {a.finetune} steps'] = ft
    rows = [dict(search_seed=s, weights=w, shared=d, tau=kendall(d, truth), rho=spearman(d, truth)) for s, r in runs.items() for w, d in r['shared'].items()]
    for r in rows: print(f"search seed {r['search_seed']}, {r['weights']}: Kendall tau {r['tau']:.2f}, Spearman rho {r['rho']:.2f}", flush=True)
    across = {w: kendall(runs[seeds[0]]['shared'][w], runs[seeds[1]]['shared'][w]) for w in runs[seeds[0]]['shared']} if len(seeds) == 2 else {}
    for w, t in across.items(): print(f"{w}: Kendall tau between the two searches' scores {t:.2f}", flush=True)
    if len(seeds) < 2 or a.n: return
    dst = Path('benchmarks/results/proxy_rank')/f'{a.result}_ema'
    dst.with_suffix('.json').write_text(json.dumps(dict(result=a.result, split_seed=a.split_seed, minutes=a.minutes, truth='median of trainings' if noise.is_file() else 'one training',
                                                         runs=runs, rows=rows, across_searches=across, trained=truth.tolist()), indent=1))
    names = list(runs[seeds[0]]['shared']); fig, axs = plt.subplots(1, len(names), figsize=(4*len(names), 4), sharey=True)
    for ax, w in zip(axs, names):
        for s in seeds: ax.scatter(runs[s]['shared'][w], truth, label=f'search seed {s}')
        ax.set(title=f"{w}\ntau " + ', '.join(f"{kendall(runs[s]['shared'][w], truth):.2f}" for s in seeds), xlabel='shared-weight Dice')
    axs[0].set_ylabel('trained Dice'); axs[0].legend(); fig.savefig(dst.with_suffix('.png'), dpi=90, bbox_inches='tight'); plt.close(fig)
    print(f"wrote {dst}.json and .png", flush=True)

if __name__ == '__main__': main()
