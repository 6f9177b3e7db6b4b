#!/usr/bin/env python
"""The goal benchmark over seeds: every seed's `hippocampus_auto.py` rows side by side, each against its own control.

Reads the `rows.json` that `hippocampus_auto.py --seed S --results FOLDER` wrote for each seed and writes `seeds.md`
beside them: per seed, each row's held-out mean Dice and its paired difference from that seed's control (the default
child), with the standard error over the test cases; a searched row whose network is the plain U-Net of `default3`
is marked `=default3`; then the mean over the seeds of each row's Dice and difference.

    python benchmarks/hippocampus_auto_seeds.py    # seeds 0, 1, 2 of benchmarks/results/hippocampus_auto
"""
import argparse, json
from pathlib import Path
import numpy as np
from hippocampus_auto import AUTO, ORDER, gap

def cell(r:dict, by:dict)->str:
    "One table cell: `r`'s Dice, its paired difference from the control, and whether it is the plain U-Net of `default3`."
    if r['model'] == 'default': return f"{r['dice']:.3f}"
    g, se, _ = gap(r, by['default'])
    same = r['model'] in AUTO and 'default3' in by and r['arch'] == by['default3']['arch']
    return f"{r['dice']:.3f} ({g:+.3f} +- {se:.3f}){' =default3' if same else ''}"

def seeds_table(runs:dict[str, list[dict]])->str:
    "The Markdown table: one line per seed, one column per model, then the means over the seeds."
    models = [m for m in ORDER if any(r['model'] == m for rows in runs.values() for r in rows)]
    lines = ['| seed | ' + ' | '.join(models) + ' |', '|---' * (len(models) + 1) + '|']
    dice, gaps = {m: [] for m in models}, {m: [] for m in models}
    for seed, rows in runs.items():
        by = {r['model']: r for r in rows}
        lines.append(f"| {seed} | " + ' | '.join(cell(by[m], by) if m in by else 'not run' for m in models) + ' |')
        for m in by:
            dice[m].append(by[m]['dice'])
            if m != 'default': gaps[m].append(gap(by[m], by['default'])[0])
    mean = lambda m: f"{np.mean(dice[m]):.3f}" + (f" ({np.mean(gaps[m]):+.3f})" if gaps[m] else '') + (f", {len(dice[m])} seed{'s' * (len(dice[m]) > 1)}" if len(dice[m]) < len(runs) else '')
    lines.append('| mean | ' + ' | '.join(mean(m) for m in models) + ' |')
    return '\n'.join(lines) + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--results', default='benchmarks/results/hippocampus_auto', help="seed 0's folder; seed S's is its subfolder seedS")
    p.add_argument('--seeds', default='0,1,2', help='comma-separated')
    a = p.parse_args()
    res = Path(a.results)
    runs = {s: json.loads((res/('' if s == '0' else f'seed{s}')/'rows.json').read_text()) for s in a.seeds.split(',')}
    head = ("Held-out mean Dice on the 42 test cases of fold 0, each seed's searches and trainings seeded alike; in brackets "
            "the paired difference from that seed's control (the default child, 20 minutes) +- its standard error over the "
            "cases (it measures the test cases' spread, not the spread of training runs). `rnas auto` rows: 60 minutes in all; "
            "the others 20 minutes of training.\n\n")
    text = head + seeds_table(runs)
    (res/'seeds.md').write_text(text)
    print(text)

if __name__ == '__main__': main()
