"""The built wheel runs as `pip install rnas-nb` gives it to users: in conftest's cached virtualenv, with the newest
allowed runtime requirements (fastcore 2.x); and the `rnas` commands accept the same options under fastcore 1.x (this
dev env), which the notebooks test. Only the command names, `--help` and commands that take just a folder are relied on."""
import json, re, sys
from conftest import ROOT, run

# run by each env's python, in a folder other than the checkout (`-c` imports from the working folder)
CLI = '''
import contextlib, io, json, sys, fastcore, rnas_nb
from rnas_nb.cli import main
def call(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try: code = main(list(argv))
        except SystemExit as e: code = e.code
    return code or 0, out.getvalue()
cmds = [l.split()[0] for l in call('--help')[1].split('commands:')[1].split('\\n\\n')[0].splitlines() if l.strip()]
print(json.dumps(dict(fastcore=fastcore.__version__, rnas_nb=rnas_nb.__file__, check=call('check', sys.argv[1]),
                      fingerprint=call('fingerprint', sys.argv[1]), helps={c: call(*c.split(), '--help')[1] for c in ['', *cmds]})))
'''

def cli(py, task, env:dict)->dict:
    "What `CLI` reports when run by `py` on the MSD task folder `task`, in the folder holding it; options: each command's option names."
    r = json.loads(run(py, '-c', CLI, task.name, env=env, cwd=task.parent))
    return r | dict(options={c: sorted(set(re.findall(r'(?<![\w-])--?[a-zA-Z][\w-]*', h))) for c, h in r.pop('helps').items()})

def test_wheel_cli_under_fastcore_2(tmp_path, runtime_python, clean_env):
    run(sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', tmp_path/'dist', ROOT, cwd=tmp_path)
    wheel, = (tmp_path/'dist').glob('rnas_nb-*.whl')
    site = tmp_path/'site'   # the wheel beside the cached env's packages: nothing is fetched, nothing of the env changes
    run(runtime_python, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', '--no-deps', '--no-index', '--target', site, wheel)
    env = clean_env | dict(PYTHONPATH=str(site))
    run(site/'bin'/'rnas', 'synth', 'task', env=env, cwd=tmp_path)         # the console script a user runs
    task = tmp_path/'task'
    n = len(list((task/'imagesTr').glob('*.nii.gz')))
    assert n == len(list((task/'labelsTr').glob('*.nii.gz'))) > 0
    new, dev = cli(runtime_python, task, env), cli(sys.executable, task, clean_env)
    major = lambda v: int(v.split('.')[0])
    assert major(new['fastcore']) >= 2 and major(dev['fastcore']) == 1, (new['fastcore'], dev['fastcore'])
    assert new['rnas_nb'].startswith(str(site)), new['rnas_nb']
    assert new['check'][0] == 0, new['check']                                # no problem in a valid task
    assert new['fingerprint'][0] == 0 and re.search(rf'\bcases\b.*\b{n}\b', new['fingerprint'][1]), new['fingerprint']
    assert len(dev['options']) > 1 and new['options'] == dev['options'], "the commands or their options differ under fastcore 2.x and 1.x"
