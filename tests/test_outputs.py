"Saved notebook outputs (the docs show them) name no folder of the machine that ran them."
import json, re
from pathlib import Path
import pytest

NBS = sorted((Path(__file__).resolve().parents[1]/'nbs').glob('*.ipynb'))
MACHINE_PATH = re.compile(r'(?<![\w.])/(?:tmp|root|home|work|Users|var/folders)/[^\s\'"]*')

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_no_machine_paths_in_outputs(nb):
    found = [(c.get('id'), m.group(0)) for c in json.loads(nb.read_text())['cells'] for o in c.get('outputs', [])
             for m in MACHINE_PATH.finditer(json.dumps(o.get('text', '')) + json.dumps(o.get('data', {}).get('text/plain', ''))
                                            + json.dumps(o.get('data', {}).get('text/markdown', '')) + json.dumps(o.get('data', {}).get('text/html', '')))]
    assert not found, f"{nb.name}: outputs show machine paths (cell id, path): {found[:5]}"
