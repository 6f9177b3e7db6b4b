"""The one cached virtualenv that the export and wheel tests share: torch and the newest allowed versions of the
package's runtime requirements (fastcore 2.x, as `pip install rnas-nb` gets them), and not rnas_nb itself.

It is made once, in `$RNAS_CACHE` (default ~/.cache/rnas_nb), under a name keyed on the Python version, the torch
requirement and settings.ini's requirements; once it exists, no test asks the package registry for anything.
Delete the folder (or change a requirement) to get the newest versions again.
"""
import configparser, hashlib, os, shlex, shutil, subprocess, sys, venv
from pathlib import Path
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
TORCH = os.environ.get('RNAS_TORCH', f"torch=={torch.__version__.split('+')[0]}")   # as .ci/setup installs it
CACHE = Path(os.environ.get('RNAS_CACHE', Path.home()/'.cache'/'rnas_nb'))

def run(*args, **kw)->str:
    "Run a command, failing the test with its output if it fails."
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{args} failed:\n{p.stdout}\n{p.stderr}"
    return p.stdout

def requirements()->list[str]:
    "settings.ini's runtime requirements, torch aside (it comes from `TORCH`)."
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    return [r for r in shlex.split(cfg['DEFAULT']['requirements']) if not r.startswith('torch')]

def runtime_env()->Path:
    "The python of the cached runtime virtualenv, made (from the registry or local disk) only when missing."
    key = hashlib.sha1(' '.join([sys.version, TORCH, *requirements()]).encode()).hexdigest()[:12]
    env = CACHE/f'runtime-py{sys.version_info.major}{sys.version_info.minor}-{key}'
    py = env/'bin'/'python'
    if not (env/'ready').exists():
        shutil.rmtree(env, ignore_errors=True)
        venv.create(env, with_pip=True)
        run(py, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', *shlex.split(TORCH))
        run(py, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', *requirements())
        (env/'ready').touch()
    return py

@pytest.fixture(scope='session')
def runtime_python()->Path:
    "The python of the cached runtime virtualenv (see the module's docstring)."
    return runtime_env()

@pytest.fixture
def clean_env()->dict:
    "The environment for a subprocess in another virtualenv: none of this one's paths, one thread, fixed width help."
    drop = ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV')
    return {k: v for k, v in os.environ.items() if k not in drop} | dict(OMP_NUM_THREADS='1', COLUMNS='120')
