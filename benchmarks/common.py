"""What the standing benchmarks share: the package's own parameter and FLOP counts (one definition for our networks and
the peers), the peers built lazily (MONAI is imported only by the rows that need it), and the
provenance every result row records (commit, torch version, CPU model, threads, date)."""
import datetime, os, platform, subprocess, sys
from pathlib import Path

import torch
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without `pip install -e .`
from rnas_nb.ops import count_flops, count_params

HIPPOCAMPUS = ROOT.parent/'shared'/'data'/'Task04_Hippocampus'  # the documented place of the real data, beside the checkout
NOT_RECORDED = 'not recorded'
PROVENANCE = ('commit', 'torch', 'cpu', 'threads', 'date')  # the fields of `provenance()`, in table order


def commit() -> str:
    "The checkout's short commit (`git rev-parse --short HEAD`), '+dirty' when tracked files differ from it."
    git = lambda *a: subprocess.run(['git', *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = git('rev-parse', '--short', 'HEAD') or NOT_RECORDED
    return head + ('+dirty' if git('status', '--porcelain', '--untracked-files=no') else '')


def cpu_model() -> str:
    "The CPU's model name (from /proc/cpuinfo where there is one)."
    info = Path('/proc/cpuinfo')
    names = [l.split(':', 1)[1].strip() for l in info.read_text().splitlines() if l.startswith('model name')] if info.exists() else []
    return names[0] if names else (platform.processor() or platform.machine())


def provenance() -> dict:
    "Where and when a result row was measured: commit, torch version, CPU model, torch threads, UTC date."
    return dict(commit=commit(), torch=torch.__version__, cpu=cpu_model(), threads=torch.get_num_threads(),
                date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'))


def provenance_line(p: dict | None = None) -> str:
    "One line naming a result's provenance (`provenance()` now when `p` is None) and the machine's load as it starts, to head a printed result."
    p = p or provenance()
    return '# ' + ', '.join(f"{k} {p.get(k, NOT_RECORDED)}" for k in PROVENANCE) + f", load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def gflops(net: torch.nn.Module, patch, *args, in_ch: int = 1) -> float:
    "GFLOPs (multiplies and adds, `rnas_nb.ops.count_flops`) of one eval-mode forward pass of `net` on one patch."
    was = net.training; net.eval()
    try: return count_flops(net, (1, in_ch, *patch), *args) / 1e9
    finally: net.train(was)


n_params = count_params


BASICUNET_FEATURES = (16, 16, 32, 64, 128, 16)  # the widths every benchmark compares with: about the default child's parameters


def basicunet(n_classes: int = 3, in_ch: int = 1) -> torch.nn.Module:
    "MONAI's BasicUNet at `BASICUNET_FEATURES`; needs MONAI, imported here only."
    from monai.networks.nets import BasicUNet
    return BasicUNet(3, in_ch, n_classes, features=BASICUNET_FEATURES)
