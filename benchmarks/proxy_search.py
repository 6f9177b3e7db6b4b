#!/usr/bin/env python
"""The searches of the paired `uniform_share` test in results/hippocampus_auto/README.md: an ENAS search with `rnas auto`'s
search settings (one pass per epoch, 8 children scored on 8 validation cases per epoch) on fold 0 of the 166 training
cases of `hippocampus_auto.py` (run it first: it writes runs/hippocampus_auto/task166), 1 thread, for MINUTES.

    python benchmarks/proxy_search.py runs/proxy/u0 20 0 & python benchmarks/proxy_search.py runs/proxy/u0.5 20 0.5 & wait
    python benchmarks/proxy_rank.py --search runs/proxy/u0.5 --name hippocampus_enas20min_uniform50 --steps 200 --threads 2"""
import sys, torch
from rnas_nb.plan import search_setup
from rnas_nb.cv import fold_cases
from rnas_nb.search import SearchConfig, search
from rnas_nb.learner import TimeBudget

def main(out:str, minutes:float, uniform_share:float, task:str='runs/hippocampus_auto/task166'):
    torch.set_num_threads(1)
    pds, splits, space = search_setup(task, out)
    cfg = SearchConfig(strategy='enas', n_epochs=10**6, child_epochs=1, n_children=8, reward_cases=8, uniform_share=uniform_share,
                       seed=0, device='cpu', progress=False)
    s = search(space, *fold_cases(pds, splits[0]), out, cfg, cbs=[TimeBudget(minutes)])
    print(f"{out}: {s.epoch} epochs, {s.step} shared-weight steps in {minutes:g} min")

if __name__ == '__main__': main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]))
