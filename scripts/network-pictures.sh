#!/usr/bin/env bash
# Remakes the pictures of docs/networks.md (the county walk-through) from the
# current model: the county's comparison with `loom compare --variant`, then
# the Network of schools tab drawn with `loom-viewer --screenshot` (headless:
# xvfb-run when there is no display). After a build:
#
#   cmake --build --preset release --target loom loom-viewer
#   scripts/network-pictures.sh            # pictures in docs/images/networks/
#
# Results files go to out/networks/ (not part of the repository).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/picture-tools.sh
picture_tools network-pictures

results=out/networks
images=docs/images/networks
mkdir -p "$results" "$images"
# As in docs/networks.md, section 3.
"$loom" compare network/county/county \
  --variant "grant ends y3: hub.funding_ends_year=3" \
  --variant "our pilots, grant ends y3: hub.funding_ends_year=3, seeding.strategy=named, seeding.named=MAPLE-2,MAPLE-1,MAPLE-5" \
  -o "$results/county.h5" -q --format none
# The pilots' run 0 in its first year (who has taken the practice up by
# then), and at the end with the weeks after the grant shaded.
"${draw[@]}" --screenshot "$images/county-pilots-year1.png" --size 1400x900 --tab schools \
  --scenario our-pilots-grant-ends-y3 --run 0 --week 12 "$results/county.h5" >/dev/null
"${draw[@]}" --screenshot "$images/county-grant-ends.png" --size 1400x900 --tab schools \
  --scenario grant-ends-y3 --run 0 --week 143 "$results/county.h5" >/dev/null
echo "network-pictures: wrote $images/county-pilots-year1.png and county-grant-ends.png"
