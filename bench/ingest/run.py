#!/usr/bin/env python3
"""Ingest benchmark: a whole `cxsite build` against polars (streaming) and DuckDB computing the
same NPS / CSAT / CES figures per touchpoint, persona, channel and quarter from the same CSV.

Generates the project once (bench/ingest/generate.py) unless it is already there, then, in one
run, measures each command as its own child process (wall time, median of --repeat runs, taken
in turn; peak resident memory of the child from GNU time's %M, or from getrusage in a small
wrapper process when /usr/bin/time is missing):

    cxsite -C PROJECT build -q
    python3 peer_polars.py PROJECT/content/surveys/export.csv OUT --shape SHAPE
    python3 peer_duckdb.py PROJECT/content/surveys/export.csv OUT --shape SHAPE

and compares cxsite's public/data/metrics.json (groups touchpoint, persona, channel; every
quarter) with both peers: n exactly (1e-9), scores to 1e-6. Prints a Markdown table and the
verdict on the target: cxsite <= 0.5 x each peer's wall time, cxsite peak < 100 MiB.

The export's shape (--shape, issue #22; see generate.py): plain (default), comments (~40% of
rows with a comment), qualtrics (every field quoted, three header rows) or wide (one row per
respondent, a score column per touchpoint).

usage: cargo build --release && python3 bench/ingest/run.py [--shape plain] [--rows 10000000]
           [--project /tmp/cxsite-ingest-bench[-SHAPE]] [--repeat 3] [--binary target/release/cxsite]
Exit 0 when the figures agree and the target is met, 1 when not, 2 on an error.
Needs `pip install polars duckdb`. Not a test: nothing in CI runs it.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

KINDS = ("touchpoint", "persona", "channel")
METRICS = ("nps", "csat", "ces")
N_TOL, SCORE_TOL = 1e-9, 1e-6
TARGET_RATIO, TARGET_MIB = 0.5, 100.0
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


# ----------------------------------------------------------------------------- measuring

def wrapper_main(argv):
    """`run.py --measure-child CMD...`: runs CMD, prints its peak RSS in KiB on stderr's last line.
    This process has waited for no other child, so RUSAGE_CHILDREN is exactly CMD's."""
    child = subprocess.run(argv, stdout=subprocess.DEVNULL)
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"\n{kib}", file=sys.stderr)
    return child.returncode


def measure(cmd):
    """Runs cmd once; returns (wall seconds, peak RSS in MiB, stderr text)."""
    if GNU_TIME:
        full = [GNU_TIME, "-f", "%M", "--"] + cmd
    else:
        full = [sys.executable, __file__, "--measure-child"] + cmd
    started = time.perf_counter()
    proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    lines = proc.stderr.rstrip("\n").split("\n")
    try:
        kib = int(lines[-1].strip())
    except ValueError:
        kib = float("nan")  # unknown: never "under the target"
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{proc.stderr[-3000:]}")
    return wall, kib / 1024.0, "\n".join(lines[:-1])


# ----------------------------------------------------------------------------- comparing

def cxsite_figures(metrics_json: Path):
    data = json.loads(metrics_json.read_text())
    out = {}
    for e in data["metrics"]:
        if e["group"] in KINDS and e["period"] != "all":
            out[(e["group"], e["id"], e["period"])] = {m: e.get(m) for m in METRICS}
    return out


def peer_figures(path: Path):
    return {(e["group"], e["id"], e["period"]): {m: e[m] for m in METRICS}
            for e in json.loads(path.read_text())}


def empty(figures):
    """A group without a single answer: cxsite lists every touchpoint of the project in every
    period (n 0, no score), a GROUP BY of the rows cannot have it."""
    return all(((figures[m] or {}).get("n") or 0) == 0 for m in METRICS)


def compare(ours, theirs):
    """Returns (groups compared, figures compared, mismatches as text, suppressed in ours,
    groups without answers that only cxsite lists)."""
    problems, figures, suppressed, unanswered = [], 0, 0, 0
    for key in sorted(set(ours) | set(theirs)):
        label = "/".join(key)
        if key not in theirs:
            if empty(ours[key]):
                unanswered += 1
            else:
                problems.append(f"{label}: only in cxsite")
            continue
        if key not in ours:
            problems.append(f"{label}: missing in cxsite")
            continue
        for m in METRICS:
            a, b = ours[key][m] or {"n": 0, "score": None}, theirs[key][m]
            figures += 2
            if abs((a.get("n") or 0) - (b["n"] or 0)) > N_TOL:
                problems.append(f"{label} {m}.n: cxsite {a.get('n')} vs {b['n']}")
            sa, sb = a.get("score"), b["score"]
            if sa is None and a.get("suppressed") and (a.get("n") or 0) > 0:
                suppressed += 1
                continue
            if sa is None or sb is None:
                if sa is not sb:
                    problems.append(f"{label} {m}.score: cxsite {sa} vs {sb}")
            elif abs(sa - sb) > SCORE_TOL:
                problems.append(f"{label} {m}.score: cxsite {sa!r} vs {sb!r}")
    return len((set(ours) | set(theirs))) - unanswered, figures, problems, suppressed, unanswered


# ----------------------------------------------------------------------------- project

# Bytes a --rows row takes on disk, with some room (wide: 0.4 respondents a row).
BYTES_PER_ROW = {"plain": 75, "comments": 90, "qualtrics": 185, "wide": 36}


def default_project(shape: str) -> Path:
    return Path("/tmp/cxsite-ingest-bench" + ("" if shape == "plain" else f"-{shape}"))


def ensure_project(project: Path, rows: int, seed: int, shape: str) -> Path:
    marker = project / ".bench-generated"
    wanted = generate.marker(rows, seed, shape)
    # A plain project made before --shape existed has the same bytes; its marker names no shape.
    accepted = {wanted} | ({f"rows={rows} seed={seed}\n"} if shape == "plain" else set())
    csv_path = project / "content" / "surveys" / "export.csv"
    if marker.exists() and marker.read_text() in accepted and csv_path.exists():
        return csv_path
    if project.exists() and any(project.iterdir()):
        if not marker.exists():
            raise SystemExit(f"{project} exists and was not made by this benchmark; choose another --project")
        print(f"# regenerating {project} ({marker.read_text().strip()} -> {wanted.strip()})", file=sys.stderr)
        shutil.rmtree(project)
    free = shutil.disk_usage(project.parent if project.parent.exists() else "/").free
    need = rows * BYTES_PER_ROW[shape] * 1.2
    if free < need:
        raise SystemExit(f"not enough disk for {rows:,} rows ({shape}): need ~{need / 1e9:.1f} GB, "
                         f"{free / 1e9:.1f} GB free")
    started = time.perf_counter()
    generate.generate(project, rows, seed, shape)
    print(f"# generated {csv_path} ({csv_path.stat().st_size / 1e6:,.0f} MB) in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return csv_path


def versions():
    out = {}
    for mod in ("polars", "duckdb"):
        r = subprocess.run([sys.executable, "-c", f"import {mod}; print({mod}.__version__)"],
                           capture_output=True, text=True)
        out[mod] = r.stdout.strip() or "not installed"
    return out


def load_average():
    try:
        return float(open("/proc/loadavg").read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_model():
    """The processor's name, and whether it has SHA instructions: cxsite hashes every input
    with SHA-256 (the audit trail), which takes about four times as long without them."""
    model, sha = None, None
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model is None:
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and sha is None:
                sha = "sha_ni" in line.split()
    except OSError:
        pass
    model = model or platform.processor() or "unknown CPU"
    if sha is None:
        return model
    return f"{model}, {'with' if sha else 'WITHOUT'} SHA instructions"


# ----------------------------------------------------------------------------- main

def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure-child":
        return wrapper_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shape", choices=generate.SHAPES, default="plain",
                    help="the export's shape (default plain)")
    ap.add_argument("--project", type=Path,
                    help="default /tmp/cxsite-ingest-bench, or /tmp/cxsite-ingest-bench-SHAPE for another shape")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "cxsite")
    ap.add_argument("--show", type=int, default=5, help="mismatches to print per peer")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    args = ap.parse_args()

    binary = args.binary.resolve()
    if not binary.exists():
        print(f"{binary} not found: run `cargo build --release` first", file=sys.stderr)
        return 2
    vers = versions()
    if "not installed" in vers.values():
        print(f"needs polars and duckdb (pip install polars duckdb): {vers}", file=sys.stderr)
        return 2
    project = (args.project or default_project(args.shape)).resolve()
    csv_path = ensure_project(project, args.rows, args.seed, args.shape)
    size_mb = csv_path.stat().st_size / 1e6
    out_dir = Path(tempfile.mkdtemp(prefix="cxsite-ingest-peers-"))
    binary_stamp = binary.stat().st_mtime

    tools = {
        "cxsite build": [str(binary), "-C", str(project), "build", "-q"],
        f"polars {vers['polars']} (streaming)": [sys.executable, str(HERE / "peer_polars.py"),
                                                 str(csv_path), str(out_dir / "polars.json"),
                                                 "--shape", args.shape],
        f"DuckDB {vers['duckdb']}": [sys.executable, str(HERE / "peer_duckdb.py"),
                                     str(csv_path), str(out_dir / "duckdb.json"),
                                     "--shape", args.shape],
    }
    names = list(tools)
    # Warm the page cache so that no tool pays for the first read from disk.
    with open(csv_path, "rb") as f:
        while f.read(1 << 24):
            pass
    runs = {name: [] for name in names}
    load = load_average()
    if load is not None and load > 0.5:
        print(f"# WARNING: load average {load:.2f} before the run: other processes compete for the "
              f"cores and the times are noisy", file=sys.stderr)
    try:
        for r in range(args.repeat):
            for name in names:
                wall, mib, err = measure(tools[name])
                runs[name].append((wall, mib))
                print(f"# run {r + 1}/{args.repeat} {name}: {wall:.2f} s, {mib:.0f} MiB", file=sys.stderr)
                if err.strip() and name == "cxsite build":
                    print("# cxsite stderr: " + err.strip()[:2000], file=sys.stderr)
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 2
    if binary.stat().st_mtime != binary_stamp:
        print("# WARNING: the cxsite binary was rebuilt during the run; rerun for clean numbers",
              file=sys.stderr)

    ours = cxsite_figures(project / "public" / "data" / "metrics.json")
    peers = {names[1]: peer_figures(out_dir / "polars.json"), names[2]: peer_figures(out_dir / "duckdb.json")}
    checks = {name: compare(ours, fig) for name, fig in peers.items()}
    cross = compare(peers[names[1]], peers[names[2]])

    wall = {n: statistics.median(w for w, _ in runs[n]) for n in names}
    peak = {n: max(m for _, m in runs[n]) for n in names}
    ref = wall[names[0]]

    # Every answer counts in exactly one persona group, so their n add up to the file's answers.
    answers = sum(f[m]["n"] or 0 for key, f in peers[names[1]].items() if key[0] == "persona" for m in METRICS)
    file_rows = (f"{generate.wide_respondents(args.rows):,} respondent rows" if args.shape == "wide"
                 else f"{args.rows:,} rows")
    print(f"\nshape {args.shape}: {file_rows}, {answers:,} answers, {size_mb:,.0f} MB CSV; "
          f"{os.cpu_count()} cores ({cpu_model()}); "
          f"{datetime.date.today().isoformat()}; wall = median of {args.repeat}, peak = max RSS of the child; "
          f"load average before the run {load if load is not None else '?'}\n")
    print("| tool | wall time | runs | × cxsite's time | peak memory | figures identical to cxsite |")
    print("|---|---|---|---|---|---|")
    for n in names:
        all_runs = ", ".join(f"{w:.2f}" for w, _ in runs[n])
        if n == names[0]:
            ident = "—"
        else:
            groups, figures, problems, _, _ = checks[n]
            ident = (f"yes ({groups} groups, {figures} figures)" if not problems
                     else f"no: {len(problems)} of {figures} figures differ ({groups} groups)")
        print(f"| {n} | {wall[n]:.2f} s | {all_runs} | {wall[n] / ref:.2f}× | {peak[n]:.0f} MiB | {ident} |")

    ok = True
    print()
    for n in names[1:]:
        ratio = ref / wall[n]
        met = ratio <= TARGET_RATIO
        ok &= met
        print(f"- cxsite time ÷ {n.split()[0]} time = {ratio:.2f} (target ≤ {TARGET_RATIO:.2f}): "
              f"{'met' if met else 'missed'}")
    met = peak[names[0]] < TARGET_MIB
    ok &= met
    print(f"- cxsite peak memory {peak[names[0]]:.0f} MiB (target < {TARGET_MIB:.0f} MiB): {'met' if met else 'missed'}")
    for n in names[1:]:
        groups, figures, problems, suppressed, unanswered = checks[n]
        ok &= not problems
        print(f"- figures vs {n.split()[0]}: {'identical' if not problems else f'{len(problems)} mismatches'}"
              f" ({groups} groups × 3 metrics × n/score; {suppressed} suppressed in cxsite"
              + (f"; {unanswered} groups without answers listed by cxsite only" if unanswered else "") + ")")
        for p in problems[:args.show]:
            print(f"    {p}")
    print(f"- polars vs DuckDB (sanity): {'identical' if not cross[2] else f'{len(cross[2])} mismatches'}")
    for p in cross[2][:args.show]:
        print(f"    {p}")
    print(f"\nVERDICT: {'target met' if ok else 'target NOT met'}")

    if args.json:
        args.json.write_text(json.dumps({
            "shape": args.shape, "rows": args.rows, "answers": answers, "csv_mb": size_mb, "cores": os.cpu_count(), "cpu": cpu_model(),
            "runs": runs, "wall_median": wall, "peak_mib": peak,
            "mismatches": {n: checks[n][2] for n in names[1:]}, "peer_vs_peer": cross[2],
            "ok": ok}, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
