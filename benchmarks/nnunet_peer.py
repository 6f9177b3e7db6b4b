#!/usr/bin/env python
"""nnU-Net v2 `3d_fullres` as a peer at equal wall-clock minutes, on the cases `rnas auto` gets.

The split is `benchmarks/hippocampus_auto.py`'s: fold 0 of the package's 5-fold split (seed 0); nnU-Net trains on its
166 training cases (its fold `all`, as `rnas auto` trains the found network on every case) and predicts the 42 held-out
ones with its own predictor (sliding window, Gaussian weighting, mirroring); our Dice code (`rnas_nb.metrics`) scores
them on the original grid. The budget counts what `rnas auto`'s does: nnU-Net's fingerprint, planning and preprocessing,
then training; prediction is not counted (nor is ours).

The trainer is nnU-Net's own `nnUNetTrainer` with one change, `run_training` stopping at the deadline: before every
iteration the iterations that still fit (at the pace so far) set where nnU-Net's poly learning-rate schedule ends, and
the last one that fits is the last one run; nnU-Net's validation pass, which only logs a pseudo-Dice, is left out.
Everything else (plans, patch and batch size, 250-iteration epochs, augmentation, deep supervision,
loss, SGD) is nnU-Net's default.
`--da_procs 0` (default) runs the augmentation in the training process, so the row uses `--threads` cores like ours.

    pip install nnunetv2        # its own venv: it pulls torch 2.14 and torchvision (a CUDA build, ~5.5 GB)
    python benchmarks/nnunet_peer.py --minutes 60 --threads 1
    python benchmarks/nnunet_peer.py --quick      # 3 minutes, 10-iteration epochs, 8 test cases: checks the pipeline; numbers meaningless

`benchmarks/hippocampus_auto.py --stages default_auto,nnunet` runs it as a stage beside our rows (`--nnunet_python`: a
python with nnunetv2, since nnunetv2 pulls its own torch).
"""
import argparse, json, os, sys, time
from importlib.metadata import version
from pathlib import Path
import numpy as np, nibabel as nib, torch
from common import gflops, provenance
from rnas_nb.data import MSDDataset
from rnas_nb.metrics import dice_per_class, hd95_per_class
from rnas_nb.sampling import kfold_split

DATASET_ID, CONFIG = 504, '3d_fullres'   # an id no MSD conversion uses

def fold0(data:Path)->dict:
    "Fold 0 of the package's 5-fold split of `data` (seed 0): `hippocampus_auto.py`'s training and test cases."
    return kfold_split(MSDDataset(data).case_names, 5, 0)[0]

def nnunet_env(out:Path)->None:
    "Point nnU-Net's three folders into `out` (read when nnunetv2 is first imported), without compile (CPU)."
    for k in ('raw', 'preprocessed', 'results'): (out/k).mkdir(parents=True, exist_ok=True); os.environ[f'nnUNet_{k}'] = str((out/k).resolve())
    os.environ.setdefault('nnUNet_compile', 'false')

def raw_dataset(data:Path, names:list[str], out:Path)->Path:
    "nnU-Net's raw layout of the cases `names` of the MSD task `data` (links to the original files)."
    ds = out/'raw'/f'Dataset{DATASET_ID}_Hippocampus{len(names)}'
    js = json.loads((data/'dataset.json').read_text())
    for sub in ('imagesTr', 'labelsTr'): (ds/sub).mkdir(parents=True, exist_ok=True)
    for n in names:
        for src, dst in ((data/'imagesTr'/f'{n}.nii.gz', ds/'imagesTr'/f'{n}_0000.nii.gz'), (data/'labelsTr'/f'{n}.nii.gz', ds/'labelsTr'/f'{n}.nii.gz')):
            if not dst.exists(): dst.symlink_to(src.resolve())
    labels = {v: int(k) for k, v in js['labels'].items()}
    (ds/'dataset.json').write_text(json.dumps(dict(channel_names=js['modality'], labels=labels, numTraining=len(names), file_ending='.nii.gz'), indent=1))
    return ds

def budget_trainer(deadline:float):
    "nnU-Net's default trainer whose training ends at `deadline` (epoch seconds), its poly schedule laid over the iterations that fit."
    from nnunetv2.training.nnUNetTrainer.nnUNetTrainer import nnUNetTrainer
    class nnUNetTrainer_Budget(nnUNetTrainer):
        def poly_lr(self, done:int, pace:float)->float:
            "nnU-Net's poly rate after `done` iterations, the schedule ending with the last iteration that fits at `pace` seconds each."
            return self.initial_lr * (1 - done / (done + (deadline - time.time()) / pace)) ** 0.9 if done else self.initial_lr
        def run_training(self):
            self.on_train_start(); t0, self.iterations, stop = time.time(), 0, False
            while not stop and self.current_epoch < self.num_epochs:
                self.on_epoch_start(); self.on_train_epoch_start(); outputs = []
                for _ in range(self.num_iterations_per_epoch):
                    pace = (time.time() - t0) / max(self.iterations, 1)
                    if stop := self.iterations > 0 and time.time() + pace > deadline: break
                    for g in self.optimizer.param_groups: g['lr'] = self.poly_lr(self.iterations, pace)
                    outputs.append(self.train_step(next(self.dataloader_train))); self.iterations += 1
                if outputs: self.on_train_epoch_end(outputs)
                self.current_epoch += 1   # no validation pass: nnU-Net runs it only to log a pseudo-Dice
            self.on_train_end()
    return nnUNetTrainer_Budget

def train_nnunet(data:Path, names:list[str], out:Path, minutes:float, threads:int, da_procs:int, iters:int|None=None)->tuple:
    "Plan, preprocess and train nnU-Net on the cases `names` within `minutes` of wall clock; returns what each part took, and the trainer."
    os.environ['nnUNet_n_proc_DA'] = str(max(threads, 1)); nnunet_env(out)   # the planner sets torch's threads from it: 0 fails
    t0 = time.time(); deadline = t0 + 60*minutes
    raw_dataset(data, names, out)
    from nnunetv2.experiment_planning.plan_and_preprocess_api import extract_fingerprints, plan_experiments, preprocess
    extract_fingerprints([DATASET_ID], num_processes=threads, show_progress_bar=False)
    plan_experiments([DATASET_ID])
    preprocess([DATASET_ID], configurations=(CONFIG,), num_processes=(threads,), show_progress_bar=False)
    t_plan = time.time() - t0
    torch.set_num_threads(threads); os.environ['nnUNet_n_proc_DA'] = str(da_procs)   # read again when the trainer makes its loaders
    pre = next((out/'preprocessed').glob(f'Dataset{DATASET_ID}_*'))
    plans = json.loads((pre/'nnUNetPlans.json').read_text()) | dict(continue_training=False)
    trainer = budget_trainer(deadline)(plans=plans, configuration=CONFIG, fold='all', dataset_json=json.loads((pre/'dataset.json').read_text()), device=torch.device('cpu'))
    if iters: trainer.num_iterations_per_epoch, trainer.num_val_iterations_per_epoch = iters, max(1, iters//5)
    trainer.run_training()
    cm = trainer.configuration_manager
    return dict(plan_s=t_plan, train_s=time.time() - t0 - t_plan, epochs=trainer.current_epoch, iterations=trainer.iterations,
                trainer='nnUNetTrainer, poly schedule over the iterations that fit, stopped at the deadline',
                patch=list(cm.patch_size), batch=cm.batch_size, params=sum(p.numel() for p in trainer.network.parameters())), trainer

def predict_nnunet(trainer, data:Path, names:list[str], out:Path)->Path:
    "nnU-Net's own predictor (its defaults: mirroring, Gaussian sliding window) with `trainer`'s final weights on the test cases `names`; returns the folder of predictions."
    from nnunetv2.inference.predict_from_raw_data import nnUNetPredictor
    pred = out/'pred'; pred.mkdir(parents=True, exist_ok=True)
    p = nnUNetPredictor(perform_everything_on_device=False, device=torch.device('cpu'), allow_tqdm=False)
    trainer.set_deep_supervision_enabled(False)   # as nnU-Net's own final validation does
    p.manual_initialization(trainer.network, trainer.plans_manager, trainer.configuration_manager, [trainer.network.state_dict()], trainer.dataset_json,
                            type(trainer).__name__, trainer.inference_allowed_mirroring_axes)
    p.predict_from_files([[str(data/'imagesTr'/f'{n}.nii.gz')] for n in names], [str(pred/n) for n in names],
                         num_processes_preprocessing=1, num_processes_segmentation_export=1)
    return pred

def score(pred:Path, data:Path, names:list[str])->list[dict]:
    "Per-case Dice and HD95 of the predictions in `pred` against the labels of `data` (`rnas_nb.metrics`, original grid)."
    ds = MSDDataset(data); classes = [ds.labels[k] for k in sorted(ds.labels) if k]
    rows = []
    for n in names:
        y, img = nib.load(data/'labelsTr'/f'{n}.nii.gz'), nib.load(pred/f'{n}.nii.gz')
        p, t = np.asarray(img.dataobj).astype(np.int64), np.asarray(y.dataobj).astype(np.int64)
        if p.shape != t.shape or not np.allclose(img.affine, y.affine, atol=1e-4): raise SystemExit(f"{pred/n}.nii.gz: geometry differs from the label's")
        rows.append(dict(case=n, **dict(zip(classes, dice_per_class(torch.as_tensor(p), torch.as_tensor(t), len(classes)+1))),
                         **dict(zip([f'{c} HD95' for c in classes], hd95_per_class(p, t, len(classes)+1, y.header.get_zooms()[:3])))))
    return rows

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='../shared/data/Task04_Hippocampus', help='the MSD Hippocampus task folder')
    p.add_argument('--out', default='runs/nnunet_peer', help='work folder (nnU-Net raw, preprocessed, results, predictions)')
    p.add_argument('--results', default='benchmarks/results/nnunet_peer', help='where the row (nnunet.json) is written')
    p.add_argument('--minutes', type=float, default=60, help='wall-clock budget of planning, preprocessing and training')
    p.add_argument('--threads', type=int, default=1, help='torch threads (and preprocessing processes)')
    p.add_argument('--da_procs', type=int, default=0, help='nnU-Net augmentation worker processes (0: in the training process)')
    p.add_argument('--flops_patch', default=None, help="X,Y,Z: the patch GFLOPs are counted on (default: nnU-Net's own)")
    p.add_argument('--n_test', type=int, default=None, help='test only the first N held-out cases')
    p.add_argument('--iters', type=int, default=None, help="training iterations an epoch (default nnU-Net's 250; validation a fifth)")
    p.add_argument('--quick', action='store_true', help='3 minutes, 10-iteration epochs, 8 test cases, in OUT_quick: checks the pipeline; numbers meaningless')
    a = p.parse_args()
    data, out, res = Path(a.data), Path(a.out), Path(a.results)
    if not (data/'dataset.json').is_file(): sys.exit(f"no MSD task at {data} (dataset.json missing): pass --data")
    if a.quick: out, res, a.minutes, a.iters, a.n_test = out.with_name(out.name + '_quick'), out.with_name(out.name + '_quick')/'results', 3, 10, 8
    fold = fold0(data); test, minutes = fold['val'][:a.n_test], a.minutes
    res.mkdir(parents=True, exist_ok=True)
    print(f"nnU-Net {CONFIG}: {len(fold['train'])} training cases, {minutes:g} min, {a.threads} thread(s); {len(test)} test cases", flush=True)
    run, trainer = train_nnunet(data, fold['train'], out, minutes, a.threads, a.da_procs, a.iters)
    print(f"planned in {run['plan_s']/60:.1f} min, trained {run['iterations']} iterations ({run['epochs']} epochs, the last maybe partial) in {run['train_s']/60:.1f} min; predicting", flush=True)
    t0 = time.time(); rows = score(predict_nnunet(trainer, data, test, out), data, test)
    mean = {k: float(np.mean([r[k] for r in rows])) for k in rows[0] if k != 'case'}
    dice = float(np.mean([v for k, v in mean.items() if not k.endswith('HD95')]))
    patch = [int(v) for v in a.flops_patch.split(',')] if a.flops_patch else run['patch']
    run['gflops'], run['flops_patch'] = gflops(trainer.network, patch), patch   # deep supervision off since prediction
    row = dict(model=f'nnunet_{CONFIG}', dice=dice, **mean, predict_s=time.time()-t0, **run, minutes=minutes, cases=rows,
               provenance=provenance(), nnunetv2=version('nnunetv2'))
    (res/'nnunet.json').write_text(json.dumps(row, indent=1))
    print(f"nnU-Net {CONFIG}: mean Dice {dice:.3f} " + ', '.join(f"{k} {v:.3f}" for k, v in mean.items()) + f" ({run['epochs']} epochs); {res/'nnunet.json'}")

if __name__ == '__main__': main()
