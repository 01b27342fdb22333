"""`make bench`: every benchmark in bench/, one after the other. Figures: bench/RESULTS.md."""

import runpy
from pathlib import Path

for script in ("caseload.py",):
    print(f"== {script}")
    runpy.run_path(str(Path(__file__).with_name(script)), run_name="__main__")
