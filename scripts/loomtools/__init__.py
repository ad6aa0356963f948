"""Tools behind Loom's validation reports (scripts/validate.py and
scripts/validate_network.py, which are thin entry points over this package).
`runner` runs the `loom` command line into a temporary directory and reads
the HDF5 results back (`Loom`, `Result`); `stats` holds the intervals, the
bootstrap, the chi-square tail and the number formatting used in the
tables; `svg` draws the figures; `report` holds what both reports share
(verdict wording, markdown tables, the provenance header, and writing the
parts and the docs/validation.md index); `school` has one module per
section a-l of the school model's report (docs/validation/school.md) and
`network` one per section a-d of the network report
(docs/validation/network.md)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FIGURES = DOCS / "validation"
