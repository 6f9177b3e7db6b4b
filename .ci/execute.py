"""Run notebooks top to bottom, once: the run is their test, and the executed copy is what the docs show.

Usage: python .ci/execute.py [--slow] nbs/NN_name.ipynb ...     (saves each notebook in place, to commit its outputs)
tests/test_notebooks.py calls `execute` with `docs=True`: the executed copy goes to `_exec/` (never over nbs/), with the
`show_doc` cells nbdev's docs processing would add (one per exported name not already shown) run in the same pass,
so `.ci/docs.py` renders `_exec/` without executing anything again.
Cells flagged in settings.ini's tst_flags (`notest`, `slow`) and `#| eval: false` cells are skipped, keeping their old
outputs; --slow (or `force={'slow'}`) runs the `slow` cells too. A failing cell stops the run with its traceback.
"""
import os, re, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor
from nbdev.processors import add_show_docs

ROOT = Path(__file__).resolve().parent.parent
EXEC = ROOT/'_exec'   # executed copies of nbs/*.ipynb, rendered by .ci/docs.py

class NotebookError(Exception):
    "A cell of a notebook failed; the message is the notebook's traceback."

def notebooks()->list[Path]:
    "The notebooks to test and render: nbs/*.ipynb, except those starting with `_` (as nbdev skips them)."
    return sorted(p for p in (ROOT/get_config().nbs_path).glob('*.ipynb') if not p.name.startswith('_'))

def skip_flags(force:set=frozenset())->set:
    "The tst_flags of settings.ini whose cells are skipped, less those in `force` (e.g. {'slow'})."
    return set(get_config().tst_flags.split()) - set(force)

def _skip(flags:set):
    "A preproc telling execnb which cells to skip: not code, `#| eval: false`, or flagged with one of `flags`."
    def skip(cell):
        if cell.cell_type!='code': return True
        d = getattr(cell, 'directives_', None) or {}
        return d.get('eval:', [''])[0].lower()=='false' or bool(flags & d.keys())
    return skip

def execute(path:Path, # notebook to run, in its own folder
            dst:Path|None=None, # where to save it with its outputs (default: over `path`)
            flags:set|None=None, # flagged cells to skip (default: `skip_flags()`)
            docs:bool=False # add and run the `show_doc` cells of nbdev's docs processing too
           )->Path:
    "Execute the notebook at `path` and save it with outputs to `dst`; raise `NotebookError` with the traceback if a cell fails."
    path = Path(path).absolute()
    nb = read_nb(path)
    NBProcessor(nb=nb, procs=[add_show_docs] if docs else [], rm_directives=False, process=True)
    for c in nb.cells: c.pop('has_sd', None)   # nbdev's marker on the cells it adds: not a notebook field
    os.environ['IN_TEST'] = '1'                # as nbdev_test and nbdev's docs processing run notebooks
    sh = CaptureShell(path)
    if docs: sh.run_cell('from nbdev.showdoc import show_doc')
    with working_directory(path.parent):
        try: sh.run_all(nb, exc_stop=True, preproc=_skip(skip_flags() if flags is None else flags))
        except Exception: raise NotebookError(sh.prettytb(fname=path.relative_to(ROOT))) from None
    dst = Path(dst or path); dst.parent.mkdir(parents=True, exist_ok=True)
    write_nb(nb, dst)
    return dst

if __name__=='__main__':
    import time
    args = sys.argv[1:]
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    for p in [Path(a) for a in args if not a.startswith('--')]:
        t0 = time.time()
        try: execute(p, flags=skip_flags({'slow'} if '--slow' in args else set()))
        except NotebookError as e: sys.exit(f"{p}: a cell failed; nothing saved\n{e}")
        print(f"{p}: {time.time()-t0:.0f} s")
