#!/usr/bin/env python
"""The search, on real data, against its controls: ENAS vs random search on MSD Hippocampus (fold 0 of the saved
5-fold split), the found network evaluated three ways (shared weights as-is, fine-tuned, retrained from scratch),
and MONAI's BasicUNet and DynUNet (nnU-Net's network) trained the same way. CPU-sized: every number is measured here.

    python benchmarks/hippocampus_search.py              # the whole protocol (about 60 min on 2 idle CPU cores)
    python benchmarks/hippocampus_search.py --quick      # a few minutes: checks the pipeline, numbers meaningless

Work (resumable: every stage skips what is done) goes to runs/hippocampus_search/; the table, the figures and a
compact copy of the ENAS search log (what the docs plot) go to benchmarks/results/hippocampus_search/.
Needs the `bench` extra (MONAI) for the two baselines."""
import argparse, dataclasses, json, time
from pathlib import Path
import numpy as np, torch
from torch.utils.flop_counter import FlopCounterMode
from monai.networks.nets import BasicUNet, DynUNet
from rnas_nb.core import set_seed, default_device
from rnas_nb.data import MSDDataset
from rnas_nb.preprocess import PreprocessedDataset
from rnas_nb.fingerprint import fingerprint
from rnas_nb.sampling import kfold_split, save_split, load_split, PatchSampler, whole_volume_batch
from rnas_nb.space import SearchSpace, Arch
from rnas_nb.search import SearchConfig, search
from rnas_nb.derive import derive, save_child
from rnas_nb.train import TrainConfig, train, make_optimizer, lr_factor
from rnas_nb.metrics import deep_supervision_loss, dice_per_class, infer, case_dice
from rnas_nb.checkpoint import load_network, read_jsonl
from rnas_nb.cv import fold_cases

def stage(path:Path, fn):
    "The JSON result of a stage, computed by `fn` once and kept in `path`."
    if not path.exists(): path.write_text(json.dumps(fn(), indent=1))
    return json.loads(path.read_text())

def flops(net:torch.nn.Module, patch, in_ch=1)->float:
    "FLOPs (multiply and add counted apart, PyTorch's counter) of one forward pass on one patch."
    net.eval()
    with torch.no_grad(), FlopCounterMode(display=False) as fc: net(torch.zeros(1, in_ch, *patch))
    return float(fc.get_total_flops())

def n_params(net)->int: return sum(p.numel() for p in net.parameters())

def search_and_derive(strategy, space, tr, va, out:Path, cfg:SearchConfig, k:int)->dict:
    "Search with `strategy`, derive the best of the argmax and `k` samples on the whole validation split; save it."
    run = out/strategy
    s = search(space, tr, va, run, dataclasses.replace(cfg, strategy=strategy))
    t0 = time.time()
    cands = derive(s.net, s.strategy, va, k)
    save_child(s.net, cands[0]['arch'], run/'child', dice=cands[0]['dice'], source=cands[0]['source'])
    return dict(search_s=sum(r['wall_s'] for r in read_jsonl(run/'search.jsonl') if r['phase'] == 'epoch'),
                derive_s=time.time()-t0, candidates=[dict(c, arch=c['arch'].to_json()) for c in cands])

class Peer(torch.nn.Module):
    "A MONAI network trained like a child: a list of logits (deep supervision) in training, full-size logits in eval."
    def __init__(self, net, deep:bool=False):
        super().__init__(); self.net, self.deep = net, deep
    def forward(self, x):
        y = self.net(x)
        if not self.training: return y
        return list(y.unbind(1)) if self.deep else [y]

def peer_dice(net, cases, stride, device)->np.ndarray:
    "Dice per case and foreground class of a peer on whole `cases` (as `case_dice` does for children)."
    net.eval(); out = []
    for c in cases:
        x, _ = whole_volume_batch([c], stride)
        pred = infer(net, x, device).argmax(1)[0, :c.shape[0], :c.shape[1], :c.shape[2]]
        out.append(dice_per_class(pred, torch.as_tensor(c.label), 3))
    return np.array(out)

def train_peer(net, patch, stride, tr, va, cfg:TrainConfig)->dict:
    "Train a peer with the same sampler, loss, optimiser and schedule as `rnas_nb.train`; Dice of the last epoch."
    dev = default_device(cfg.device); set_seed(cfg.seed); net = net.to(dev)
    sampler = PatchSampler(tr, patch, cfg.batch_size, cfg.fg_share, cfg.flips, cfg.seed, cfg.batches_per_epoch)
    opt, t0 = make_optimizer(net.parameters(), cfg), time.time()
    for epoch in range(cfg.n_epochs):
        for g in opt.param_groups: g['lr'] = cfg.lr*lr_factor(cfg.schedule, epoch, cfg.n_epochs, cfg.poly_exp)
        net.train(); losses = []
        for x, y in sampler:
            loss = deep_supervision_loss(net(x.to(dev)), y.to(dev))
            opt.zero_grad(set_to_none=True); loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip); opt.step(); losses.append(loss.item())
        print(f"  epoch {epoch}: loss {np.mean(losses):.3f}", flush=True)
    d = peer_dice(net, va, stride, dev)
    return dict(dice_per_class=d.mean(0).tolist(), train_s=time.time()-t0)

def train_child(arch, tr, va, run, net_kwargs, cfg, init)->dict:
    "Train a child with `rnas_nb.train`; Dice of the last epoch (validated only then)."
    t0 = time.time()
    t = train(arch, tr, va, run, net_kwargs, cfg, init)
    return dict(dice_per_class=t.history[-1]['dice_per_class'], train_s=sum(h['wall_s'] for h in t.history) if t.history else time.time()-t0)

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default='../shared/data/Task04_Hippocampus')
    p.add_argument('--out', default='runs/hippocampus_search')
    p.add_argument('--results', default='benchmarks/results/hippocampus_search')
    p.add_argument('--quick', action='store_true', help='tiny budget: checks the pipeline only')
    a = p.parse_args()
    out, res = Path(a.out), Path(a.results); out.mkdir(parents=True, exist_ok=True); res.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    ds = MSDDataset(a.data); pds = PreprocessedDataset(ds, out/'cache')
    if not (out/'split.json').exists(): save_split(kfold_split(pds.case_names, 5, 0), out/'split.json')
    tr, va = fold_cases(pds, load_split(out/'split.json')[0])
    # the paper's macro space with U-Net-like cells of 2 convs (BasicUNet has 2 per level), 8 channels at the top: CPU-sized
    space = SearchSpace.from_fingerprint(fingerprint(pds), 'ronasmis', base_ch=8, n_nodes=2)
    # the search budget: what fits in about 20-30 minutes per strategy on 2 cores. ENAS's controller lr (3.5e-4) is
    # meant for ~10^5 updates; with 128 updates (8 epochs x 16 children) it would barely move, so 1e-2 here.
    # Children are scored on the first 8 validation cases (the same for all); derive scores on all of them.
    scfg = SearchConfig(n_epochs=2 if a.quick else 8, child_epochs=1, n_children=3 if a.quick else 16, reward_cases=8,
                        ctrl_lr=1e-2, seed=0, progress=False)
    k = 2 if a.quick else 8
    tcfg = TrainConfig(n_epochs=2 if a.quick else 10, batches_per_epoch=10 if a.quick else 40, seed=0, progress=False)
    tcfg = dataclasses.replace(tcfg, val_every=tcfg.n_epochs)
    print(space, '\n', scfg, '\n', tcfg, flush=True)
    found = {s: stage(out/f'{s}.json', lambda s=s: search_and_derive(s, space, tr, va, out, scfg, k)) for s in ('enas', 'random')}
    rows = []
    for s in ('enas', 'random'):
        child = load_network(out/s/'child')[0]; arch, cost = child.arch, found[s]['search_s'] + found[s]['derive_s']
        shared = stage(out/f'{s}_shared.json', lambda: dict(dice_per_class=case_dice(child, va, 'cpu').mean(0).tolist(), train_s=0.))
        ways = [('shared weights', shared), ('fine-tuned', stage(out/f'{s}_finetune.json', lambda: train_child(
            arch, tr, va, out/'train'/f'{s}_finetune', space.net_kwargs, tcfg, child.state_dict())))]
        if s == 'enas': ways.append(('from scratch', stage(out/f'{s}_scratch.json', lambda: train_child(
            arch, tr, va, out/'train'/f'{s}_scratch', space.net_kwargs, tcfg, None))))
        for way, r in ways:
            rows.append(dict(model=f"{s} search, {way}", params=n_params(child), gflops=flops(child, space.largest().patch)/1e9,
                             patch='x'.join(map(str, arch.patch)), dice=r['dice_per_class'], wall_s=cost + r['train_s']))
    patch, stride = space.largest().patch, (16, 16, 16)
    peers = dict(BasicUNet=lambda: Peer(BasicUNet(3, 1, 3, features=(16, 16, 32, 64, 128, 16))),
                 DynUNet=lambda: Peer(DynUNet(3, 1, 3, kernel_size=[3]*4, strides=[1, 2, 2, 2], upsample_kernel_size=[2]*3,
                                              filters=[16, 32, 64, 128], norm_name='instance', deep_supervision=True,
                                              deep_supr_num=2), deep=True))
    for name, make in peers.items():
        set_seed(0); net = make()
        r = stage(out/f'{name}.json', lambda: train_peer(net, patch, stride, tr, va, tcfg))
        rows.append(dict(model=f"MONAI {name}, from scratch", params=n_params(net), gflops=flops(make(), patch)/1e9,
                         patch='x'.join(map(str, patch)), dice=r['dice_per_class'], wall_s=r['train_s']))
    write_results(rows, found, out, res, space, scfg, tcfg)

def write_results(rows, found, out:Path, res:Path, space, scfg, tcfg):
    "The Markdown table, the compact ENAS log and the figures."
    from rnas_nb.viz import plot_rewards
    from rnas_nb.draw import draw_arch
    lines = ["| model | Dice anterior | Dice posterior | mean | params | GFLOPs/patch | patch | search+train s |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['dice'][0]:.3f} | {r['dice'][1]:.3f} | {np.mean(r['dice']):.3f} | {r['params']/1e6:.2f} M | "
                     f"{r['gflops']:.2f} | {r['patch']} | {r['wall_s']:.0f} |")
    head = (f"Fold 0 of the 5-fold split (seed 0): {len(load_split(out/'split.json')[0]['train'])} training, "
            f"{len(load_split(out/'split.json')[0]['val'])} validation cases. Whole-volume Dice on the validation cases, "
            f"last epoch (no checkpoint picking). Space: {space}.\nSearch: {scfg}\nTraining: {tcfg}\n"
            f"GFLOPs: one forward pass on the space's largest patch {'x'.join(map(str, space.largest().patch))}.\n")
    (res/'table.md').write_text(head + '\n' + '\n'.join(lines) + '\n')
    (res/'rows.json').write_text(json.dumps(rows, indent=1))
    (res/'space.json').write_text(json.dumps(space.config, indent=1))  # `SearchSpace(**config)` rebuilds it without the data
    for s in found:
        log = read_jsonl(out/s/'search.jsonl')
        keep = [{k: v for k, v in r.items() if k != 'arch' or r['phase'] != 'shared'} for r in log if r['phase'] != 'shared']
        shared = [dict(phase='shared', epoch=r['epoch'], step=r['step'], loss=round(r['loss'], 4), wall_s=round(r['wall_s'], 3)) for r in log if r['phase'] == 'shared']
        (res/f'search_{s}.jsonl').write_text(''.join(json.dumps(r) + '\n' for r in shared + keep))
        (res/f'derive_{s}.json').write_text(json.dumps(found[s], indent=1))
        plot_rewards(log).savefig(res/f'search_{s}.png', dpi=80, bbox_inches='tight')
    draw_arch(load_network(out/'enas'/'child')[0].arch).savefig(res/'found_arch.png', dpi=80, bbox_inches='tight')
    print('\n'.join(lines))

if __name__ == '__main__': main()
