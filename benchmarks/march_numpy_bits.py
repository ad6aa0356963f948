#!/usr/bin/python3
"""March (1991) in bit-packed, batched NumPy: the strongest Python reference.

The same model as models/march/march_model.cpp and benchmarks/march_numpy.py
(n people, m <= 32 dimensions, reality +-1, beliefs -1/0/+1 uniformly, code
all 0; act, socialise toward the code with probability p1 per differing
dimension, the code learns the superior group's strict majority with
probability 1 - (1-p2)^k), written the way Loom itself is, with arrays in
place of loops:

- a belief is two uint32 masks per person (`known`, `positive`), reality and
  the code one or two per replicate: scores are popcounts (SWAR, since NumPy
  1.24 has no popcount ufunc);
- coin flips are one random uint32 per person;
- the p1 trials of a period are bit-sliced: a uint32 whose bits are each 1
  with probability p1 is built from 16 random words and p1's 16-bit binary
  expansion (r | mask for a 1 bit, r & mask for a 0, least significant bit
  first), so 32 trials cost 16 words instead of 32 floats (p1 resolution
  2^-16, as good as the 0.1 steps of the grid need);
- the superior group's per-dimension counts come from unpacking only the
  actions of replicates that have a superior person;
- the "code is final" shortcut of Loom: once the code has no 0 and every
  belief that differs from it does so where the code is right, no one can
  beat the code again, so the replicate is finished at once: its knowledge
  is fixed and the periods until every belief reaches the code are drawn as
  geometric times (two for an opposite belief), the law of simulating them.

    /usr/bin/python3 benchmarks/march_numpy_bits.py --p1 0.1:0.9:0.1 --p2 0.5 -n 2000

prints one CSV line per cell (p1, p2, runs, mean code knowledge, its SE, mean
periods) and a summary line with runs/s and the CPU seconds of the grid.
"""
import sys
from pathlib import Path

import numpy as np

U32 = np.uint32
BITS = 16  # binary digits of p1 used by the bit-sliced trials


def popcount32(x):
    """Set bits of each uint32 (SWAR)."""
    x = x - ((x >> U32(1)) & U32(0x55555555))
    x = (x & U32(0x33333333)) + ((x >> U32(2)) & U32(0x33333333))
    x = (x + (x >> U32(4))) & U32(0x0F0F0F0F)
    return ((x * U32(0x01010101)) >> U32(24)).astype(np.int16)


def random_u32(rng, shape):
    return rng.integers(0, 1 << 32, size=shape, dtype=U32)


def bernoulli_bits(rng, p_bits, shape):
    """uint32 words whose bits are independently 1 with probability
    sum(p_bits[j] 2^-(j+1)); p_bits has one row of BITS digits per replicate."""
    mask = np.zeros(shape, dtype=U32)
    for j in range(BITS - 1, -1, -1):  # least significant digit first
        r = random_u32(rng, shape)
        mask = np.where(p_bits[:, j][:, None], r | mask, r & mask)
    return mask


def run_batch(p1, p2, n=50, m=30, max_periods=100000, rng=None):
    """Runs len(p1) replicates to equilibrium; returns (final code knowledge,
    periods run) per replicate."""
    assert m <= 32
    rng = np.random.default_rng() if rng is None else rng
    p1 = np.asarray(p1, dtype=np.float64)
    p2 = np.asarray(p2, dtype=np.float64)
    runs = p1.size
    all_dims = U32((1 << m) - 1) if m < 32 else U32(0xFFFFFFFF)
    q = np.round(p1 * (1 << BITS)).astype(np.int64)
    p1_bits = ((q[:, None] >> (BITS - 1 - np.arange(BITS))[None, :]) & 1).astype(bool)
    p1_q = q / float(1 << BITS)
    change = 1.0 - (1.0 - p2)[:, None] ** np.arange(n + 1)[None, :]

    reality = random_u32(rng, runs) & all_dims
    v = rng.integers(0, 3, size=(runs, n, m), dtype=np.int8)  # 0: -1, 1: 0, 2: +1
    weights = (U32(1) << np.arange(m, dtype=U32))
    known = ((v != 1) * weights).sum(axis=2, dtype=U32)
    positive = ((v == 2) * weights).sum(axis=2, dtype=U32)
    code_known = np.zeros(runs, dtype=U32)
    code_positive = np.zeros(runs, dtype=U32)

    knowledge = np.zeros(runs)
    periods = np.zeros(runs, dtype=np.int64)
    alive = np.arange(runs)
    shifts = np.arange(m, dtype=U32)

    for period in range(1, max_periods + 1):
        r = alive.size
        ck, cp, re = code_known[:, None], code_positive[:, None], reality[:, None]
        # 1. Act and score.
        coins = random_u32(rng, (r, n))
        action = (positive & known) | (coins & ~known)
        act_score = m - 2 * popcount32((action ^ re) & all_dims)
        code_score = popcount32(code_known) - 2 * popcount32(code_known & (code_positive ^ reality))
        superior = act_score > code_score[:, None]
        # 2. Socialise toward the code as it stood at the start of the period.
        differ = ck & (~known | (positive ^ cp))
        moved = differ & bernoulli_bits(rng, p1_bits[alive], (r, n))
        doubt = moved & known
        adopt = moved & ~known
        known = (known & ~doubt) | adopt
        positive = (positive & ~doubt) | (cp & adopt)
        # 3. The code learns the superior group's strict majority.
        rows = np.flatnonzero(superior.any(axis=1))
        if rows.size:
            sup = superior[rows]
            ones = ((action[rows][:, :, None] >> shifts) & U32(1)).astype(np.int16)
            ones = np.einsum("rnm,rn->rm", ones, sup.astype(np.int16))
            margin = 2 * ones - sup.sum(axis=1, dtype=np.int16)[:, None]
            code_val = np.where((code_known[rows][:, None] >> shifts) & U32(1),
                                np.where((code_positive[rows][:, None] >> shifts) & U32(1), 1, -1),
                                0)
            majority = np.sign(margin)
            cand = np.flatnonzero((margin != 0) & (code_val != majority))
            if cand.size:
                crow = cand // m
                k = np.abs(margin.reshape(-1)[cand])
                hit = rng.random(cand.size) < change[alive[rows[crow]], k]
                row, dim = rows[crow[hit]], (cand[hit] % m).astype(U32)
                bit = U32(1) << dim
                plus = majority.reshape(-1)[cand[hit]] > 0
                # A replicate can change several dimensions at once: ufunc.at
                # applies every change (fancy-index assignment keeps only one).
                np.bitwise_or.at(code_known, row, bit)
                np.bitwise_or.at(code_positive, row[plus], bit[plus])
                np.bitwise_and.at(code_positive, row[~plus], ~bit[~plus])
        # 4. Final code: no 0, and every differing belief differs where the
        # code is right.
        full = code_known == all_dims
        code_wrong = (code_positive ^ reality) & all_dims
        blocked = ((~known | (positive ^ code_positive[:, None])) & code_wrong[:, None]).any(axis=1)
        done = np.flatnonzero(full & ~blocked & (p1_q[alive] > 0))
        if period == max_periods:
            done = np.arange(r)
        if done.size:
            ids = alive[done]
            kc = popcount32(code_known[done]) - 2 * popcount32(
                code_known[done] & (code_positive[done] ^ reality[done]))
            knowledge[ids] = kc / m
            # Periods until every belief reaches the code: geometric times.
            dk, dp, dc = known[done], positive[done], code_positive[done][:, None]
            one_step = popcount32(~dk & all_dims).sum(axis=1)
            two_step = popcount32(dk & (dp ^ dc) & all_dims).sum(axis=1)
            steps = one_step + 2 * two_step.astype(np.int64)
            longest = np.zeros(done.size, dtype=np.int64)
            if steps.sum():
                p = np.repeat(p1_q[ids], one_step + two_step)
                owner = np.repeat(np.arange(done.size), one_step + two_step)
                t = rng.geometric(p)
                # an opposite belief takes two successes (doubt, then adopt)
                opposite = np.concatenate([np.r_[np.zeros(a, bool), np.ones(b, bool)]
                                           for a, b in zip(one_step, two_step)])
                t[opposite] += rng.geometric(p[opposite])
                np.maximum.at(longest, owner, t)
            periods[ids] = period + longest
            keep = np.ones(r, dtype=bool)
            keep[done] = False
            alive = alive[keep]
            if alive.size == 0:
                break
            known, positive = known[keep], positive[keep]
            code_known, code_positive, reality = code_known[keep], code_positive[keep], reality[keep]
    return knowledge, periods


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import march_numpy  # the grid driver (arguments, batches, output) is shared

    march_numpy.main(batch_runner=run_batch, description=__doc__.split("\n")[0])
