"A network exported with `rnas export` runs in a virtualenv that has torch and not rnas_nb (conftest's cached one), and computes what the package computes."
import torch
from conftest import run
from rnas_nb.checkpoint import save_network
from rnas_nb.cli import main
from rnas_nb.space import SearchSpace
from rnas_nb.supernet import ChildNet

SCRIPT = '''
import json, sys, torch
try: import rnas_nb
except ImportError: pass
else: sys.exit(f"rnas_nb is importable here: {rnas_nb.__file__}")
net, io = torch.jit.load(sys.argv[1]), torch.load(sys.argv[2])
info = json.load(open(sys.argv[1] + '.json'))
for x, y in zip(io['x'], io['y']):
    with torch.no_grad(): d = float((net(x) - y).abs().max())
    assert d < 1e-5, f"max abs difference {d} on an input of size {tuple(x.shape)}"
bad = [p + (s > 1) for p, s in zip(info['patch'], info['stride'])]   # one voxel more on the strided axes
try: net(torch.zeros(1, info['input']['channels'], *bad))
except torch.jit.Error as e: assert 'not a multiple of the total stride' in str(e), e
else: sys.exit("an input of the wrong size was not refused")
print('ok', len(io['x']))
'''

def test_torchscript_runs_without_rnas_nb(tmp_path, runtime_python, clean_env):
    space = SearchSpace(shape=(16, 16, 8), spacing=(1., 1., 3.), in_ch=2, n_classes=3, preset='full', n_levels=3, base_ch=4, n_nodes=2)
    torch.manual_seed(0)
    net = ChildNet(space.sample(2), **space.net_kwargs).eval()
    save_network(tmp_path/'run'/'model', net, space.net_kwargs, labels={'0': 'background', '1': 'a', '2': 'b'}, spacing=[1., 1., 3.])
    assert main(['export', str(tmp_path/'run')]) == 0
    a = net.arch
    xs = [torch.randn(1, 2, *a.patch), torch.randn(2, 2, *[p + 2*s for p, s in zip(a.patch, a.total_stride)])]
    with torch.no_grad(): torch.save(dict(x=xs, y=[net(x) for x in xs]), tmp_path/'io.pt')
    (tmp_path/'check.py').write_text(SCRIPT)
    out = run(runtime_python, tmp_path/'check.py', tmp_path/'run'/'model.pt', tmp_path/'io.pt', cwd=tmp_path, env=clean_env)
    assert out.strip() == 'ok 2', out
