#!/usr/bin/env python3
"""Generated documents are what the code generates.

- docs/parameters.md is exactly `loom params --markdown`.
- The reports made by running Loom (docs/validation/school.md,
  docs/validation/network.md, docs/sensitivity.md) record a fingerprint of
  the model and of their generator's code (scripts/loomtools/fingerprint.py);
  it must match the code as it is, else the report describes a model that
  no longer exists and must be regenerated with the command printed.

    generated_docs_test.py LOOM SOURCE_DIR
"""
import subprocess
import sys
from pathlib import Path

loom, source = sys.argv[1], Path(sys.argv[2]).resolve()
sys.path.insert(0, str(source / "scripts"))
from loomtools import fingerprint  # noqa: E402

failures = 0
params = subprocess.run([loom, "params", "--markdown"], capture_output=True, text=True,
                        check=True).stdout
if (source / "docs/parameters.md").read_text() != params:
    print("FAIL docs/parameters.md is not what `loom params --markdown` prints; regenerate: "
          "loom params --markdown > docs/parameters.md")
    failures += 1
else:
    print("ok   docs/parameters.md is `loom params --markdown`")

for document, (_, _, command) in fingerprint.GENERATED.items():
    recorded = fingerprint.recorded(document)
    now = fingerprint.fingerprint(loom, document)
    if recorded != now:
        print(f"FAIL {document}: recorded fingerprint {recorded}, the code gives {now}; "
              f"regenerate: {command}")
        failures += 1
    else:
        print(f"ok   {document}: fingerprint {now} matches the code")
sys.exit(1 if failures else 0)
