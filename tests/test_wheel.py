"The built wheel installs into a fresh virtualenv, and its `rnas` console script runs there."
import subprocess, sys, venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run(*args, cwd):
    "Run a command, failing the test with its output if it fails."
    p = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    assert p.returncode==0, f"{args} failed:\n{p.stdout}\n{p.stderr}"
    return p.stdout

def test_wheel_installs_and_runs(tmp_path):
    run(sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', tmp_path/'dist', ROOT, cwd=tmp_path)
    wheel, = (tmp_path/'dist').glob('rnas_nb-*.whl')
    venv.create(tmp_path/'env', with_pip=True)
    py = tmp_path/'env'/'bin'/'python'
    site = Path(run(py, '-c', 'import sysconfig; print(sysconfig.get_path("purelib"))', cwd=tmp_path).strip())
    # the dependencies (torch is several GB) are taken from this environment, after the fresh one's own packages
    (site/'_deps.pth').write_text('\n'.join(p for p in sys.path if p.endswith('site-packages')))
    run(py, '-m', 'pip', 'install', '-q', '--no-deps', wheel, cwd=tmp_path)
    # what `pip install rnas-nb` gives a user: the newest allowed version of every runtime dependency (torch aside: from here)
    reqs = [r for r in run(py, '-c', 'import importlib.metadata as m; print(*m.requires("rnas-nb"), sep="\\n")', cwd=tmp_path).splitlines()
            if r and 'extra ==' not in r and not r.startswith('torch')]
    run(py, '-m', 'pip', 'install', '-q', '--upgrade', *reqs, cwd=tmp_path)
    assert run(py, '-c', 'import fastcore; print(fastcore.__version__)', cwd=tmp_path) >= '2'
    assert str(site) in run(py, '-c', 'import rnas_nb; print(rnas_nb.__file__)', cwd=tmp_path)
    rnas = tmp_path/'env'/'bin'/'rnas'
    assert 'commands:' in run(rnas, '--help', cwd=tmp_path)
    run(rnas, 'synth', tmp_path/'task', '--cases', 6, '--shape', '16,16,8', cwd=tmp_path)
    assert 'no problems found' in run(rnas, 'check', tmp_path/'task', cwd=tmp_path)
    for spelling in ('--base_ch', '--base-ch'):   # a multi-word option, both ways, under the newest fastcore
        out = run(rnas, 'search', tmp_path/'task', '--out', tmp_path/f'search{spelling}', '--epochs', 1, '--warmup', 0, '--children', 1,
                  '--levels', 2, spelling, 4, '--nodes', 1, '--device', 'cpu', cwd=tmp_path)
        assert 'searched 1 epochs' in out
