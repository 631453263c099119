"""`make bench`: every benchmark, each printing a table of figures."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each module has run(); later capabilities add theirs here.
BENCHMARKS = ["bench.pages", "bench.guidance", "bench.accounts", "bench.search", "bench.reports"]

if __name__ == "__main__":
    only = sys.argv[1:]
    for name in BENCHMARKS:
        if not only or any(o in name for o in only):
            importlib.import_module(name).run()
