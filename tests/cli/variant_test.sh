#!/usr/bin/env bash
# `loom compare BASE --variant "NAME: key=value, ..."` (issue 22 item 6): a
# hub compares designs of one scenario without writing a file for each.
#   - each variant is a results group named after it, with its settings in
#     its stored scenario and its description;
#   - a variant gives the same datasets as `loom run --set` of its settings;
#   - a value may hold commas (a list of schools);
#   - bad variants exit 2 naming the option.
set -uo pipefail
loom=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
same="/usr/bin/python3 $src/tests/cli/same_datasets.py"
small=(--set network.schools=12 --set school.years=2 -r 2 -s 4 -q --format none)

"$loom" compare network/hub-and-spoke "${small[@]}" -o "$work/v.h5" \
  --variant "grant ends y1: hub.funding_ends_year=1" \
  --variant "Our pilots: seeding.strategy=named, seeding.named=S-3,S-7" || fail "compare with variants"
/usr/bin/python3 - "$work/v.h5" <<'PY' || fail "variant groups"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    order = [x.decode() for x in f["scenario_order"][()]]
    assert order == ["hub-and-spoke", "grant-ends-y1", "our-pilots"], order
    g = f["scenarios/our-pilots"]
    assert g.attrs["name"] in ("Our pilots", b"Our pilots"), g.attrs["name"]
    toml = g["scenario.toml"][()]
    toml = (toml[0] if hasattr(toml, "__len__") and not isinstance(toml, bytes) else toml)
    toml = toml.decode() if isinstance(toml, bytes) else str(toml)
    assert 'named = ["S-3", "S-7"]' in toml, toml
    seeds = f["scenarios/our-pilots/schools"][()]
    chosen = sorted({r["id"].decode() for r in seeds if r["seed"] == 1})
    assert chosen == ["S-3", "S-7"], chosen
PY
echo "ok   variants are groups with their names, settings and seeds"

"$loom" run network/hub-and-spoke "${small[@]}" --set hub.funding_ends_year=1 -o "$work/r.h5" || fail "run --set"
/usr/bin/python3 - "$work/v.h5" "$work/r.h5" <<'PY' || fail "variant differs from run --set"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as v, h5py.File(sys.argv[2]) as r:
    a = v["scenarios/grant-ends-y1/summary"][()]
    b = r["scenarios/hub-and-spoke/summary"][()]
    for name in a.dtype.names:
        assert np.array_equal(a[name], b[name], equal_nan=True), name
    assert np.array_equal(v["scenarios/grant-ends-y1/timeseries"][()],
                          r["scenarios/hub-and-spoke/timeseries"][()])
PY
echo "ok   a variant equals loom run --set of its settings"

err=$("$loom" compare top-down --variant "no colon here" -o "$work/x.h5" 2>&1); code=$?
[[ $code -eq 2 ]] && grep -q "no ':' after the name" <<<"$err" || fail "no colon: $code $err"
err=$("$loom" compare top-down --variant "x: capacity.initial_capacty=3" -o "$work/x.h5" 2>&1); code=$?
[[ $code -eq 2 ]] && grep -q -- "--variant \"x\": .*did you mean 'capacity.initial_capacity'" <<<"$err" ||
  fail "unknown key: $code $err"
err=$("$loom" compare top-down -o "$work/x.h5" 2>&1); code=$?
[[ $code -eq 2 ]] && grep -q "two or more scenarios" <<<"$err" || fail "one scenario: $code $err"
echo "ok   bad variants exit 2 naming the option"
