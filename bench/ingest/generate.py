#!/usr/bin/env python3
"""Deterministic generator of a large cxsite project for the ingest benchmark.

Writes PROJECT/cxsite.yaml, 10 personas, 10 journeys x 5 stages x 4 touchpoints (200
touchpoints, one or two pain points a stage) and PROJECT/content/surveys/export.csv with the
columns

    response_id, submitted_at, persona, touchpoint, channel, device, nps, csat, ces, comment

submitted_at is ISO 8601 with a zone (`Z`, `+01:00`, `+02:00`, `-05:00`) over the 8 quarters
2024-Q4..2026-Q3; nps 0-10 (~5% blank), csat 1-5 (~10% blank), ces 1-7 (~15% blank); comment
mostly empty, ~3% a short sentence, some with commas or quotes and a few with a quoted line
break. 10,000,000 rows are about 700 MB. Same seed and rows -> byte-identical files.

usage: python3 bench/ingest/generate.py PROJECT [--rows 10000000] [--seed 20261124] [--force]
Standard library only.
"""

import argparse
import datetime
import operator
import random
import shutil
import sys
import time
from pathlib import Path

HEADER = "response_id,submitted_at,persona,touchpoint,channel,device,nps,csat,ces,comment\n"

PERSONAS = ["anna", "bram", "chen", "dirk", "eva", "fatima", "gijs", "hanna", "ivo", "joke"]
JOURNEYS, STAGES, TOUCHPOINTS_PER_STAGE = 10, 5, 4
STAGE_NAMES = ["discover", "choose", "buy", "receive", "support"]
CHANNELS = ["web", "app", "phone", "store", "email"]
DEVICES = ["mobile", "desktop", "tablet"]
CATEGORIES = ["wait-time", "not-understood", "unresolved", "over-automation", "not-personal",
              "staff-attitude", "information", "reliability", "price", "other"]

FIRST_DAY = datetime.date(2024, 10, 1)   # 2024-Q4
LAST_DAY = datetime.date(2026, 9, 30)    # 2026-Q3

# Comments as they are written into the file (already CSV-quoted where needed), with weights
# out of the 300 non-empty slots per 10,000 rows (~3%).
COMMENTS = [
    ("Quick and easy.", 40),
    ("Delivery was late again.", 35),
    ("Friendly staff in the store.", 30),
    ("The app crashed at checkout.", 30),
    ("Could not find the opening hours.", 25),
    ("Great service, thank you!", 25),
    ("Waited 20 minutes on the phone, then got cut off.", 25),
    ("Plant arrived damaged, box was wet.", 20),
    ('The site said "in stock" but it was not.', 20),
    ('Price was fine; the "express" delivery was not express, though.', 15),
    ("Café corner was nice, coffee too.", 15),
    ("Nobody answered my email.\nI gave up after a week.", 8),
    ('Asked twice, got two answers.\n"Computer says no", literally.', 4),
    ("Refund took three weeks", 8),
]


def csv_field(text: str) -> str:
    """Quotes a field the way RFC 4180 wants when it holds a separator, quote or line break."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def pool(weighted, size):
    """A list of `size` values in which each value appears in proportion to its weight;
    `random.choices(pool, k=...)` then draws with those weights at the cost of a uniform draw."""
    total = sum(w for _, w in weighted)
    out = []
    for value, weight in weighted:
        out += [value] * round(weight * size / total)
    return out


def touchpoint_ids():
    return [f"j{j:02d}-s{s}-t{t}" for j in range(JOURNEYS) for s in range(STAGES)
            for t in range(TOUCHPOINTS_PER_STAGE)]


def write_project_files(project: Path) -> None:
    content = project / "content"
    for sub in ("personas", "journeys", "surveys"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    (project / "cxsite.yaml").write_text(
        "title: Ingest benchmark — 10 personas, 200 touchpoints\n"
        "period: quarter\n"
        "surveys:\n"
        '  files: ["surveys/*.csv"]\n'
        "  dimensions: [channel, device]\n"
        "  scales: {csat: 5, ces: 7}\n", encoding="utf-8")
    for i, p in enumerate(PERSONAS):
        (content / "personas" / f"{p}.yaml").write_text(
            f"name: {p.capitalize()}, persona {i + 1}\n"
            f"quote: \"Persona {i + 1} wants it to just work.\"\n"
            f"summary: Synthetic persona {i + 1} for the ingest benchmark.\n"
            f"goals: [Get what I came for]\n"
            f"frustrations: [Waiting]\n"
            f"needs: [Clear information]\n"
            f"channels: [{CHANNELS[i % 5]}, {CHANNELS[(i + 1) % 5]}]\n"
            f"share: 0.1\n", encoding="utf-8")
    for j in range(JOURNEYS):
        lines = [f"title: Journey {j + 1}", f"persona: {PERSONAS[j % len(PERSONAS)]}", "stages:"]
        for s in range(STAGES):
            lines += [f"  - id: {STAGE_NAMES[s]}", f"    name: {STAGE_NAMES[s].capitalize()}",
                      f"    goal: Goal of stage {s + 1}", "    touchpoints:"]
            for t in range(TOUCHPOINTS_PER_STAGE):
                tp = f"j{j:02d}-s{s}-t{t}"
                lines += [f"      - id: {tp}",
                          f"        name: Touchpoint {j + 1}.{s + 1}.{t + 1}",
                          f"        channel: {CHANNELS[(j + s + t) % 5]}",
                          f"        owner: Team {t + 1}",
                          f"        moment_of_truth: {'true' if t == 0 and s == 2 else 'false'}",
                          f"        emotion: {(j + s + t) % 5 - 2}"]
            lines.append("    pain_points:")
            for k in range(1 + (j + s) % 2):   # one or two pain points a stage
                lines += [f"      - id: pain-j{j:02d}-s{s}-{k}",
                          f"        title: Pain {k + 1} of journey {j + 1} stage {s + 1}",
                          f"        touchpoint: j{j:02d}-s{s}-t{(k * 2 + j) % 4}",
                          f"        severity: {(j + s + k) % 5 + 1}",
                          f"        effort: {(j * 3 + s + k) % 5 + 1}",
                          f"        category: {CATEGORIES[(j + s + k) % len(CATEGORIES)]}"]
        (content / "journeys" / f"journey-{j:02d}.yaml").write_text("\n".join(lines) + "\n",
                                                                    encoding="utf-8")


def write_csv(path: Path, rows: int, seed: int, batch: int = 200_000) -> None:
    rng = random.Random(seed)
    days = []
    d = FIRST_DAY
    while d <= LAST_DAY:
        days.append(d.isoformat())
        d += datetime.timedelta(days=1)
    times = [f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in (0, 17, 42)]
    # Daytime is busier than the night, but every minute of the day occurs.
    time_pool = times + [t for t in times if "T08" <= t < "T22"] * 2
    zone_pool = pool([("Z", 40), ("+01:00", 25), ("+02:00", 25), ("-05:00", 10)], 100)
    touchpoints = touchpoint_ids()
    # Touchpoints get unequal traffic (weights 1..3), personas and channels too.
    tp_pool = pool([(tp, 1 + i % 3) for i, tp in enumerate(touchpoints)], 2 * len(touchpoints) * 3)
    persona_pool = pool([(p, 2 + i % 3) for i, p in enumerate(PERSONAS)], 300)
    channel_pool = pool(list(zip(CHANNELS, (35, 30, 15, 12, 8))), 100)
    device_pool = pool(list(zip(DEVICES, (60, 32, 8))), 100)
    nps_pool = pool([(str(v), w) for v, w in enumerate((3, 1, 2, 3, 4, 7, 9, 14, 19, 14, 10))]
                    + [("", 4.74)], 1000)                       # ~5% blank
    csat_pool = pool([(str(v), w) for v, w in zip(range(1, 6), (6, 8, 16, 35, 25))]
                     + [("", 10)], 1000)                        # ~10% blank
    ces_pool = pool([(str(v), w) for v, w in zip(range(1, 8), (3, 4, 6, 10, 15, 24, 23))]
                    + [("", 15)], 1000)                         # ~15% blank
    comment_pool = [""] * 9700 + pool([(csv_field(c), w) for c, w in COMMENTS], 300)

    add = operator.add
    choices = rng.choices
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for start in range(0, rows, batch):
            k = min(batch, rows - start)
            ids = map("R{:08d}".format, range(start + 1, start + k + 1))
            stamps = map(add, map(add, choices(days, k=k), choices(time_pool, k=k)),
                         choices(zone_pool, k=k))
            fields = zip(ids, stamps, choices(persona_pool, k=k), choices(tp_pool, k=k),
                         choices(channel_pool, k=k), choices(device_pool, k=k),
                         choices(nps_pool, k=k), choices(csat_pool, k=k), choices(ces_pool, k=k),
                         choices(comment_pool, k=k))
            out.write("\n".join(map(",".join, fields)))
            out.write("\n")


def generate(project: Path, rows: int, seed: int) -> Path:
    write_project_files(project)
    csv_path = project / "content" / "surveys" / "export.csv"
    tmp = csv_path.with_suffix(".csv.part")
    write_csv(tmp, rows, seed)
    tmp.replace(csv_path)
    (project / ".bench-generated").write_text(f"rows={rows} seed={seed}\n")
    return csv_path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project", type=Path)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--force", action="store_true", help="replace an existing project folder")
    args = ap.parse_args()
    if args.project.exists() and any(args.project.iterdir()):
        if not args.force:
            print(f"{args.project} exists and is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(args.project)
    started = time.perf_counter()
    csv_path = generate(args.project, args.rows, args.seed)
    size = csv_path.stat().st_size
    print(f"wrote {csv_path}: {args.rows:,} rows, {size / 1e6:,.1f} MB "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
