"""Every notebook in nbs/ executed once, as a pytest test: the run is its test, and its executed copy in `_exec/` is
what the docs show (.ci/docs.py renders those copies without running anything again).

A failing cell fails its notebook's test with the notebook's traceback. A notebook with cells on real data
(`find_shared_data(...)`) whose task is absent (see `RNAS_DATA` in .ci/run) still runs, then reports itself skipped:
"no data". RNAS_TEST_FLAGS=slow runs the `#| slow` cells too (.ci/run --full).
"""
import os, re, sys, json
from pathlib import Path
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]/'.ci'))
from execute import EXEC, NotebookError, execute, notebooks, skip_flags
from rnas_nb.core import find_shared_data
from test_outputs import machine_paths

NBS = notebooks()
FORCE = set(os.environ.get('RNAS_TEST_FLAGS', '').split())   # e.g. RNAS_TEST_FLAGS=slow runs the slow cells too
DATA_CALL = re.compile(r"find_shared_data\(\s*(?:(?:name\s*=\s*)?['\"]([^'\"]*)['\"])?")  # an MSD task (TaskNN_Name), or the default

def tasks_used(nb:Path)->set[str]:
    "The MSD tasks (`TaskNN_Name`) the test cells of `nb` ask `find_shared_data` for (its default task when unnamed)."
    src = [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type']=='code']
    return {t for s in src if not re.match(r'\s*#\|\s*export', s) for m in DATA_CALL.finditer(s)
            if re.fullmatch(r'Task\d+_\w+', t := m.group(1) or 'Task04_Hippocampus')}

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    try: out, err = execute(nb, EXEC/nb.name, skip_flags(FORCE), docs=True), None
    except NotebookError as e: err = str(e)
    if err: pytest.fail(err, pytrace=False)   # the notebook's traceback, once
    found = machine_paths(json.loads(out.read_text()))
    assert not found, f"{nb.name}: outputs show machine paths (cell id, path): {found[:5]}"
    if missing := sorted(t for t in tasks_used(nb) if find_shared_data(t) is None):
        pytest.skip(f"no data: {nb.stem} ran without its real-data cells ({', '.join(missing)} not in $RNAS_DATA or ../shared/data)")
