"Run every notebook in `nbs/` as a pytest test, so CI prints pytest's summary line."
import os
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook

cfg = get_config()
NBS = sorted(p for p in Path(cfg.nbs_path).glob('*.ipynb') if not p.name.startswith('_'))
SKIP = cfg.tst_flags.split()
FORCE = os.environ.get('RNAS_TEST_FLAGS', '').split()  # e.g. RNAS_TEST_FLAGS=slow runs the slow cells too

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    ok, secs = run_notebook(nb.absolute(), skip_flags=SKIP, force_flags=FORCE, basepath=cfg.config_path)
    assert ok, f"{nb.name} failed (see the traceback above)"
