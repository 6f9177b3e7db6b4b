"The `rnas` command and every module but `rnas_nb.widgets` import and run without ipywidgets and IPython installed."
import subprocess, sys

SCRIPT = '''
import importlib, pkgutil, sys
for name in ('ipywidgets', 'IPython'): sys.modules[name] = None   # what an environment without them gives: ImportError
from rnas_nb.cli import main
assert main(['--help']) == 0
try: main(['search', '--help'])
except SystemExit as e: assert e.code == 0, e.code
import rnas_nb
mods = sorted(m.name for m in pkgutil.iter_modules(rnas_nb.__path__) if m.name != 'widgets')
for m in mods: importlib.import_module(f'rnas_nb.{m}')
try: import rnas_nb.widgets
except ImportError: pass
else: sys.exit('rnas_nb.widgets imported without ipywidgets: the block does not work')
print(len(mods), 'modules')
'''


def test_no_widgets_needed():
    r = subprocess.run([sys.executable, '-c', SCRIPT], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'modules' in r.stdout.splitlines()[-1]
