"Start ranks of a process group from Python, as `torchrun` would: a helper of the tests, notebooks and benchmarks, not part of the package."
from __future__ import annotations
import os, queue, socket, time
from typing import Callable
import torch
import torch.multiprocessing as mp
from rnas_nb.core import DistributedError
from rnas_nb.distributed import cleanup_distributed, init_distributed


def free_port()->int:
    "A TCP port free on this machine, for rank 0 to listen on."
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def _run_rank(r:int, n:int, port:int, fn:Callable, args:tuple, results, timeout:float):
    "Rank `r` of `launch`: join the group, run `fn(*args)`, put `(rank, ok, result or error)` on `results`."
    os.environ.update(RANK=str(r), LOCAL_RANK=str(r), WORLD_SIZE=str(n), MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    torch.set_num_threads(1)
    try: init_distributed('cpu', timeout); results.put((r, True, fn(*args)))
    except Exception as e: results.put((r, False, f"{type(e).__name__}: {e}"))
    finally: cleanup_distributed()


def launch(fn:Callable, # run on every rank; returns something picklable
           n:int=2, # ranks (processes)
           args:tuple=(), # arguments of `fn`
           timeout:float=120. # seconds for the whole run, and for each collective
          )->list:
    "Run `fn(*args)` on `n` forked CPU processes forming a gloo group (what `torchrun` does); returns each rank's result."
    ctx, port, out = mp.get_context('fork'), free_port(), {}
    results = ctx.Queue()
    procs = [ctx.Process(target=_run_rank, args=(r, n, port, fn, args, results, timeout)) for r in range(n)]
    for p in procs: p.start()
    deadline = time.time() + timeout
    while len(out) < n and time.time() < deadline:
        try: r, ok, v = results.get(timeout=0.1); out[r] = (ok, v)
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty(): break
    for p in procs:
        if p.is_alive(): p.kill()
        p.join()
    fates = [f"rank {r}: " + (out[r][1] if r in out else f"exited with code {p.exitcode} without a result") for r, p in enumerate(procs) if not out.get(r, (0,))[0]]
    if fates: raise DistributedError('; '.join(fates))
    return [out[r][1] for r in range(n)]
