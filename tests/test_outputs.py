"Saved notebook outputs (the docs show them) name no folder of the machine that ran them."
import json, re
from pathlib import Path
import pytest

NBS = sorted((Path(__file__).resolve().parents[1]/'nbs').glob('*.ipynb'))
MACHINE_PATH = re.compile(r'(?<![\w.])/(?:tmp|root|home|work|Users|var/folders)/[^\s\'"]*')

def machine_paths(nb:dict)->list[tuple]:
    "(cell id, path) for each machine path in the outputs of notebook `nb` (its JSON as a dict)."
    return [(c.get('id'), m.group(0)) for c in nb['cells'] for o in c.get('outputs', [])
            for m in MACHINE_PATH.finditer(json.dumps(o.get('text', '')) + ''.join(json.dumps(o.get('data', {}).get(k, ''))
                                           for k in ('text/plain', 'text/markdown', 'text/html')))]

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_no_machine_paths_in_outputs(nb):
    found = machine_paths(json.loads(nb.read_text()))
    assert not found, f"{nb.name}: outputs show machine paths (cell id, path): {found[:5]}"
