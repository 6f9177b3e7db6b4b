"""Data-parallel scaling on this machine: child-network training steps/s on 1 and on 2 processes (1 thread each, gloo).

Usage: OMP_NUM_THREADS=1 python benchmarks/ddp_scaling.py [--steps N] [--patch 48,48,32] [--base_ch 8]
Each rank trains the same child on its own synthetic patches (batch 2) with `rnas_nb.distributed.DataParallel`;
the ranks are started by `launch` of `tests/launch_ranks.py` (what torchrun does). Throughput counts patches of all ranks.
"""
import argparse, os, sys, tempfile, time
from dataclasses import dataclass
from pathlib import Path

import torch
from common import provenance_line
from rnas_nb.core import rank, seeded, world_size
from rnas_nb.synth import make_synthetic_msd
from rnas_nb.data import MSDDataset
from rnas_nb.space import SearchSpace
from rnas_nb.supernet import ChildNet
from rnas_nb.sampling import PatchSampler
from rnas_nb.learner import Learner
from rnas_nb.distributed import DataParallel
from tests.launch_ranks import launch


class Steps(Learner):
    "A learner whose epoch is `n_batches` steps on its sampler."
    format, what, log_name = 'rnas_nb.bench/1', 'benchmark', 'bench.jsonl'
    def one_epoch(self): return dict(loss=self.fit_batches(self.sampler, len(self.sampler), 'train'))


@dataclass
class Config:
    n_epochs:int = 1; grad_clip:float = 12.; device:str = 'cpu'; progress:bool = False


def steps_per_s(cases, space, patch, steps: int, folder: str) -> float:
    "Steps per second of this rank, timed after two warm-up steps."
    with seeded(0): net = ChildNet(space.default(), **space.net_kwargs)
    run = Steps(net, lambda p: torch.optim.Adam(p, 1e-3), PatchSampler(cases, patch, 2, n_batches=2, seed=rank()),
                f"{folder}/warm{world_size()}", Config(), [DataParallel()])
    run.fit()
    run.sampler.n_batches, t0 = steps, time.perf_counter()
    run.fit_batches(run.sampler, steps, 'timed')
    return steps / (time.perf_counter() - t0)


def main(argv=None) -> int:
    "Run the benchmark and print its figures."
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=20, help='timed steps per run')
    p.add_argument('--patch', default='48,48,32', help='patch size X,Y,Z')
    p.add_argument('--base_ch', type=int, default=8, help='channels of the top level')
    a = p.parse_args(argv)
    patch = tuple(int(v) for v in a.patch.split(','))
    with tempfile.TemporaryDirectory() as t:
        ds = MSDDataset(make_synthetic_msd(Path(t)/'T', n_cases=4, shape=patch, spacing=(1., 1., 1.), n_classes=3))
        cases = [ds[i] for i in range(len(ds))]
        space = SearchSpace(shape=patch, spacing=(1., 1., 1.), n_classes=3, n_levels=3, base_ch=a.base_ch, n_nodes=2)
        print(provenance_line()); print(f"{os.cpu_count()} CPUs, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
        print(f"child {space.default().patch} patch, base_ch {a.base_ch}, batch 2 per rank, {a.steps} timed steps, 1 thread per process")
        rates = {}
        for n in (1, 2):
            r = launch(steps_per_s, n, (cases, space, patch, a.steps, t), timeout=600)
            rates[n] = min(r)   # the ranks step together; the slowest is the run's pace
            print(f"{n} process(es): {rates[n]:.2f} steps/s, {rates[n]*2*n:.2f} patches/s")
    print(f"2 vs 1 process: {rates[2]/rates[1]:.2f}x steps/s, {2*rates[2]/rates[1]:.2f}x patches/s (ideal: 1x steps/s, 2x patches/s)")
    return 0


if __name__ == '__main__': sys.exit(main())
