#!/usr/bin/python3
"""March (1991) as a Python user would write it: batched, vectorised NumPy.

The baseline `loom march` is compared with (benchmarks/march_vs_numpy.sh).
It runs the same model as models/march/march_model.cpp: n people, m dimensions,
reality +-1, beliefs -1/0/+1 uniformly, code all 0; each period everyone
acts (a coin flip where a belief is 0), socialises one step toward the code
where the code is non-zero and differs (probability p1 per dimension), and
the code learns from the people whose action scores beat the code's score
(per dimension, the strict majority action of that group replaces the code
with probability 1 - (1-p2)^k, k = majority minus minority). A run stops at
equilibrium: every belief equals the code and the code has no 0 (then no
one can change or outperform it).

All replicates of all grid cells run at once as arrays (replicates x people
x dims, int8). Finished replicates are dropped from the arrays, so late
periods cost only what is still running. Random numbers come in bulk:
packed bits for the coin flips, and Bernoulli draws only for the entries
that can change (the belief-code differences and the code candidates).

    /usr/bin/python3 benchmarks/march_numpy.py --p1 0.1:0.9:0.1 --p2 0.5 -n 2000

prints one CSV line per cell (p1, p2, runs, mean code knowledge, its SE,
mean periods) and a summary `runs/s` line.
"""
import argparse
import sys
import time

import numpy as np


def parse_values(text):
    if ":" in text:
        start, stop, step = (float(x) for x in text.split(":"))
        count = int(np.floor((stop - start) / step + 1e-9)) + 1
        return [round(start + i * step, 12) for i in range(count)]
    return [float(x) for x in text.split(",")]


def run_batch(p1, p2, n=50, m=30, max_periods=100000, rng=None):
    """Runs len(p1) replicates to equilibrium; p1, p2 are per-replicate
    arrays. Returns (final code knowledge, periods run) per replicate."""
    rng = np.random.default_rng() if rng is None else rng
    p1 = np.asarray(p1, dtype=np.float64)
    p2 = np.asarray(p2, dtype=np.float64)
    runs = p1.size
    # Chance the code changes for margin k = 0..n, per replicate: 1-(1-p2)^k.
    change = 1.0 - (1.0 - p2)[:, None] ** np.arange(n + 1)[None, :]

    reality = (rng.integers(0, 2, size=(runs, m), dtype=np.int8) * 2 - 1).astype(np.int8)
    beliefs = (rng.integers(0, 3, size=(runs, n, m), dtype=np.int8) - 1).astype(np.int8)
    code = np.zeros((runs, m), dtype=np.int8)

    knowledge = np.zeros(runs)
    periods = np.zeros(runs, dtype=np.int64)
    alive = np.arange(runs)  # original replicate index of each row still running
    coin_bytes = (n * m + 7) // 8
    # Sums in int8 where they cannot overflow (einsum is ~2x faster than in int16).
    score_type = np.int8 if m <= 127 else np.int16
    margin_type = np.int8 if n <= 127 else np.int16

    for period in range(1, max_periods + 1):
        r = alive.size
        # 1. Act: the belief, or a +-1 coin flip where the belief is 0.
        bits = np.unpackbits(
            np.frombuffer(rng.bytes(r * coin_bytes), dtype=np.uint8).reshape(r, coin_bytes),
            axis=1, count=n * m).reshape(r, n, m).view(np.int8)
        zero = beliefs == 0
        actions = beliefs + zero * (2 * bits - 1)  # int8
        # 2. Socialise toward the code as it stood at the start of the period.
        differ = (code != 0)[:, None, :] & (beliefs != code[:, None, :])
        idx = np.flatnonzero(differ)
        if idx.size:
            row = idx // (n * m)
            moved = idx[rng.random(idx.size) < p1[alive[row]]]
            flat_b = beliefs.reshape(-1)
            target = code.reshape(-1)[(moved // (n * m)) * m + moved % m]
            flat_b[moved] += np.sign(target - flat_b[moved])
        # 3. Code learning from the superior group (action score > code score).
        code_score = np.einsum("rm,rm->r", code, reality, dtype=np.int16)
        act_score = np.einsum("rnm,rm->rn", actions, reality, dtype=score_type)
        superior = (act_score > code_score[:, None]).astype(np.int8)
        margin = np.einsum("rnm,rn->rm", actions, superior, dtype=margin_type)
        majority = np.sign(margin).astype(np.int8)
        cand = np.flatnonzero((margin != 0) & (code != majority))
        if cand.size:
            crow = cand // m
            k = np.abs(margin.reshape(-1)[cand])
            hit = cand[rng.random(cand.size) < change[alive[crow], k]]
            code.reshape(-1)[hit] = majority.reshape(-1)[hit]
        # 4. Equilibrium: code has no 0 and every belief equals it.
        full = np.flatnonzero((code != 0).all(axis=1))
        if full.size:
            same = (beliefs[full] == code[full][:, None, :]).all(axis=(1, 2))
            done = full[same]
        else:
            done = full
        if done.size or period == max_periods:
            if period == max_periods:
                done = np.arange(r)
            ids = alive[done]
            knowledge[ids] = np.einsum("rm,rm->r", code[done], reality[done],
                                       dtype=np.int64) / m
            periods[ids] = period
            keep = np.ones(r, dtype=bool)
            keep[done] = False
            alive = alive[keep]
            if alive.size == 0:
                break
            beliefs = beliefs[keep]
            code = code[keep]
            reality = reality[keep]
    return knowledge, periods


def main(argv=None, batch_runner=None, description=None):
    """The grid driver; march_numpy_bits.py runs it with its own batch_runner."""
    batch_runner = batch_runner or run_batch
    ap = argparse.ArgumentParser(description=description or __doc__.split("\n")[0])
    ap.add_argument("--p1", default="0.1:0.9:0.1")
    ap.add_argument("--p2", default="0.5")
    ap.add_argument("-n", "--iterations", type=int, default=2000, help="runs per cell")
    ap.add_argument("--people", type=int, default=50)
    ap.add_argument("-m", "--dimensions", type=int, default=30)
    ap.add_argument("-s", "--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=2000,
                    help="replicates per batch (0 = the whole grid at once; 2000 was "
                    "fastest on the benchmark machine: 1000 and 4000 are ~15%% slower, "
                    "all 18000 at once ~35%% slower)")
    args = ap.parse_args(argv)
    p1s, p2s = parse_values(args.p1), parse_values(args.p2)
    cells = [(a, b) for a in p1s for b in p2s]
    p1 = np.repeat([c[0] for c in cells], args.iterations)
    p2 = np.repeat([c[1] for c in cells], args.iterations)
    rng = np.random.default_rng(args.seed)
    total = p1.size
    batch = args.batch if args.batch > 0 else total
    # Shuffle so every batch holds a mix of cells (long and short runs).
    order = rng.permutation(total)
    knowledge = np.empty(total)
    periods = np.empty(total, dtype=np.int64)
    start, cpu = time.perf_counter(), time.process_time()
    for b in range(0, total, batch):
        sel = order[b:b + batch]
        knowledge[sel], periods[sel] = batch_runner(p1[sel], p2[sel], args.people,
                                                    args.dimensions, rng=rng)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print("p1,p2,runs,knowledge,knowledge_se,periods_mean")
    for c, (a, b) in enumerate(cells):
        k = knowledge[c * args.iterations:(c + 1) * args.iterations]
        t = periods[c * args.iterations:(c + 1) * args.iterations]
        se = k.std(ddof=1) / np.sqrt(k.size) if k.size > 1 else 0.0
        print(f"{a:g},{b:g},{k.size},{k.mean():.5f},{se:.5f},{t.mean():.2f}")
    print(f"# numpy {np.__version__}: {total} runs in {seconds:.3f} s "
          f"({total / seconds:.0f} runs/s, 1 thread; cpu {cpu:.3f} s)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
