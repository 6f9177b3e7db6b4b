#!/usr/bin/env python
"""Does derive's order hold over a longer fine-tune? For a finished `rnas auto` run, fine-tune the child derive kept
and the plain U-Net at its depth (both from the searched shared weights with `rnas_nb.auto.finetune` and the
settings `rnas auto` fine-tunes with by default, the run's seed) for STEPS steps each, on the search's own split, and print both validation
Dice and the paired difference with its standard error, beside what derive measured at its own horizon.

    python benchmarks/derive_horizon.py runs/hippocampus_auto_seed1/enas 1500 --threads 1

Runs go to RUN/horizon/; one JSON line per run is appended to benchmarks/results/hippocampus_auto/horizon.jsonl."""
import argparse, inspect, json, sys
from pathlib import Path
import torch
from rnas_nb.space import Arch
from rnas_nb.derive import load_search
from rnas_nb.cv import prepare_folds, fold_cases
from rnas_nb.train import TrainConfig
from rnas_nb.derive import finetune, paired_difference
from rnas_nb.plan import preprocess_options as _preprocess

def auto_config(seed:int)->TrainConfig:
    "The fine-tuning settings of `rnas auto` with its default `batches` and `lr`, on the CPU."
    d = {k: v.default for k, v in inspect.signature(auto).parameters.items()}
    return TrainConfig(batches_per_epoch=d['batches'], lr=d['lr'], seed=seed, device='cpu', progress=False)

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('run', help='a finished `rnas auto` run folder (auto.json, search/)')
    p.add_argument('steps', type=int, help='fine-tuning steps of each child (a multiple of 25)')
    p.add_argument('--threads', type=int, default=1, help='torch threads')
    a = p.parse_args(); run = Path(a.run); torch.set_num_threads(a.threads)
    state = json.loads((run/'auto.json').read_text())
    if 'candidates' not in state: sys.exit(f"{run/'auto.json'}: no derive candidates (derive has not finished)")
    space, net, _, _ = load_search(run/'search', 'cpu')
    arch = lambda c: Arch.from_json(json.dumps(c['arch']))
    kept = state['candidates'][0]; depth = arch(kept).n_levels
    plain = next((c for c in state['candidates'] if arch(c) == space.default(depth)), None)
    if plain is None or plain is kept: sys.exit(f"{run}: derive kept the plain U-Net at its depth; nothing to compare")
    info = json.loads((run/'search'/'run.json').read_text())
    pds, splits = prepare_folds(info['data'], run/'search', _preprocess(info.get('nonzero', False)), seed=info['seed'])
    tr, va = fold_cases(pds, splits[info['fold']])
    res = {name: finetune(net, arch(c), tr, va, run/'horizon'/f'{name}_{a.steps}', a.steps, auto_config(info['seed']))
           for name, c in (('kept', kept), ('plain', plain))}
    gap, se = paired_difference(res['kept']['case_dice'], res['plain']['case_dice'])
    gap0, se0 = paired_difference(kept['case_dice'], plain['case_dice'])
    r = dict(run=str(run), steps=a.steps, kept=kept['source'], kept_dice=res['kept']['finetuned'], plain_dice=res['plain']['finetuned'], gap=gap, se=se,
             derive_steps=kept['steps'], derive_kept_dice=kept['finetuned'], derive_plain_dice=plain['finetuned'], derive_gap=gap0, derive_se=se0)
    print(f"{run}: kept ({kept['source']}) minus the plain {depth}-level U-Net: {gap0:+.3f} +- {se0:.3f} after {kept['steps']} steps "
          f"(derive), {gap:+.3f} +- {se:.3f} after {a.steps} ({r['kept_dice']:.3f} against {r['plain_dice']:.3f})", flush=True)
    with open(Path(__file__).resolve().parent/'results'/'hippocampus_auto'/'horizon.jsonl', 'a') as f: f.write(json.dumps(r) + '\n')

if __name__ == '__main__': main()
