"""What the Python end-to-end tests of tests/cli share: one "ok"/"FAIL"
line per check, the failures counted for the exit code, and running loom
with an expected exit code.

    from checks import Checks, run_loom
    check = Checks()
    check(value == 3, f"value is 3 ({value})")
    r = run_loom(LOOM, "schools", path, "--format", "json")
    check.finish()          # exit 1 when any check failed
"""
import subprocess
import sys


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.failures.append(what)

    def finish(self):
        if self.failures:
            print(f"\n{len(self.failures)} check(s) failed")
            sys.exit(1)
        print("\nall checks passed")


def run_loom(loom, *args, code=0):
    """Runs loom; stops the test (with its stderr) when the exit code is not `code`."""
    r = subprocess.run([loom, *map(str, args)], capture_output=True, text=True)
    if r.returncode != code:
        raise SystemExit(f"loom {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}")
    return r
