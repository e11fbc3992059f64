"""Run every benchmark under bench/, one after the other (`make bench`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ["bench_analysis.py", "bench_article_list.py", "bench_review.py", "bench_reports.py"]


def main() -> int:
    """Run each benchmark script; return non-zero if any failed."""
    failed = []
    for name in SCRIPTS:
        script = BENCH / name
        if not script.exists():
            print(f"== {name}: missing, skipped")
            continue
        print(f"== {name}", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent)
        print(f"== {name}: exit {result.returncode} in {time.monotonic() - started:.1f} s\n")
        if result.returncode:
            failed.append(name)
    print("results: bench/RESULTS-*.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
