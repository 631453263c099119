"""`make bench`: every benchmark, each printing a table of figures."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Each module has run(); later capabilities add theirs here.
BENCHMARKS = [
    "bench.pages",
    "bench.guidance",
    "bench.accounts",
    "bench.search",
    "bench.reports",
    "bench.training_attempts",
    "bench.training_report",
]
# Run only when asked for by name (`make soak`): about ten minutes.
ON_REQUEST = ["bench.soak"]

if __name__ == "__main__":
    only = sys.argv[1:]
    for name in BENCHMARKS + ON_REQUEST:
        chosen = any(o in name for o in only) if only else name in BENCHMARKS
        if chosen:
            importlib.import_module(name).run()
