#!/usr/bin/env bash
# The `loom` command refuses bad input with exit code 2 and a message that
# names file, line, key and the allowed range, and writes no results file.
set -u
loom=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

expect() {  # expect NAME EXIT_CODE PATTERN -- COMMAND...
  local name=$1 code=$2 pattern=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [[ $got -ne $code ]] || ! grep -qF -- "$pattern" "$work/err"; then
    echo "FAIL $name: exit $got (want $code); stderr:"; cat "$work/err"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

printf '[scenario]\nname = "typo"\n[leadership]\nsocialisation_presure = 0.2\n' >"$work/typo.toml"
expect "unknown key" 2 "typo.toml:4: unknown key 'leadership.socialisation_presure'; did you mean 'socialisation_pressure'?" \
  -- "$loom" run "$work/typo.toml" -o "$work/typo.h5"

printf '[turnover]\nteacher_exit_rate = 1.6\n' >"$work/range.toml"
expect "out of range" 2 "range.toml:2: 'turnover.teacher_exit_rate' = 1.6 is out of range: allowed 0 to 0.99 (share per year)" \
  -- "$loom" run "$work/range.toml" -o "$work/range.h5"

printf '[scenario]\nmodel = "schol"\n' >"$work/model.toml"
expect "unknown model" 2 "model.toml:2: scenario.model: unknown model 'schol'" -- "$loom" run "$work/model.toml" -o "$work/model.h5"

printf '[students]\ndivergent_dimensions = 40\n' >"$work/combo.toml"
expect "combined check" 2 "combo.toml:2: students.divergent_dimensions (40) cannot exceed school.dimensions (30)" \
  -- "$loom" run "$work/combo.toml" -o "$work/combo.h5"

printf '[school]\nyears = 3\n' >"$work/years.toml"
expect "combined check from --set" 2 "--set succession.forced_exit_year=4: succession.forced_exit_year (4) cannot exceed school.years (3)" \
  -- "$loom" run "$work/years.toml" --set succession.forced_exit_year=4 -o "$work/years.h5"

printf '[scenario]\nname = "orphan"\nbase = "missing.toml"\n' >"$work/orphan.toml"
expect "too many initiatives" 2 "at most 32 are supported" \
  -- "$loom" run "$2/scenarios/overload.toml" --set school.years=20 -r 1 -o "$work/many.h5"
expect "missing base" 2 "orphan.toml:3: scenario.base: no scenario file 'missing.toml'" \
  -- "$loom" run "$work/orphan.toml" -o "$work/orphan.h5"

expect "bad --set" 2 "--set leadership.insider=2: unknown key 'leadership.insider'; did you mean 'leadership.insiders'?" \
  -- "$loom" run "$2/scenarios/top-down.toml" --set leadership.insider=2 -o "$work/set.h5"

# Hardening: seeds are unsigned 64-bit, limits are checked before parsing.
for seed in -1 18446744073709551616 0x1ffffffffffffffff 1e3; do
  expect "seed $seed" 2 "--seed: '$seed' is not a seed: use a whole number from 0 to 18446744073709551615" \
    -- "$loom" run "$2/scenarios/top-down.toml" -s "$seed" -r 1 -o "$work/seed.h5"
done
expect "march seed -1" 2 "--seed: '-1' is not a seed" -- "$loom" march -s -1 -n 1 -o "$work/m.h5"

printf '[scenario]\nseed = 0xffffffffffffffff\n' >"$work/seed.toml"
expect "seed above 2^63-1 as a TOML integer" 2 "seed.toml:2: 'scenario.seed' = 0xffffffffffffffff is outside the range of a TOML integer" \
  -- "$loom" run "$work/seed.toml" -o "$work/seed.h5"

{ printf 'a = '; printf '[%.0s' {1..6000}; printf ']%.0s' {1..6000}; echo; } >"$work/deep.toml"
expect "nesting 6000 deep" 2 "deep.toml:1: values nested more than 64 levels deep" \
  -- "$loom" run "$work/deep.toml" -o "$work/deep.h5"

{ printf '['; printf 'a.%.0s' {1..100000}; echo 'a]'; } >"$work/dotted.toml"
expect "100000 dotted parts" 2 "dotted.toml:1: a key with 100001 dotted parts; at most 16" \
  -- timeout 20 "$loom" run "$work/dotted.toml" -o "$work/dotted.h5"

expect "missing file" 2 "File does not exist" -- "$loom" run "$work/nope.toml"
expect "bad range" 2 "is outside 0 to 1" -- "$loom" march --p1 0.1,1.5 -n 1 -o "$work/m.h5"

# A network read from files: a bad row names the file and line, and the key.
printf 'source,target\n0,1\n1,7\n' >"$work/ties.csv"
printf '[scenario]\nmodel = "network"\n[network]\nschools = 4\ntopology = "file"\nedges_file = "ties.csv"\n' >"$work/net.toml"
expect "edge list with an unknown school" 2 "net.toml:6: network.edges_file: $work/ties.csv:3: unknown school id '7'" \
  -- "$loom" run "$work/net.toml" -r 1 -o "$work/net.h5"
printf '[sweep]\nbase = "net.toml"\ndesign = "grid"\n[factors]\n"network.edges_file" = { levels = ["a.csv"] }\n' >"$work/sweep.toml"
expect "a file cannot be swept" 2 "is a file path: a file cannot be swept" \
  -- "$loom" sweep "$work/sweep.toml" -o "$work/sweep.h5"

if ls "$work"/*.h5 >/dev/null 2>&1; then
  echo "FAIL: a results file was written for bad input"; failures=$((failures + 1))
fi
echo "$failures failure(s)"
[[ $failures -eq 0 ]]
