"""GPU check: supernet step time and peak GPU memory at 64^3 and 96^3 patches, bf16 autocast, channels-last 3D.

Usage: python benchmarks/gpu_check.py [--steps N] [--sizes 64,96] [--base_ch 16] [--levels 4]
       python benchmarks/gpu_check.py --cpu --quick   # the CPU path on tiny patches: checks the script runs
Each size trains the space's largest child (max patch, heaviest ops: the memory bound of a search) and a random
child of a supernet for the timed steps, with `rnas_nb.supernet.autocast` and `to_device` as `Learner` does.
"""
import argparse, sys, time

import numpy as np
import torch
from common import provenance_line
from rnas_nb.core import default_device, is_cuda, seeded
from rnas_nb.space import SearchSpace
from rnas_nb.supernet import Supernet, autocast, to_device
from rnas_nb.metrics import deep_supervision_loss


def sync(dev: torch.device):
    "Wait for the GPU to finish its queued work (timing needs it; nothing on the CPU)."
    if is_cuda(dev): torch.cuda.synchronize(dev)


def time_steps(net, opt, arch, dev, n_steps: int, batch: int) -> float:
    "Seconds per supernet step on `arch` (random patches), after one warm-up step."
    x = to_device(torch.randn(batch, 1, *arch.patch), dev); y = torch.randint(0, 3, (batch, *arch.patch), device=dev)
    def step():
        with autocast(dev): outs = net(x, arch)
        loss = deep_supervision_loss(outs, y); opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    step(); sync(dev); t0 = time.perf_counter()
    for _ in range(n_steps): step()
    sync(dev)
    return (time.perf_counter() - t0) / n_steps


def check_size(size: int, a, dev: torch.device) -> str:
    "One line of figures for patches of `size`^3."
    space = SearchSpace(shape=(size,)*3, spacing=(1., 1., 1.), n_classes=3, n_levels=a.levels, base_ch=a.base_ch, n_nodes=a.nodes)
    with seeded(0): net = to_device(Supernet(space), dev)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    out = []
    for name, arch in [('largest', space.largest()), ('random', space.sample(np.random.default_rng(0)))]:
        if is_cuda(dev): torch.cuda.reset_peak_memory_stats(dev)
        s = time_steps(net, opt, arch, dev, a.steps, a.batch)
        mem = f"{torch.cuda.max_memory_allocated(dev)/2**30:.2f} GiB peak" if is_cuda(dev) else "(CPU: no GPU memory)"
        out.append(f"  {name:7s} child, patch {'x'.join(map(str, arch.patch))}: {s*1e3:8.1f} ms/step, {mem}")
    return f"{size}^3, base_ch {a.base_ch}, {a.levels} levels, {a.nodes} nodes, batch {a.batch}:\n" + '\n'.join(out)


def main(argv=None) -> int:
    "Run the check and print its figures."
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=10, help='timed steps per child')
    p.add_argument('--sizes', default='64,96', help='patch edge lengths')
    p.add_argument('--base_ch', type=int, default=16); p.add_argument('--levels', type=int, default=4)
    p.add_argument('--nodes', type=int, default=4); p.add_argument('--batch', type=int, default=2)
    p.add_argument('--cpu', action='store_true', help='run on the CPU even when CUDA is there')
    p.add_argument('--quick', action='store_true', help='tiny sizes and one step: a smoke test of the script')
    a = p.parse_args(argv)
    if a.quick: a.sizes, a.steps, a.base_ch, a.levels, a.nodes, a.batch = '16,24', 1, 4, 3, 2, 1
    dev = default_device('cpu' if a.cpu else None)
    print(provenance_line())
    print(f"device: {torch.cuda.get_device_name(dev) if is_cuda(dev) else 'CPU'}; torch {torch.__version__}; "
          f"bf16 autocast and channels-last 3D: {'on' if is_cuda(dev) else 'off (CPU)'}")
    for size in map(int, a.sizes.split(',')): print(check_size(size, a, dev))
    return 0


if __name__ == '__main__': sys.exit(main())
