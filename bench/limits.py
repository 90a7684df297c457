#!/usr/bin/env python3
"""Limits: a project with 1,000 journeys, and a 1 GB survey export, each built whole.

Neither may crash or exhaust memory. Generates both projects once (with bench/ingest/generate.py)
and runs `cxsite -C PROJECT build -q` on each as its own child process, measuring wall time and
peak resident memory (GNU time's %M):

    1,000 journeys x 5 stages x 4 touchpoints = 20,000 touchpoints, 1,000,000 survey rows
    200 touchpoints, 15,000,000 survey rows: a 1.03 GB export

It checks the exit code (0), that every journey has its page, and the memory bounds below,
and prints a Markdown table.

usage: cargo build --release && python3 bench/limits.py [--binary target/release/cxsite]
       [--dir /tmp] [--keep]
Exit 0 when both builds pass, 1 when not. Not a test: nothing in CI runs it (it writes ~1.1 GB
and takes a few minutes).
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "ingest"))
import generate  # noqa: E402

# Flat memory is the point of the chunked ingest: the 1 GB export must stay under the ingest
# target. 20,000 touchpoints make a site of about 1.4 GB (a 707 MB metrics.json: the groups
# within each touchpoint, per persona, channel and device, are 1.2M groups). The pages and
# metrics.json go to disk as they are made, so memory follows the figures: the counts by
# segment while the survey is read and rolled up, then the groups (those within a touchpoint
# in earlier periods as 32-bit counts), and the scores page's 26,000 table rows while it is
# made. The bound is issue #22's target.
CASES = [
    # (label, journeys, rows, peak memory bound in MiB)
    ("1,000 journeys (20,000 touchpoints), 1M rows", 1000, 1_000_000, 1024),
    ("1 GB export (15M rows, 200 touchpoints)", 10, 15_000_000, 100),
]


def build(binary: Path, project: Path):
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if not gnu_time:
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    started = time.perf_counter()
    proc = subprocess.run([gnu_time, "-f", "%M", "--", str(binary), "-C", str(project), "build", "-q"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    lines = proc.stderr.rstrip("\n").split("\n")
    peak_mib = int(lines[-1]) / 1024 if lines[-1].strip().isdigit() else float("nan")
    return proc.returncode, wall, peak_mib, "\n".join(lines[:-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", type=Path, default=HERE.parent / "target/release/cxsite")
    ap.add_argument("--dir", type=Path, default=Path("/tmp"))
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = ap.parse_args()
    rows_out, passed = [], True
    for label, journeys, rows, bound in CASES:
        project = args.dir / f"cxsite-limits-{journeys}j-{rows}r"
        marker = project / ".bench-generated"
        wanted = f"journeys={journeys} rows={rows}\n"
        if not (marker.exists() and marker.read_text() == wanted):
            if project.exists():
                if not marker.exists():
                    sys.exit(f"{project} exists and was not made by this script: move it or pass --dir")
                shutil.rmtree(project)
            generate.JOURNEYS = journeys
            csv = generate.generate(project, rows, 20261124)
            marker.write_text(wanted)
            print(f"generated {project} ({csv.stat().st_size / 1e9:.2f} GB of survey data)", file=sys.stderr)
        size_gb = (project / "content/surveys/export.csv").stat().st_size / 1e9
        code, wall, peak, stderr = build(args.binary, project)
        pages = len(list((project / "public/journeys").glob("*/index.html"))) if code == 0 else 0
        ok = code == 0 and pages == journeys and peak < bound
        passed &= ok
        rows_out.append((label, f"{size_gb:.2f} GB", code, pages, f"{wall:.1f} s", f"{peak:.0f} MiB",
                         f"< {bound} MiB", "pass" if ok else "FAIL"))
        if code != 0:
            print(stderr[-3000:], file=sys.stderr)
        if not args.keep:
            shutil.rmtree(project)
    print("| project | survey data | exit | journey pages | wall time | peak memory | bound | |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows_out:
        print("| " + " | ".join(map(str, row)) + " |")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
