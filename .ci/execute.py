"""Run notebooks top to bottom and save them with their outputs, so the docs show real figures.

Usage: python .ci/execute.py [--slow] nbs/NN_name.ipynb ...
Cells flagged in settings.ini's tst_flags are skipped (their old outputs kept) unless --slow is given,
which runs the `slow` cells too. Stops with the traceback at the first failing cell; nothing is saved then.
"""
import os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from nbdev.config import get_config

def skipper(flags:set):
    "A preproc telling execnb which cells to skip: markdown, and code cells with one of `flags`."
    def _skip(cell):
        if cell.cell_type!='code': return True
        return bool(flags & set(re.findall(r'^\s*#\|\s*([\w-]+)', cell.source, re.M)))
    return _skip

def execute(path:Path, flags:set)->float:
    "Execute the notebook at `path` in its own folder and save it with outputs; returns seconds."
    start, nb = time.time(), read_nb(path)
    sh = CaptureShell(path)
    sh.set_path(path.parent.resolve())
    cwd = os.getcwd(); os.chdir(path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=skipper(flags))
    except Exception: sys.exit(f"{path}: a cell failed\n{sh.prettytb(fname=path)}")
    finally: os.chdir(cwd)
    write_nb(nb, path)
    return time.time()-start

if __name__=='__main__':
    args = sys.argv[1:]
    flags = set(get_config().tst_flags.split()) - ({'slow'} if '--slow' in args else set())
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    for p in [Path(a) for a in args if not a.startswith('--')]: print(f"{p}: {execute(p.absolute(), flags):.0f} s")
