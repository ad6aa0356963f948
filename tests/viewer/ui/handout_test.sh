#!/usr/bin/env bash
# `loom-viewer --handout OUT.pdf FILES`: a one-page PDF that a real PDF
# reader (poppler's pdfinfo, pdftotext, pdftoppm) opens, with the sections a
# workshop takes home; made with no display; its path obeys the output rules
# (exit 3, file untouched); a measure the files lack is refused with the
# nearest name (exit 2).
set -u
viewer=$1
loom=$2
scenarios=$3/scenarios
source "${BASH_SOURCE%/*}/../../shell_test.sh"
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "ok   $*"; }

"$loom" compare "$scenarios/top-down.toml" "$scenarios/shared-leadership.toml" \
  --baseline "$scenarios/business-as-usual.toml" -r 6 -q -o cmp.h5 --format none || exit 1
if "$viewer" --handout handout.pdf cmp.h5 --runs 6 --threads 2 >out 2>err; then
  ok "handout written without a display: $(cat out)"
else
  fail "--handout exited $?: $(head -3 err)"
fi
if command -v pdftotext >/dev/null; then
  pages=$(pdfinfo handout.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')
  [[ $pages == 1 ]] && ok "one page" || fail "pdfinfo: pages '$pages'"
  pdftotext -layout handout.pdf text.txt 2>pdferr || fail "pdftotext failed: $(head -3 pdferr)"
  [[ -s pdferr ]] && fail "pdftotext complained: $(head -3 pdferr)"
  for want in "Shared leadership compared with Top-down" \
    "At the end of the run" "the interval excludes 0" "vs doing nothing new" \
    "What could change the conclusion" "trust.honest_report_safety" "Made by Loom from cmp.h5"; do
    grep -qF -- "$want" text.txt && ok "says: $want" || fail "the text lacks: $want"
  done
  pdftoppm -r 40 -png handout.pdf page 2>pdferr && [[ ! -s pdferr && -s page-1.png ]] &&
    ok "renders" || fail "pdftoppm: $(head -3 pdferr)"
else
  echo "note: poppler-utils missing (scripts/ensure-deps.sh test installs it); checking the header only"
  head -c 5 handout.pdf | grep -q '%PDF-' || fail "not a PDF"
fi

cp "$scenarios/top-down.toml" notes.toml
"$viewer" --handout notes.toml cmp.h5 >out 2>err
got=$?
[[ $got -eq 3 ]] && grep -qF "'notes.toml' exists and is not a PDF document" err &&
  cmp -s notes.toml "$scenarios/top-down.toml" && ok "refuses to replace a file that is not a PDF" ||
  fail "notes.toml: exit $got: $(head -2 err)"
"$viewer" --handout cmp.h5 cmp.h5 >out 2>err
[[ $? -eq 3 ]] && ok "refuses the file it reads" || fail "cmp.h5 as output: $(head -2 err)"
"$viewer" --handout m.pdf --measure outcome_men cmp.h5 >out 2>err
got=$?
[[ $got -eq 2 ]] && grep -qF "did you mean 'outcome_mean'" err && [[ ! -e m.pdf ]] &&
  ok "a bad --measure names the nearest" || fail "--measure outcome_men: exit $got: $(head -2 err)"
exit $((failures > 0))
