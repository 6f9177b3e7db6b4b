#!/usr/bin/env python
"""The goal benchmark: `rnas auto` on MSD Hippocampus against its controls, scored on held-out test cases.

Fold 0 of the package's 5-fold split (seed 0): its 42 validation cases are the TEST cases, seen by nothing but the final
evaluation; the other 166 form a new MSD task (OUT/task166: a filtered dataset.json and copies of the original files).
Stages (each cached as JSON in OUT, so a rerun skips what is done; an unfinished stage starts over, so its time budget
holds; `--rederive` keeps an `rnas auto` stage's finished search and redoes the rest, to measure a change of derive on
the same search):
  enas           `rnas auto task166 --minutes M` (search, derive, train on all 166, export)
  enas_avg_plain the same with `--average 0.99 --plain_share 0.5` (averaged shared weights, half the steps on plain U-Nets)
  random         the same with `--strategy random`
  default_auto   the same with `--no_search` (the space's default child trained for the whole budget)
  default        the control: the space's default child trained --control_minutes with `rnas_nb.train.train`
  default3       the same for the plain U-Net at the shallowest depth the search may pick (`SearchSpace.default(space.depths[-1])`)
  basicunet      MONAI BasicUNet trained the same time with the same loop (`rnas_nb.train.Trainer`); needs MONAI
  nnunet         nnU-Net v2 3d_fullres planned, preprocessed and trained in the `rnas auto` budget, predicted by its own predictor
                 (benchmarks/nnunet_peer.py, run by `--nnunet_python`: a python with nnunetv2, which brings its own torch)
Every network is then evaluated with `rnas_nb.cv.evaluate` (original grid, Dice and HD95) on the test cases. `--tta` adds a row for
each of our networks predicted again with mirroring test-time augmentation (nnU-Net's predictor always mirrors), with
its paired difference and its cost per case. The table
and rows.json in RESULTS hold the rows of this invocation only, each with its provenance (commit, torch, CPU, threads,
date), the work its minutes bought (search steps, derive steps, final-training epochs) and the stages that ran beside
it: the machine's speed differs between sessions (up to ~1.85x seen), so time-budgeted rows compare only when they run
side by side, as the default does (`--parallel 2 --threads 1`). Finished stages (LeakyReLU/ELU controls, a lean
budget split, the plain U-Net's hour, averaging alone) are in benchmarks/archive/hippocampus_auto_stages.md.

    python benchmarks/hippocampus_auto.py --tta --nnunet_python nnunet-venv/bin/python   # nnU-Net, rnas auto and the control, 60 min each, two at a time (seed 0)
    python benchmarks/hippocampus_auto.py --stages default_auto,enas_avg_plain --seed 1 --results benchmarks/results/hippocampus_auto/avg_plain/seed1
    python benchmarks/hippocampus_auto.py --stages default,basicunet --quick   # checks the pipeline; numbers meaningless
"""
import argparse, json, multiprocessing as mp, os, resource, shutil, subprocess, sys, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
import numpy as np, torch
from common import BASICUNET_FEATURES, HIPPOCAMPUS, basicunet as monai_basicunet, gflops, n_params, provenance, NOT_RECORDED, PROVENANCE
from rnas_nb.core import seeded
from rnas_nb.data import MSDDataset
from rnas_nb.preprocess import PreprocessedDataset
from rnas_nb.fingerprint import fingerprint
from rnas_nb.sampling import kfold_split, save_split, load_split, PatchSampler
from rnas_nb.space import SearchSpace
from rnas_nb.learner import Learner, TimeBudget
from rnas_nb.train import TrainConfig, Trainer, train, make_optimizer
from rnas_nb.checkpoint import load_checkpoint, load_network, read_model_json
from rnas_nb.cv import evaluate, summarize, export_meta
from rnas_nb import cli
from rnas_nb.plan import subset_task
from rnas_nb.derive import paired_difference

AUTO = {'enas': [], 'enas_avg_plain': ['--average', '0.99', '--plain_share', '0.5'], 'random': ['--strategy', 'random'],
        'default_auto': ['--no_search']}  # `rnas auto` runs and their options: the one place that names `rnas auto` flags
CONTROLS = {'default': lambda s: s.default(), 'default3': lambda s: s.default(s.depths[-1])}  # children trained like the control
ORDER = ['default', 'default3', 'default_auto', 'enas', 'enas_avg_plain', 'random', 'basicunet', 'nnunet']  # rows of the table, the controls first

def stage(path:Path, fn):
    "The JSON result of a stage, computed by `fn` once and kept in `path`."
    if not path.exists(): path.write_text(json.dumps(fn(), indent=1))
    return json.loads(path.read_text())

def measured(fn, *args)->dict:
    "`fn(*args)` (run in a child process), with the process's peak resident memory, its start and end (epoch seconds) and its provenance."
    t0 = time.time(); r = fn(*args)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # children: nnU-Net's process
    return dict(provenance=provenance()) | r | dict(peak_rss_mb=peak/2**10, started=t0, ended=time.time())

def run_stages(jobs:dict, out:Path, parallel:int)->None:
    "Run each `jobs[s] = (fn, *args)` in its own fresh spawned process (so its peak memory is its own), `parallel` at once; keep each result in OUT/s.json as it ends."
    with ProcessPoolExecutor(parallel, mp_context=mp.get_context('spawn'), max_tasks_per_child=1) as ex:
        futs = {ex.submit(measured, *job): s for s, job in jobs.items()}
        for f in as_completed(futs): (out/f'{futs[f]}.json').write_text(json.dumps(f.result(), indent=1))

def alongside(s:str, out:Path, stages:list[str])->list[str]|None:
    "The stages of `stages` whose run overlapped stage `s`'s in time (by their recorded start and end); None for a stage run before they were recorded."
    def span(t): r = json.loads((out/f'{t}.json').read_text()); return r.get('started', 0), r.get('ended', 0)
    if not (a_b := span(s))[0]: return None
    a, b = a_b
    return [t for t in stages if t != s and (out/f'{t}.json').exists() and (c := span(t))[0] < b and a < c[1]]

def work(s:str, out:Path)->dict:
    "What stage `s` bought with its minutes, read from its logs: shared-weight search steps, derive fine-tuning steps, final-training epochs ({} if its run folder is gone)."
    if s == 'nnunet':
        nn = json.loads((out/'nnunet.json').read_text())['nnunet']
        return dict(search_steps=0, derive_steps=0, train_epochs=f"{nn['epochs']}" + (f" ({nn['iterations']} iterations of {nn['batch']})" if 'iterations' in nn else ''))
    run = out/s if s in AUTO else out/'train'/s
    if not run.is_dir(): return {}
    log = lambda p: [json.loads(l) for l in p.read_text().splitlines()] if p.exists() else []
    auto = json.loads((run/'auto.json').read_text()) if (run/'auto.json').exists() else {}
    return dict(search_steps=len({e['step'] for e in log(run/'search'/'search.jsonl') if e.get('phase') == 'shared'}),
                derive_steps=auto.get('derive_steps', 0), train_epochs=len({e['epoch'] for e in log(run/'train'/'train.jsonl' if s in AUTO else run/'train.jsonl')}))

def space_for(out:Path, pds)->SearchSpace:
    "The space `rnas auto` searched (from its run.json), else the brief's: ronasmis, 16 channels, 2 nodes."
    for p in sorted((out/'enas').rglob('run.json')):
        if 'space' in (info := json.loads(p.read_text())): return SearchSpace.from_config(info['space'])
    return SearchSpace.from_fingerprint(fingerprint(pds), 'ronasmis', base_ch=16, n_nodes=2)

def keep_search(run:Path)->None:
    "Empty the `rnas auto` folder `run` of all but its finished search, so that `rnas auto` resumes it at derive."
    state = json.loads((run/'auto.json').read_text()) if (run/'auto.json').exists() else {}
    if 'search_s' not in state: raise RuntimeError(f"{run}: no finished search to keep (--rederive)")
    for d in ('derive', 'train', 'model'): shutil.rmtree(run/d, ignore_errors=True)
    (run/'auto.json').write_text(json.dumps({k: v for k, v in state.items() if k in ('plan', 'strategy', 'search_s')}))

def run_auto(task:str, run:str, minutes:float, extra:list[str], threads:int, rederive:bool=False, seed:int=0)->dict:
    "`rnas auto` on `task` into `run`, in-process (`rederive`: on the search already in `run`); its stage timings (`run/auto.json`)."
    torch.set_num_threads(threads); t0 = time.time()
    if rederive: keep_search(Path(run))
    else: shutil.rmtree(run, ignore_errors=True)
    if rc := cli.main(['auto', task, '--out', run, '--minutes', f'{minutes:g}', '--seed', str(seed), *extra]):
        raise RuntimeError(f"rnas auto exited with code {rc}")
    auto = Path(run)/'auto.json'
    return dict(wall_s=time.time()-t0, auto=json.loads(auto.read_text()) if auto.exists() else {})

def budget_config(batches:int, minutes:float, seed:int=0)->TrainConfig:
    "The settings of the timed controls: `minutes` of training with the schedule laid over them (as `rnas auto`), validation every epoch."
    return TrainConfig(n_epochs=10**6, batches_per_epoch=batches, minutes=minutes, seed=seed, device='cpu', progress=False)

@dataclass(frozen=True)
class PeerArch:
    "What `Trainer`, `save_network` and `predict_probs` read of an architecture, for a MONAI network."
    name:str; patch:tuple; total_stride:tuple; kwargs:dict = field(default_factory=dict)
    def to_json(self)->str: return json.dumps(dict(monai=self.name, patch=self.patch, **self.kwargs))

class EvalPeer(torch.nn.Module):
    "A MONAI network that carries `arch` and `n_classes` and returns a list of logits in training, so that `Trainer`, `case_dice` and `cv.evaluate` take it like a child."
    def __init__(self, net, arch:PeerArch, n_classes:int): super().__init__(); self.net, self.arch, self.n_classes = net, arch, n_classes
    def forward(self, x): return [self.net(x)] if self.training else self.net(x)

def basicunet(patch)->EvalPeer:
    "MONAI's BasicUNet at `common.basicunet`'s widths (four 2x poolings: total stride 16)."
    return EvalPeer(monai_basicunet(), PeerArch('BasicUNet', tuple(patch), (16,)*3, dict(features=BASICUNET_FEATURES)), 3)

class PeerTrainer(Trainer):
    "`Trainer`'s loop (schedule, validation, best-epoch export) on an `EvalPeer` instead of a `ChildNet`."
    def __init__(self, peer:EvalPeer, train, val, run_dir, cfg:TrainConfig, meta:dict, cbs=()):
        self.arch, self.train, self.val, self.meta = peer.arch, list(train), list(val), meta
        self.net_kwargs = dict(in_ch=1, n_classes=peer.n_classes, **peer.arch.kwargs)
        sampler = PatchSampler(self.train, peer.arch.patch, cfg.batch_size, cfg.fg_share, cfg.flips, cfg.seed, cfg.batches_per_epoch)
        Learner.__init__(self, peer, lambda p: make_optimizer(p, cfg), sampler, run_dir, cfg, cbs)
        self.best, self.best_epoch, self.stale = -1., -1, 0

def load_data(task:Path, out:Path, n_val:int)->tuple:
    "The preprocessed 166-case task, its cases, and the first `n_val` of them (validation: picks the best epoch only)."
    pds = PreprocessedDataset(MSDDataset(task), out/'cache'); cases = [pds[i] for i in range(len(pds))]
    return pds, cases, cases[:n_val]

def run_control(which:str, task:str, out:str, minutes:float, batches:int, n_val:int, threads:int, seed:int=0)->dict:
    "Train the child `CONTROLS[which]` of the space, or BasicUNet ('basicunet'), for `minutes` on every case of `task`."
    torch.set_num_threads(threads); out = Path(out); run = out/'train'/which; shutil.rmtree(run, ignore_errors=True)
    pds, tr, va = load_data(Path(task), out, n_val)
    space, cfg = space_for(out, pds), budget_config(batches, minutes, seed)
    t0 = time.time()
    if which != 'basicunet':
        t = train(CONTROLS[which](space), tr, va, run, space.net_kwargs, cfg, meta=export_meta(pds, tr))
    else:
        with seeded(cfg.seed): peer = basicunet(space.largest().patch)
        t = PeerTrainer(peer, tr, va, run, cfg, export_meta(pds, tr), [TimeBudget(minutes)]).resume().fit()
    return dict(train_s=time.time()-t0, epochs=t.epoch, best_epoch=t.best_epoch, val_dice=t.best, space=space.config)

def run_nnunet(data:str, out:str, minutes:float, threads:int, patch:list[int], python:str, quick:bool)->dict:
    "nnU-Net trained `minutes` (planning and preprocessing counted) and tested, by `benchmarks/nnunet_peer.py` under `python`; its row (`nnunet.json`)."
    run = Path(out)/'nnunet'; t0 = time.time()
    cmd = [python, str(Path(__file__).with_name('nnunet_peer.py')), '--data', data, '--out', str(run), '--results', str(run),
           '--minutes', f'{minutes:g}', '--threads', str(threads), '--flops_patch', ','.join(map(str, patch))] + (['--iters', '10', '--n_test', '8'] if quick else [])
    subprocess.run(cmd, check=True, env=os.environ | dict(PYTHONPATH=str(Path(__file__).parent)))
    r = json.loads((run/'nnunet.json').read_text())
    return dict(train_s=r['plan_s'] + r['train_s'], wall_s=time.time()-t0, nnunet=r, provenance=r['provenance'])

def load_model(which:str, out:Path)->tuple:
    "`(net, meta)` of a finished stage: the exported network, or BasicUNet with its best weights."
    if which in AUTO: return load_network(out/which/'model')
    folder = out/'train'/which/'model'
    if which != 'basicunet': return load_network(folder)
    peer = basicunet(json.loads((folder/'arch.json').read_text())['patch'])
    peer.load_state_dict(load_checkpoint(folder/'weights.pt', 'model weights')); return peer.eval(), read_model_json(folder/'model.json')

def test_scores(model:tuple, data:str, names:list[str], tta:bool=False)->dict:
    "Per-case Dice and HD95 on the original grid (`cv.evaluate`, with mirroring test-time augmentation if `tta`), their summary and the seconds a case took."
    t0 = time.time(); rows = evaluate(model, MSDDataset(data), names, 'cpu', tta=tta)
    return dict(cases=rows, summary=summarize(rows), predict_s=(time.time() - t0)/len(names))

def size(model:tuple, patch)->dict:
    "Parameters, GFLOPs on `patch` and architecture of `(net, meta)`."
    return dict(params=n_params(model[0]), gflops=gflops(model[0], patch), arch=model[0].arch.to_json())

def row(which:str, r:dict, ev:dict, sz:dict, work:dict, beside:list[str]|None)->dict:
    "One table row: test Dice, size (`size`), cost, time, work done and memory of a model, and the stages that ran `beside` it."
    mean = ev['summary'][-2]
    auto = r.get('auto', {})
    search_s = auto.get('search_s', 0.) + auto.get('derive_s', 0.)
    return dict(model=which, anterior=mean['Anterior'], posterior=mean['Posterior'], dice=mean['mean'],
                hd95=[mean['Anterior HD95'], mean['Posterior HD95']], **sz,
                search_min=search_s/60, train_min=auto.get('train_s', r.get('train_s', 0.))/60, peak_rss_mb=r['peak_rss_mb'],
                **work, alongside=beside, case_dice=case_means(ev), predict_s=ev.get('predict_s'), stage=r,
                provenance=r.get('provenance', {k: NOT_RECORDED for k in PROVENANCE}))

def case_means(ev:dict)->dict:
    "Each test case's Dice, averaged over the classes."
    return {c['case']: float(np.mean([v for k, v in c.items() if k != 'case' and not k.endswith('HD95')])) for c in ev['cases']}

def table(rows:list[dict], head:str)->str:
    "The Markdown table of `rows`."
    lines = [head, '', "| model | Dice anterior | Dice posterior | mean | HD95 ant/post mm | params | GFLOPs/patch | search min | train min | "
             "search / derive steps | train epochs | ran beside | peak RSS MiB | commit | torch | CPU | threads | date |", '|' + '---|'*18]
    got = lambda r, k: str(r[k]) if k in r else 'not kept'  # rows of runs before the work was recorded
    lines += [f"| {r['model']} | {r['anterior']:.3f} | {r['posterior']:.3f} | {r['dice']:.3f} | {r['hd95'][0]:.2f}/{r['hd95'][1]:.2f} | "
              f"{r['params']/1e6:.3f} M | {r['gflops']:.2f} | {r['search_min']:.1f} | {r['train_min']:.1f} | "
              f"{got(r, 'search_steps')} / {got(r, 'derive_steps')} | {got(r, 'train_epochs')} | {'not kept' if r.get('alongside') is None else ', '.join(r['alongside']) or 'nothing'} | "
              f"{r['peak_rss_mb']:.0f} | " + ' | '.join(str(r['provenance'][k]) for k in PROVENANCE) + ' |' for r in rows]
    return '\n'.join(lines) + '\n'

def gap(a:dict, b:dict)->tuple[float, float, int]:
    "Row `a`'s mean Dice minus row `b`'s over `b`'s test cases, its paired standard error, and the cases `a` scores higher on."
    x, y = (np.array([[r['case_dice'][n]] for n in b['case_dice']]) for r in (a, b))
    return *paired_difference(x, y), int((x > y).sum())

def paired(a:dict, b:dict)->str:
    "Row `a`'s mean Dice minus row `b`'s over the test cases, with its paired standard error and the cases `a` scores higher on."
    g, se, higher = gap(a, b)
    return f"Dice {g:+.3f} +- {se:.3f} (paired SE), higher on {higher}/{len(b['case_dice'])} cases"

def ratios(rows:list[dict])->str:
    "Every row against the control (the default child) and the default child's whole budget (default_auto), then the found network against the others, each pair only if it ran side by side: paired Dice difference, params and GFLOPs ratios; then each `+tta` row against the same network without it."
    by = {r['model']: r for r in rows}
    pairs = [(m, c) for c in ('default', 'default_auto') if c in by for m in by if m not in ('default', c)] + [('enas', m) for m in by if m not in ('enas', 'default') and 'enas' in by]
    pairs = [(a, b) for a, b in dict.fromkeys(pairs) if b in (by[a].get('alongside') or [])]  # 'enas vs default_auto' comes from both lists
    lines = [f"{a} vs {b}: {paired(by[a], by[b])}, params x{by[a]['params']/by[b]['params']:.2f}, GFLOPs x{by[a]['gflops']/by[b]['gflops']:.2f}" for a, b in pairs]
    lines += [f"{a} vs {a[:-4]} (the same network): {paired(by[a], by[a[:-4]])}, prediction {by[a[:-4]]['predict_s']:.2f} -> {by[a]['predict_s']:.2f} s a case"
              for a in by if a.endswith('+tta')]
    return '\n'.join(lines) + '\n'

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default=str(HIPPOCAMPUS), help='the MSD Hippocampus task folder (default: ../shared/data/Task04_Hippocampus)')
    p.add_argument('--out', default='runs/hippocampus_auto', help='work folder (stages cached here)')
    p.add_argument('--results', default='benchmarks/results/hippocampus_auto/nnunet_peer/seed{seed}', help="this invocation's table, rows and found architecture ({seed}: --seed)")
    p.add_argument('--minutes', type=float, default=60, help='budget of each `rnas auto` run')
    p.add_argument('--control_minutes', type=float, default=20, help='training time of the default child and BasicUNet')
    p.add_argument('--stages', default='nnunet,enas,default_auto', help=f'comma-separated, of {ORDER}, started in this order')
    p.add_argument('--batches', type=int, default=25, help='minibatches per epoch of the controls (as rnas auto)')
    p.add_argument('--n_val', type=int, default=8, help='training cases that pick the best epoch of the controls')
    p.add_argument('--threads', type=int, default=1, help='torch threads of each stage')
    p.add_argument('--parallel', type=int, default=2, help='stages run at once (side by side, at the same machine load), each in its own process')
    p.add_argument('--rederive', action='store_true', help="the `rnas auto` stages keep their finished search (in OUT) and redo derive, training and export")
    p.add_argument('--seed', type=int, default=0, help='seed of every training and search (the split stays seed 0: the same test cases); use its own --out')
    p.add_argument('--nnunet_python', default=os.environ.get('NNUNET_PYTHON', sys.executable), help='python with nnunetv2 installed, for the nnunet stage ($NNUNET_PYTHON)')
    p.add_argument('--tta', action='store_true', help='also test each of our networks with mirroring test-time augmentation (`rnas predict --tta`): a `+tta` row each')
    p.add_argument('--quick', action='store_true', help='tiny: 2-minute auto, 1-minute controls, 8 test cases (in OUT_quick)')
    a = p.parse_args()
    data, out, res = Path(a.data), Path(a.out), Path(a.results.format(seed=a.seed))
    if not (data/'dataset.json').is_file(): sys.exit(f"no MSD task at {data} (dataset.json missing): pass --data")
    stages = [s for s in a.stages.split(',') if s]
    if bad := set(stages) - set(ORDER): sys.exit(f"unknown stage(s) {sorted(bad)}; choose from {ORDER}")
    if 'nnunet' in stages and subprocess.run([a.nnunet_python, '-c', 'import nnunetv2'], capture_output=True).returncode:
        sys.exit(f"the nnunet stage needs nnunetv2, which {a.nnunet_python} cannot import: pass --nnunet_python (or $NNUNET_PYTHON), or leave the stage out")
    minutes, control = (2, 1) if a.quick else (a.minutes, a.control_minutes)
    if a.quick: out = out.with_name(out.name + '_quick'); res = out/'results'  # never mixed with, nor committed as, real results
    out.mkdir(parents=True, exist_ok=True); res.mkdir(parents=True, exist_ok=True); torch.set_num_threads(a.threads)
    if not (out/'split.json').exists(): save_split(kfold_split(MSDDataset(data).case_names, 5, 0), out/'split.json')
    fold = load_split(out/'split.json')[0]
    test = fold['val'][:8] if a.quick else fold['val']
    task = subset_task(data, fold['train'], out/'task166')
    print(f"{len(fold['train'])} training cases in {task}; {len(test)} test cases; stages {stages}", flush=True)
    patch = space_for(out, PreprocessedDataset(MSDDataset(task), out/'cache')).largest().patch   # every row's GFLOPs are counted on it
    jobs = {s: (run_auto, str(task), str(out/s), minutes, AUTO[s], a.threads, a.rederive, a.seed) if s in AUTO
            else (run_nnunet, str(data), str(out), minutes, a.threads, list(patch), a.nnunet_python, a.quick) if s == 'nnunet'
            else (run_control, s, str(task), str(out), control, 5 if a.quick else a.batches, a.n_val, a.threads, a.seed)
            for s in stages if not (out/f'{s}.json').exists()}   # started in the order given
    print(f"training {list(jobs)}, {a.parallel} at once; cached: {[s for s in stages if s not in jobs]}", flush=True)
    run_stages(jobs, out, a.parallel)
    stages = [s for s in ORDER if s in stages]   # the table's rows: the controls first
    rows = []
    for s in stages:
        print(f"== {s}", flush=True)
        r = json.loads((out/f'{s}.json').read_text())
        print(f"   trained ({r.get('train_s', r.get('wall_s', 0))/60:.1f} min, peak {r['peak_rss_mb']:.0f} MiB); testing on {len(test)} cases", flush=True)
        if s == 'nnunet':   # tested by nnU-Net's own predictor in its run, scored with our Dice code
            nn = r['nnunet']; ev, sz = dict(cases=nn['cases'], summary=summarize(nn['cases'])), dict(params=nn['params'], gflops=nn['gflops'], arch=json.dumps(dict(nnunet=nn['trainer'], patch=nn['patch'], batch=nn['batch'])))
        else:
            model = load_model(s, out); ev, sz = stage(out/f'{s}_test.json', lambda: test_scores(model, str(data), test)), size(model, patch)
        done, beside = work(s, out), alongside(s, out, ORDER)
        rows.append(row(s, r, ev, sz, done, beside))
        if a.tta and s != 'nnunet':   # the same network predicted with mirroring (nnU-Net's predictor always mirrors)
            rows.append(row(f'{s}+tta', r, stage(out/f'{s}_test_tta.json', lambda: test_scores(model, str(data), test, tta=True)), sz, done, beside))
        if s == 'enas': shutil.copy(out/s/'model'/'arch.json', res/'found_arch.json')
    head = (f"MSD Hippocampus, fold 0 of the 5-fold split (seed 0), searches and trainings seeded {a.seed}: trained on the {len(fold['train'])} training cases, tested on "
            f"{len(test)} held-out cases (`rnas_nb.cv.evaluate`: original grid; BasicUNet through the same predictor; nnU-Net through its own, scored by `rnas_nb.metrics`). "
            f"`rnas auto` budget {minutes:g} min; controls trained {control:g} min (best of {a.n_val} training cases' Dice per epoch). "
            f"GFLOPs (`rnas_nb.ops.count_flops`, every row alike): one eval-mode forward pass on the space's largest patch {'x'.join(map(str, patch))}. "
            f"Peak RSS: the stage's own process. Differences below only between rows that ran side by side.")
    (res/'table.md').write_text(table(rows, head) + '\n' + ratios(rows))
    (res/'rows.json').write_text(json.dumps(rows, indent=1))
    print(table(rows, head), ratios(rows), sep='\n', flush=True)

if __name__ == '__main__': main()
