#!/usr/bin/env python
"""ENAS against random search at equal budget on the planted task (`rnas_nb.synth.make_planted_msd`: speckle in thick
slices, where only children with `skip0 = on` can segment): over several seeds, how often and how soon each strategy
finds the planted choice. Both run `rnas_nb.search.search` with the same settings, seed and number of scored children;
only `strategy` differs.

    python benchmarks/planted_task.py               # 5 seeds, about 10 minutes on 2 busy cores
    python benchmarks/planted_task.py --quick       # 2 seeds, 3 epochs: checks the pipeline (writes to runs/planted_task_quick/)

Per seed and strategy it records, in controller updates (children scored with the shared weights, the budget both get):
- best found at: from which update on the best-rewarded child scored so far has the planted choice (random search's answer);
- argmax found at: from which epoch's end on the strategy's most likely child has it (ENAS only: random's "argmax" is the
  first choice of every decision, which here happens to be skip0 = on, so it means nothing);
- the share of children scored in the last epoch with the planted choice (0.5 for a strategy that learned nothing),
  the mean probability the strategy gave it there, and those children's mean shared-weight Dice;
- the derived child (`rnas_nb.derive.derive`, k=8): whether it has the planted choice, and its shared-weight Dice.
Rows go to benchmarks/results/planted_task/rows.json, the table to table.md beside it."""
import argparse, datetime, json, platform, subprocess, tempfile, time
from pathlib import Path
import numpy as np, torch
from rnas_nb.synth import make_planted_msd, PLANTED_SPACE, PLANTED_CHOICE
from rnas_nb.data import MSDDataset
from rnas_nb.preprocess import PreprocessedDataset
from rnas_nb.fingerprint import fingerprint
from rnas_nb.space import SearchSpace
from rnas_nb.learner import Callback
from rnas_nb.search import SearchConfig, search
from rnas_nb.derive import derive

def machine()->dict:
    "What a row was measured with: commit, torch, CPU model, threads, date."
    cpu = next((l.split(':', 1)[1].strip() for l in Path('/proc/cpuinfo').read_text().splitlines() if l.startswith('model name')), platform.processor())
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    return dict(commit=commit, torch=torch.__version__, cpu=cpu, threads=torch.get_num_threads(),
                date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'))

class ArgmaxLog(Callback):
    "After every epoch, note whether the strategy's most likely child has the planted choice."
    def __init__(self, j:int, value): self.j, self.value, self.has = j, value, []
    def after_epoch(self, learn): self.has.append(learn.space.encode(learn.strategy.argmax())[self.j] == self.value)

def found_at(has:list[bool], at:list[int])->int|None:
    "The first `at[i]` from which every `has` is true (None if the last is false)."
    if not has or not has[-1]: return None
    i = len(has) - 1
    while i > 0 and has[i-1]: i -= 1
    return at[i]

def run_one(strategy:str, seed:int, space:SearchSpace, tr, va, run_dir:Path, args)->dict:
    "One search; its figures for the table."
    j = [d.name for d in space.decisions].index(PLANTED_CHOICE[0]); k = space.decisions[j].choices.index(PLANTED_CHOICE[1])
    cfg = SearchConfig(strategy=strategy, n_epochs=args.epochs, warmup_epochs=1, child_epochs=args.child_epochs,
                       n_children=args.children, lr=args.lr, budget_key=None, seed=seed, device='cpu', progress=False)
    cb, t0 = ArgmaxLog(j, k), time.time()
    s = search(space, tr, va, run_dir, cfg, resume=False, cbs=[cb])
    kids = [r for r in map(json.loads, (run_dir/'search.jsonl').read_text().splitlines()) if r.get('phase') == 'controller']
    best, has_best = -1., []
    for r in kids:
        if r['reward'] > best: best, planted = r['reward'], r['idx'][j] == k
        has_best.append(planted)
    last = [r for r in kids if r['epoch'] == args.epochs - 1]
    ends = [i + 1 for i, r in enumerate(kids) if i + 1 == len(kids) or kids[i+1]['epoch'] != r['epoch']]   # updates at each epoch's end
    top = derive(s.net, s.strategy, va, k=8, device='cpu')[0]
    return dict(strategy=strategy, seed=seed, updates=len(kids), best_found_at=found_at(has_best, list(range(1, len(kids)+1))),
                best_planted=has_best[-1], argmax_found_at=found_at(cb.has[cfg.warmup_epochs:], ends) if strategy == 'enas' else None,
                last_share=float(np.mean([r['idx'][j] == k for r in last])), last_dice=float(np.mean([r['dice'] for r in last])), last_prob=float(np.mean([r['probs'][j][k] for r in last])),
                derived_planted=space.encode(top['arch'])[j] == k, derived_dice=round(top['dice'], 4), wall_s=round(time.time()-t0, 1))

def fmt(v)->str: return '-' if v is None else f'{v:.2f}' if isinstance(v, float) else str(v)

def table(rows:list[dict], args)->str:
    "The markdown table: one line per strategy (the summary over seeds), then one per run."
    head = (f"Planted task: ENAS vs random search, {args.epochs} epochs (1 warm-up) x {args.children} scored children, "
            f"{args.child_epochs} passes of shared training per epoch (lr {args.lr:g}), seeds {', '.join(map(str, args.seeds))}. "
            f"Measured at commit {rows[0]['commit']} with torch {rows[0]['torch']}, {rows[0]['threads']} thread(s) on {rows[0]['cpu']}, {rows[0]['date']}.\n\n")
    out = ["| strategy | seeds | best child planted | median best found at (update) | derived child planted | mean last-epoch share planted | mean last-epoch P(planted) | mean last-epoch Dice | argmax planted, found at (epoch-end update) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for st in ('enas', 'random'):
        rs = [r for r in rows if r['strategy'] == st]; at = [r['best_found_at'] for r in rs if r['best_found_at'] is not None]
        am = [r['argmax_found_at'] for r in rs if r['argmax_found_at'] is not None]
        out.append(f"| {st} | {len(rs)} | {sum(r['best_planted'] for r in rs)}/{len(rs)} | {fmt(int(np.median(at)) if at else None)} | "
                   f"{sum(r['derived_planted'] for r in rs)}/{len(rs)} | {np.mean([r['last_share'] for r in rs]):.2f} | {np.mean([r['last_prob'] for r in rs]):.2f} | {np.mean([r['last_dice'] for r in rs]):.3f} | "
                   + (f"{len(am)}/{len(rs)}, median {int(np.median(am)) if am else '-'} |" if st == 'enas' else "- |"))
    out += ["", "| strategy | seed | updates | best planted | best found at | last share | last P | last Dice | argmax found at | derived planted | derived Dice | wall s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    out += [f"| {r['strategy']} | {r['seed']} | {r['updates']} | {r['best_planted']} | {fmt(r['best_found_at'])} | {r['last_share']:.2f} | {r['last_prob']:.2f} | {r['last_dice']:.3f} | "
            f"{fmt(r['argmax_found_at'])} | {r['derived_planted']} | {r['derived_dice']:.3f} | {r['wall_s']} |" for r in sorted(rows, key=lambda r: (r['seed'], r['strategy']))]
    return head + '\n'.join(out) + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4])
    p.add_argument('--epochs', type=int, default=16); p.add_argument('--children', type=int, default=10)
    p.add_argument('--child_epochs', type=int, default=10); p.add_argument('--lr', type=float, default=1e-2); p.add_argument('--threads', type=int, default=1)
    p.add_argument('--quick', action='store_true', help='2 seeds, 3 epochs, results to runs/planted_task_quick/')
    args = p.parse_args()
    if args.quick: args.seeds, args.epochs = args.seeds[:2], 3
    torch.set_num_threads(args.threads)
    out = Path('runs/planted_task_quick' if args.quick else 'benchmarks/results/planted_task'); out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    ds = MSDDataset(make_planted_msd(tmp/'Task98_Planted', n_cases=10, seed=0))
    cases = [PreprocessedDataset(ds)[i] for i in range(len(ds))]
    space = SearchSpace.from_fingerprint(fingerprint(ds), **PLANTED_SPACE)
    rows, env = [], machine()
    for seed in args.seeds:
        for st in ('enas', 'random'):
            rows.append(env | run_one(st, seed, space, cases[:6], cases[6:], tmp/f'{st}{seed}', args))
            print(json.dumps({k: rows[-1][k] for k in ('strategy', 'seed', 'best_found_at', 'argmax_found_at', 'last_share', 'last_prob', 'last_dice', 'derived_planted', 'derived_dice', 'wall_s')}), flush=True)
            (out/'rows.json').write_text(json.dumps(rows, indent=1))
    (out/'table.md').write_text(md := table(rows, args))
    print(md)

if __name__ == '__main__': main()
