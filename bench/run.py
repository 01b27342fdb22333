"""`make bench`: every benchmark in bench/, one after another. Figures: bench/RESULTS.md and
bench/README.md."""

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    here = Path(__file__).parent
    for script in [here / "caseload.py", *sorted(here.glob("*_bench.py"))]:
        print(f"== {script.name}", flush=True)
        sys.argv = [str(script)]
        runpy.run_path(str(script), run_name="__main__")
