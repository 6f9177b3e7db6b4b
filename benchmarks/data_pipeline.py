"""Time the data pipeline on MSD Hippocampus: cold load+preprocess (fresh cache), warm (cached) load, sampler patches/s.

Usage: python benchmarks/data_pipeline.py [DATA_DIR] [--batches N]
DATA_DIR defaults to ../shared/data/Task04_Hippocampus beside the checkout.
"""
import argparse, sys, tempfile, time
from pathlib import Path

from common import HIPPOCAMPUS, provenance_line
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
    p.add_argument('data', nargs='?', default=str(HIPPOCAMPUS), help='MSD task folder (default: ../shared/data/Task04_Hippocampus)')
    p.add_argument('--batches', type=int, default=500, help='sampler batches to time')
    a = p.parse_args(argv)
    data = Path(a.data)
    if not (data/'dataset.json').is_file(): sys.exit(f"data_pipeline: no MSD task at {data} (dataset.json missing); pass its folder as the first argument")
    ds = MSDDataset(data)
    print(provenance_line())
    print(f'dataset: {ds.name} ({len(ds)} cases, {ds.n_channels} channel(s))')
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
