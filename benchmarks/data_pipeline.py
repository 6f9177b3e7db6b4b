"""Time the data pipeline on MSD Hippocampus: cold load+preprocess (fresh cache), warm (cached) load, sampler patches/s.

Usage: python benchmarks/data_pipeline.py [DATA_DIR] [--batches N]
DATA_DIR defaults to shared/data/Task04_Hippocampus found beside the checkout (rnas_nb.core.find_shared_data).
"""
import argparse, os, platform, sys, tempfile, time
from pathlib import Path

import torch
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without `pip install -e .`
from rnas_nb.core import find_shared_data
from rnas_nb.data import MSDDataset
from rnas_nb.preprocess import PreprocessedDataset
from rnas_nb.sampling import PatchSampler


def load_all(pds: PreprocessedDataset) -> tuple[list, float]:
    "Every case of `pds` and the seconds it took."
    t0 = time.perf_counter()
    cases = [pds[i] for i in range(len(pds))]
    return cases, time.perf_counter() - t0


def main(argv=None) -> int:
    "Run the benchmark and print its figures."
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('data', nargs='?', default=None, help='MSD task folder (default: shared/data/Task04_Hippocampus)')
    p.add_argument('--batches', type=int, default=500, help='sampler batches to time')
    a = p.parse_args(argv)
    data = Path(a.data) if a.data else (find_shared_data('Task04_Hippocampus', Path(__file__).parent) or find_shared_data())
    if data is None or not (data/'dataset.json').is_file():
        sys.exit(f"data_pipeline: no MSD task found at {data or 'shared/data/Task04_Hippocampus'}; pass its folder as the first argument")
    ds = MSDDataset(data)
    print(f'dataset: {ds.name} ({len(ds)} cases, {ds.n_channels} channel(s)), machine: {platform.processor() or platform.machine()}, '
          f'{os.cpu_count()} CPUs, torch threads {torch.get_num_threads()}')
    with tempfile.TemporaryDirectory() as cache:
        cold_cases, cold = load_all(PreprocessedDataset(ds, cache))
        warm_pds = PreprocessedDataset(ds, cache)
        cases, warm = load_all(warm_pds)
        assert warm_pds.hits == len(ds), 'warm pass missed the cache'
    print(f'cold load+preprocess (fresh cache): {cold:6.2f} s  ({1000*cold/len(ds):.1f} ms/case)')
    print(f'warm load (cached):                 {warm:6.2f} s  ({1000*warm/len(ds):.1f} ms/case)')
    print(f'cold/warm ratio:                    {cold/warm:6.1f}x')
    s = PatchSampler(cases, (32, 48, 32), batch_size=2, fg_share=0.33, flips=True, seed=0, n_batches=a.batches)
    t0 = time.perf_counter()
    for x, y in s: pass
    secs = time.perf_counter() - t0
    print(f'sampler, patch 32x48x32, batch 2:   {2*a.batches/secs:6.0f} patches/s ({a.batches} batches in {secs:.2f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
