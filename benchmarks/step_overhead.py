#!/usr/bin/env python
"""Is weight sharing free? One training step (forward, deep-supervision Dice+CE, backward, gradient clipping, Adam) of
the same child three ways, side by side in one process: through the supernet (as `rnas search` trains it), as the
extracted `ChildNet` (as `rnas train` trains it), and the child under `torch.compile`; MONAI's BasicUNet of about the
same parameters is the peer. The models take turns (`--rounds` rounds of `--steps` steps each, after warm-up steps),
so a load that comes and goes hits them alike; the figure is the median seconds per step. Then `torch.profiler`
splits the child's step by operator kind.

    python benchmarks/step_overhead.py                      # 1 thread, patch 32x48x32 (Hippocampus), batch 2
    python benchmarks/step_overhead.py --patch 64,64,64 --threads 2
    python benchmarks/step_overhead.py --quick              # 1 round of 2 steps, no compile: checks the script

Needs MONAI for the peer (`pip install monai`); without it the BasicUNet row is skipped."""
import argparse, statistics, time
from collections import defaultdict
import torch
from common import basicunet, gflops, n_params, provenance_line
from rnas_nb.space import SearchSpace
from rnas_nb.supernet import Supernet
from rnas_nb.metrics import deep_supervision_loss

def space_for(patch:tuple, base_ch:int=16, levels:int=4)->SearchSpace:
    "The paper's space (`ronasmis`) for a 1-channel, 3-class task whose median shape is `patch`."
    fp = dict(median_shape=patch, median_spacing=(1., 1., 1.), n_channels=1, n_classes=3)
    return SearchSpace.from_fingerprint(fp, 'ronasmis', n_levels=levels, base_ch=base_ch, n_nodes=2)

def stepper(model, fwd, x, y):
    "A function doing one training step of `model` (its output from `fwd(x)`) on `x, y`."
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    def step():
        outs = fwd(x); loss = deep_supervision_loss(outs if isinstance(outs, list) else [outs], y)
        opt.zero_grad(set_to_none=True); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 12.); opt.step()
    return step

def models(space:SearchSpace, x, y, compile:bool)->dict:
    "The steps compared: supernet (default child), extracted child, compiled child, BasicUNet of similar size."
    arch = space.default(); torch.manual_seed(0)
    net = Supernet(space); child = net.extract(arch)
    out = {'supernet': (net, stepper(net, lambda x: net(x, arch), x, y)), 'child': (child, stepper(child, child, x, y))}
    if compile:
        twin = net.extract(arch)
        try:
            fast = torch.compile(twin); t0 = time.perf_counter(); s = stepper(twin, fast, x, y); s(); s()
            print(f"torch.compile: first two steps (compiling) {time.perf_counter()-t0:.1f} s", flush=True)
            out['child, compiled'] = (twin, s)
        except Exception as e: print(f"torch.compile failed, left out: {type(e).__name__}: {str(e).splitlines()[0][:200]}", flush=True)
    try:
        unet = basicunet()
        out['MONAI BasicUNet'] = (unet, stepper(unet, unet, x, y))
    except ImportError: print("MONAI is not installed: no BasicUNet row (pip install monai)", flush=True)
    return out

def timed(steps:dict, rounds:int, n:int, warm:int=2)->dict:
    "Median seconds per step of each entry of `steps`, the entries taking turns `rounds` times, `n` steps each."
    for s in steps.values():
        for _ in range(warm): s()
    times = defaultdict(list)
    for _ in range(rounds):
        for k, s in steps.items():
            for _ in range(n): t0 = time.perf_counter(); s(); times[k].append(time.perf_counter()-t0)
    return {k: statistics.median(v) for k, v in times.items()}

KINDS = (('convolution', ('conv', 'mkldnn', 'slow_conv')), ('instance norm', ('norm', 'batch_norm', 'var_mean')),
         ('activation', ('relu', 'elu', 'leaky')), ('loss', ('softmax', 'nll', 'cross_entropy', 'log_', 'one_hot')),
         ('optimizer', ('adam', '_foreach', 'addcdiv', 'lerp', 'sqrt', 'clip', 'norm_')),
         ('resize, pad, copy', ('interpolate', 'upsample', 'nearest', 'pad', 'copy', 'cat', 'clone', 'contiguous', 'to', 'empty', 'zero', 'fill')))

def profile(step, n:int=3)->dict:
    "Share of the self CPU time of `n` steps per operator kind (first matching kind of `KINDS`, else 'other')."
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(n): step()
    by = defaultdict(float)
    for e in prof.key_averages():
        name = e.key.lower()
        by[next((k for k, keys in KINDS if any(s in name for s in keys)), 'other')] += e.self_cpu_time_total
    total = sum(by.values())
    return {k: v/total for k, v in sorted(by.items(), key=lambda kv: -kv[1])}

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--patch', default='32,48,32'); p.add_argument('--batch', type=int, default=2)
    p.add_argument('--threads', type=int, default=1); p.add_argument('--rounds', type=int, default=5); p.add_argument('--steps', type=int, default=4)
    p.add_argument('--no-compile', action='store_true', help='leave torch.compile out')
    p.add_argument('--quick', action='store_true', help='1 round of 2 steps, no compile')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    patch = tuple(int(v) for v in a.patch.split(',')); rounds, n = (1, 2) if a.quick else (a.rounds, a.steps)
    space = space_for(patch); torch.manual_seed(0)
    x, y = torch.randn(a.batch, 1, *patch), torch.randint(0, 3, (a.batch, *patch))
    ms = models(space, x, y, not (a.no_compile or a.quick))
    print(provenance_line())
    print(f"torch {torch.__version__}, {a.threads} thread(s); patch {'x'.join(map(str, patch))}, batch {a.batch}; "
          f"the default child of {space}; median of {rounds}x{n} steps, models taking turns", flush=True)
    med = timed({k: s for k, (_, s) in ms.items()}, rounds, n)
    params = {k: n_params(m) for k, (m, _) in ms.items()}
    params['supernet'] = params['child']   # the step trains only the child's share of the supernet
    arch = space.default(); net = ms['supernet'][0]
    fl = {'supernet': gflops(net, patch, arch), 'child': gflops(ms['child'][0], patch)}   # per patch: `rnas_nb.ops.count_flops`
    fl['child, compiled'] = fl['child']
    if 'MONAI BasicUNet' in ms: fl['MONAI BasicUNet'] = gflops(ms['MONAI BasicUNet'][0], patch)
    for k, t in med.items(): print(f"  {k:16s} {params[k]/1e6:5.2f} M params  {fl[k]:6.2f} GFLOPs/patch  {t:6.3f} s/step  "
                                   f"{t/(fl[k]*a.batch)*1e3:5.1f} ms per forward GFLOP", flush=True)
    c = med['child']
    print(f"supernet / child: {med['supernet']/c:.2f}x (goal <= 1.1)")
    if 'child, compiled' in med: print(f"compiled child / child: {med['child, compiled']/c:.2f}x")
    if 'MONAI BasicUNet' in med:
        best = min(c, med.get('child, compiled', c))
        u = med['MONAI BasicUNet']
        print(f"child / BasicUNet: {c/u:.2f}x (goal <= 1.2) at {params['child']/params['MONAI BasicUNet']:.2f}x the parameters and "
              f"{fl['child']/fl['MONAI BasicUNet']:.2f}x the FLOPs; per FLOP {c/fl['child']/(u/fl['MONAI BasicUNet']):.2f}x; "
              f"the faster child build / BasicUNet: {best/u:.2f}x")
    for k in ('child', 'MONAI BasicUNet'):
        if k in ms: print(f"where {k}'s step goes (self CPU time): " + ', '.join(f"{kind} {v:.0%}" for kind, v in profile(ms[k][1], 1 if a.quick else 3).items()))

if __name__ == '__main__': main()
