"""Cost of one search step: rnas supernet (one sampled child per step) vs MONAI DiNTS search vs MONAI BasicUNet.

Same process type, machine and input (batch 1, 1 channel, 3 classes): forward + backward + Adam step.
Each (model, patch) runs in a fresh subprocess so memory peaks don't mix. Time: median seconds/step over
`--steps` steps after one warm-up step (DiNTS: 1 step; a run that times out is reported as a lower bound). Memory: peak RSS during the steps minus RSS before the first step
(the kernel's high-water mark VmHWM is reset through /proc/self/clear_refs when allowed; otherwise a thread
samples VmRSS every 5 ms). Also scans the patch size 32^3..96^3 for one fixed rnas child and saves a log-log
plot to benchmarks/results/patch_scan.png.

    python benchmarks/supernet_vs_dints.py [--steps 3]
"""
from __future__ import annotations
import argparse, json, os, statistics, subprocess, sys, threading, time
from pathlib import Path

from common import basicunet, n_params, provenance_line
HERE = Path(__file__).resolve().parent


def rss_mb(key:str='VmRSS')->float:
    "A memory figure of this process from /proc/self/status, in MiB."
    for line in open('/proc/self/status'):
        if line.startswith(key+':'): return int(line.split()[1])/1024
    return float('nan')


class PeakRSS:
    "Peak RSS while active: VmHWM after resetting it, or a 5 ms sampling thread when reset is not allowed."
    def __enter__(self):
        try:
            with open('/proc/self/clear_refs', 'w') as f: f.write('5')
            self.hwm = True
        except OSError: self.hwm = False
        self.base,self.peak,self.run = rss_mb(),rss_mb(),True
        if not self.hwm: threading.Thread(target=self._sample, daemon=True).start()
        return self
    def _sample(self):
        while self.run: self.peak = max(self.peak, rss_mb()); time.sleep(0.005)
    def __exit__(self, *a):
        self.run = False
        self.peak = max(self.peak, rss_mb('VmHWM') if self.hwm else rss_mb())
    @property
    def delta(self)->float: return self.peak-self.base


def build(model:str, patch:tuple, x):
    "The network and a function `step_forward(i) -> logits` for `model`."
    if model in ('rnas', 'rnas_ronasmis', 'rnas_unet', 'rnas_child'):
        from rnas_nb.space import SearchSpace
        from rnas_nb.supernet import Supernet
        fp = dict(median_shape=patch, median_spacing=(1.,1.,1.), n_channels=1, n_classes=3)
        preset = 'full' if model in ('rnas', 'rnas_child') else 'ronasmis'   # ronasmis: the paper's cells, conv 3x3x3 only
        nodes = 2 if model=='rnas_unet' else 4   # rnas_unet: 2 convs per cell, as BasicUNet has per level (similar params)
        space = SearchSpace.from_fingerprint(fp, preset, inplane_strides=(2,), n_nodes=nodes)
        net = Supernet(space)
        sample = lambda i: space.decode([0, 0] + space.encode(space.sample(i))[2:])   # patch = the full input
        if model=='rnas_child':
            child = net.extract(sample(0))
            return child, lambda i: child(x)
        fwd = lambda i: net(x, sample(i))
        fwd.sample = sample
        return net, fwd
    if model=='dints':
        from monai.networks.nets import TopologySearch, DiNTS
        net = DiNTS(TopologySearch(channel_mul=0.5, num_blocks=12, num_depths=4, use_downsample=True),
                    in_channels=1, num_classes=3, use_downsample=True)
        return net, lambda i: net(x)
    net = basicunet()
    return net, lambda i: net(x)


def worker(model:str, patch:tuple, steps:int)->dict:
    "Time and peak memory of `steps` training steps of `model` on `patch`."
    import torch, torch.nn.functional as F
    torch.manual_seed(0)
    x, y = torch.randn(1, 1, *patch), torch.randint(0, 3, (1, *patch))
    net, fwd = build(model, patch, x)
    params = n_params(net)
    if model.startswith('rnas') and model!='rnas_child':   # counted on the meta device: no allocation before the memory baseline
        from rnas_nb.resources import arch_cost
        child_params = [arch_cost(net.space, fwd.sample(i))['params'] for i in range(steps+1)]
    else: child_params = [params]
    opt = torch.optim.Adam(net.weight_parameters() if hasattr(net, 'weight_parameters') else net.parameters(), 1e-3)
    def step(i):
        outs = fwd(i)
        outs = outs if isinstance(outs, list) else [outs]
        loss = sum(0.5**k*F.cross_entropy(o, F.interpolate(y[:, None].float(), o.shape[2:]).long()[:, 0])
                   for k,o in enumerate(outs))
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    times = []
    with PeakRSS() as mem:
        for i in range(steps+1):
            t = time.perf_counter(); step(i); times.append(time.perf_counter()-t)
    return dict(model=model, patch=list(patch), params=params, child_params=statistics.mean(child_params), s_per_step=statistics.median(times[1:]),
                peak_mb=mem.delta, hwm=mem.hwm)


def run(model:str, patch:tuple, steps:int, timeout:int=300)->dict:
    "`worker` in a fresh subprocess."
    cmd = [sys.executable, __file__, '--worker', model, 'x'.join(map(str, patch)), '--steps', str(steps)]
    try: r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        return dict(model=model, patch=list(patch), error=f"timed out after {timeout} s for {steps+1} steps "
                    f"(> {timeout/(steps+1):.0f} s/step)")
    if r.returncode: return dict(model=model, patch=list(patch), error=r.stderr.strip().splitlines()[-1])
    return json.loads(r.stdout.strip().splitlines()[-1])


def show(r:dict)->str:
    if 'error' in r: return f"{r['model']:13s} {'x'.join(map(str, r['patch'])):9s} FAILED: {r['error']}"
    return (f"{r['model']:13s} {'x'.join(map(str, r['patch'])):9s} params {r['params']/1e6:6.2f} M "
            f"(child {r['child_params']/1e6:5.2f} M)  "
            f"{r['s_per_step']:7.3f} s/step  peak {r['peak_mb']:7.0f} MiB")


def main(steps:int):
    print(provenance_line())
    print(f"torch threads {__import__('torch').get_num_threads()}, {os.cpu_count()} CPUs; median of {steps} steps after 1 warm-up")
    for patch in [(32,48,32), (64,64,64)]:
        res = {}
        for m in ('rnas', 'rnas_ronasmis', 'rnas_unet', 'dints', 'basicunet'):   # DiNTS search is slow: 1 timed step
            res[m] = run(m, patch, 1 if m=='dints' else steps, 330 if m=='dints' else 200)
            print(show(res[m]), flush=True)
        for r in ('rnas', 'rnas_ronasmis', 'rnas_unet'):
            for o in ('dints', 'basicunet'):
                rn, on = res[r], res[o]
                if 'error' not in rn and 'error' not in on:
                    print(f"  {r} vs {o}: {on['s_per_step']/rn['s_per_step']:.2f}x the speed, "
                          f"{rn['peak_mb']/max(on['peak_mb'], 1):.2f}x the peak memory")
    scan = [run('rnas_child', (s,)*3, steps) for s in (32, 48, 64, 80, 96)]
    print('patch scan, one fixed rnas child (seed 0):', flush=True)
    for r in scan: print(show(r), flush=True)
    plot(scan)


def plot(scan:list):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    ok = [r for r in scan if 'error' not in r]
    vox = [r['patch'][0]**3 for r in ok]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.loglog(vox, [r['s_per_step'] for r in ok], 'o-', label='s/step')
    ax.loglog(vox, [r['peak_mb']/1024 for r in ok], 's-', label='peak GiB')
    ax.set(xlabel='patch voxels', title='rnas child: cost vs patch size (CPU)'); ax.legend(); fig.tight_layout()
    (HERE/'results').mkdir(exist_ok=True); fig.savefig(HERE/'results'/'patch_scan.png', dpi=100)
    print(f"saved {HERE.name}/results/patch_scan.png")


if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--worker', nargs=2, metavar=('MODEL', 'PATCH'))
    ap.add_argument('--steps', type=int, default=3)
    a = ap.parse_args()
    if a.worker: print(json.dumps(worker(a.worker[0], tuple(int(v) for v in a.worker[1].split('x')), a.steps)))
    else: main(a.steps)
