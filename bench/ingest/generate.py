#!/usr/bin/env python3
"""Deterministic generator of a large cxsite project for the ingest benchmark.

Writes PROJECT/cxsite.yaml, 10 personas, 10 journeys x 5 stages x 4 touchpoints (200
touchpoints, one or two pain points a stage) and PROJECT/content/surveys/export.csv in one of
four export shapes (--shape, issue #22):

plain      one row per response with the columns
               response_id, submitted_at, persona, touchpoint, channel, device, nps, csat, ces, comment
           submitted_at is ISO 8601 with a zone (`Z`, `+01:00`, `+02:00`, `-05:00`) over the 8
           quarters 2024-Q4..2026-Q3; nps 0-10 (~5% blank), csat 1-5 (~10% blank), ces 1-7
           (~15% blank); comment mostly empty, ~3% a short sentence, some with commas or quotes
           and a few with a quoted line break. 10,000,000 rows are about 700 MB.
comments   the same rows, but ~40% of them with a comment (32 characters on average; a third
           of them quoted for commas or `""` quotes, ~2% with a quoted line break).
qualtrics  the same responses as plain, as Qualtrics writes a numeric-values export: a UTF-8
           BOM, every field quoted, three header rows (column ids; question texts;
           `{"ImportId":"QID1"}`), Qualtrics' metadata columns (StartDate, EndDate, Status,
           Progress, Duration, Finished, RecordedDate, ResponseId, DistributionChannel,
           UserLanguage), Q1 (NPS) with its Q1_NPS_GROUP, Q2 (CSAT), Q3 (CES), Q4 (comment), and
           persona, touchpoint, channel, device as embedded data. Dates are written in the
           survey's time zone without an offset (`2026-05-25 06:14:42`): the same date as plain's.
wide       one row per respondent: response_id, submitted_at, persona, channel, device, nps
           (the relationship question), a score column for each of journey j00's 20 touchpoints
           (`csat_j00-s0-t0` ... for the stages discover..receive, `ces_j00-s4-t0` ... for
           support), comment. Each touchpoint is rated by 15-45% of the respondents (~6 of 20).
           --rows N writes 0.4 N respondents: about as many answers as N long rows (2.78 a
           long row against 2.70), each respondent counting as ~7 responses.

Same seed, rows and shape -> byte-identical files (plain's are those of the generator before
--shape existed).

usage: python3 bench/ingest/generate.py PROJECT [--rows 10000000] [--shape plain] [--seed 20261124] [--force]
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

SHAPES = ("plain", "comments", "qualtrics", "wide")

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

# Comments of the plain shape as written (unquoted), with weights out of the 300 non-empty
# slots per 10,000 rows (~3%).
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

# The comments shape: 4,000 of every 10,000 rows have a comment (~40%). Of those, about two
# thirds need no quotes, a third are quoted for a comma or a `""` quote, ~2% hold a line break.
MORE_COMMENTS = COMMENTS + [
    ("Fine", 60),
    ("ok", 50),
    ("Nothing to add", 40),
    ("Good", 45),
    ("Everything went as expected", 40),
    ("Too slow", 30),
    ("The courier was polite and on time", 30),
    ("I had to log in three times before the page loaded", 25),
    ("Staff knew their plants and took the time to explain watering", 25),
    ("The chat bot did not understand my question about returns", 25),
    ("Order tracking showed delivered two days before it arrived", 20),
    ("Much better than last time", 20),
    ("Prima service, dank u", 15),
    ("Why do I need an account to buy a gift card?", 15),
    ("The product page has no size chart for the pots", 15),
    ("Packaging was excessive: three boxes for one small plant", 15),
    ("Checkout asked for my address twice, then lost my voucher.", 20),
    ("Quick, friendly, and the plant is healthy.", 20),
    ("Paid for next-day delivery, got it after four days, no explanation.", 20),
    ("Store was busy, but someone helped me within a few minutes.", 15),
    ('The "help" page links to itself.', 15),
    ('Support said "we will call you back", nobody did.', 15),
    ('Label said "pet safe", the leaflet inside said otherwise.', 10),
    ("Hard to compare plants: no filter for light, size, or price.", 15),
    ("I like the app, but the notifications are too many, too often.", 15),
    ("Returned a pot, refund still pending after 3 weeks, 2 emails, and 1 call.", 10),
    ("First the wrong plant, then the wrong pot.\nThird time it was right.", 4),
    ('Steps:\n1. order\n2. wait\n3. "where is my order?"', 2),
    ("Thanks!\n\nSent from my phone", 2),
]


def csv_field(text: str) -> str:
    """Quotes a field the way RFC 4180 wants when it holds a separator, quote or line break."""
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def quoted(text: str) -> str:
    """Quotes every field, as Qualtrics does."""
    return '"' + text.replace('"', '""') + '"'


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


def wide_columns():
    """The wide shape's score columns: (column, touchpoint, metric) for journey j00's 20
    touchpoints, CSAT for the stages discover..receive and CES for support."""
    out = []
    for s in range(STAGES):
        metric = "ces" if STAGE_NAMES[s] == "support" else "csat"
        for t in range(TOUCHPOINTS_PER_STAGE):
            tp = f"j00-s{s}-t{t}"
            out.append((f"{metric}_{tp}", tp, metric))
    return out


# The Qualtrics shape's columns: (column id, question text, import id).
QUALTRICS_COLUMNS = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Amsterdam"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Amsterdam"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Amsterdam"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
    ("Q1", "How likely are you to recommend us to a friend or colleague?", '{"ImportId":"QID1"}'),
    ("Q1_NPS_GROUP", "How likely are you to recommend us to a friend or colleague? - Group",
     '{"ImportId":"QID1_NPS_GROUP"}'),
    ("Q2", "Overall, how satisfied are you with this step?", '{"ImportId":"QID2"}'),
    ("Q3", "How easy was it to get what you came for?", '{"ImportId":"QID3"}'),
    ("Q4", "What is the main reason for your score?", '{"ImportId":"QID4_TEXT"}'),
    ("persona", "persona", '{"ImportId":"persona"}'),
    ("touchpoint", "touchpoint", '{"ImportId":"touchpoint"}'),
    ("channel", "channel", '{"ImportId":"channel"}'),
    ("device", "device", '{"ImportId":"device"}'),
]


def layout(shape: str) -> dict:
    """How the peers read a shape's export: the columns in order (name, "str" or "int"), the
    rows to skip after the header, the columns that hold the date and the segments, and the
    score columns as (column, touchpoint or None for the row's own, metric)."""
    if shape in ("plain", "comments"):
        names = HEADER.strip().split(",")
        ints = {"nps", "csat", "ces"}
        return {"columns": [(n, "int" if n in ints else "str") for n in names], "skip": 0,
                "date": "submitted_at", "persona": "persona", "touchpoint": "touchpoint",
                "channel": "channel", "scores": {"nps": "nps", "csat": "csat", "ces": "ces"},
                "wide": []}
    if shape == "qualtrics":
        ints = {"Q1", "Q2", "Q3"}
        return {"columns": [(c, "int" if c in ints else "str") for c, _, _ in QUALTRICS_COLUMNS],
                "skip": 2, "date": "RecordedDate", "persona": "persona",
                "touchpoint": "touchpoint", "channel": "channel",
                "scores": {"nps": "Q1", "csat": "Q2", "ces": "Q3"}, "wide": []}
    if shape == "wide":
        wide = wide_columns()
        columns = [("response_id", "str"), ("submitted_at", "str"), ("persona", "str"),
                   ("channel", "str"), ("device", "str"), ("nps", "int")]
        columns += [(c, "int") for c, _, _ in wide] + [("comment", "str")]
        return {"columns": columns, "skip": 0, "date": "submitted_at", "persona": "persona",
                "touchpoint": None, "channel": "channel", "scores": {"nps": "nps"},
                "wide": wide}
    raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")


def surveys_yaml(shape: str) -> str:
    """The `surveys:` block a user would write for the shape: as little as cxsite needs."""
    common = ('  files: ["surveys/*.csv"]\n'
              "  dimensions: [channel, device]\n"
              "  scales: {csat: 5, ces: 7}\n")
    if shape == "qualtrics":
        # Qualtrics' column ids; the two rows under the header are detected.
        return common + "  columns: {id: ResponseId, date: RecordedDate, nps: Q1, csat: Q2, ces: Q3, comment: Q4}\n"
    if shape == "wide":
        return common + "  wide:\n" + "".join(
            f"    - {{column: {c}, touchpoint: {tp}, metric: {m}}}\n" for c, tp, m in wide_columns())
    return common


def write_project_files(project: Path, shape: str = "plain") -> None:
    content = project / "content"
    for sub in ("personas", "journeys", "surveys"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    (project / "cxsite.yaml").write_text(
        "title: Ingest benchmark — 10 personas, 200 touchpoints\n"
        "period: quarter\n"
        "surveys:\n" + surveys_yaml(shape), encoding="utf-8")
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


class Pools:
    """The value pools every shape draws from (the draws of plain, comments and qualtrics are
    the same, so their rows hold the same responses)."""

    def __init__(self):
        days = []
        d = FIRST_DAY
        while d <= LAST_DAY:
            days.append(d.isoformat())
            d += datetime.timedelta(days=1)
        self.days = days
        self.times = [f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in (0, 17, 42)]
        # Daytime is busier than the night, but every minute of the day occurs.
        self.time_pool = self.times + [t for t in self.times if "T08" <= t < "T22"] * 2
        self.zone_pool = pool([("Z", 40), ("+01:00", 25), ("+02:00", 25), ("-05:00", 10)], 100)
        touchpoints = touchpoint_ids()
        # Touchpoints get unequal traffic (weights 1..3), personas and channels too.
        self.tp_pool = pool([(tp, 1 + i % 3) for i, tp in enumerate(touchpoints)], 2 * len(touchpoints) * 3)
        self.persona_pool = pool([(p, 2 + i % 3) for i, p in enumerate(PERSONAS)], 300)
        self.channel_pool = pool(list(zip(CHANNELS, (35, 30, 15, 12, 8))), 100)
        self.device_pool = pool(list(zip(DEVICES, (60, 32, 8))), 100)
        self.nps_pool = pool([(str(v), w) for v, w in enumerate((3, 1, 2, 3, 4, 7, 9, 14, 19, 14, 10))]
                             + [("", 4.74)], 1000)                       # ~5% blank
        self.csat_pool = pool([(str(v), w) for v, w in zip(range(1, 6), (6, 8, 16, 35, 25))]
                              + [("", 10)], 1000)                        # ~10% blank
        self.ces_pool = pool([(str(v), w) for v, w in zip(range(1, 8), (3, 4, 6, 10, 15, 24, 23))]
                             + [("", 15)], 1000)                         # ~15% blank
        # Comments unquoted; each writer quotes them its way.
        self.comment_pool = [""] * 9700 + pool(COMMENTS, 300)
        self.more_comment_pool = [""] * 6000 + pool(MORE_COMMENTS, 4000)


def write_long(out, rows, rng, p: Pools, comments, batch):
    """plain and comments: one row per response, quoted only where RFC 4180 needs it."""
    add = operator.add
    choices = rng.choices
    comment_pool = [csv_field(c) for c in comments]
    out.write(HEADER)
    for start in range(0, rows, batch):
        k = min(batch, rows - start)
        ids = map("R{:08d}".format, range(start + 1, start + k + 1))
        stamps = map(add, map(add, choices(p.days, k=k), choices(p.time_pool, k=k)),
                     choices(p.zone_pool, k=k))
        fields = zip(ids, stamps, choices(p.persona_pool, k=k), choices(p.tp_pool, k=k),
                     choices(p.channel_pool, k=k), choices(p.device_pool, k=k),
                     choices(p.nps_pool, k=k), choices(p.csat_pool, k=k), choices(p.ces_pool, k=k),
                     choices(comment_pool, k=k))
        out.write("\n".join(map(",".join, fields)))
        out.write("\n")


def write_qualtrics(out, rows, rng, p: Pools, seed, batch):
    """The plain shape's responses as a Qualtrics numeric export (same draws, same order)."""
    choices = rng.choices
    extra = random.Random(seed ^ 0x5175616C)   # Qualtrics-only columns: not plain's stream
    q = quoted
    days = [q(d)[:-1] for d in p.days]                          # '"2026-05-25'
    time_pool = [" " + t[1:] + '"' for t in p.time_pool]        # ' 06:14:42"'
    persona_pool = [q(v) for v in p.persona_pool]
    tp_pool = [q(v) for v in p.tp_pool]
    channel_pool = [q(v) for v in p.channel_pool]
    device_pool = [q(v) for v in p.device_pool]
    group = {v: ("1" if int(v) <= 6 else "2" if int(v) <= 8 else "3") for v in map(str, range(11))}
    group[""] = ""
    nps_pool = [q(v) + "," + q(group[v]) for v in p.nps_pool]  # Q1 and Q1_NPS_GROUP
    csat_pool = [q(v) for v in p.csat_pool]
    ces_pool = [q(v) for v in p.ces_pool]
    comment_pool = [q(c) for c in p.comment_pool]
    durations = [q(str(s)) for s in range(25, 900, 7)]
    channel_meta = [q("anonymous")] * 3 + [q("email")] * 7
    languages = [q("EN")] * 8 + [q("NL")] * 2
    fixed = q("0") + "," + q("100")                              # Status (IP Address), Progress
    finished = q("1")
    mask = (1 << 60) - 1

    def response_id(i):
        return '"R_%015x"' % ((i * 0x9E3779B97F4A7C15) & mask)

    out.write("\ufeff")
    for row in zip(*QUALTRICS_COLUMNS):
        out.write(",".join(map(q, row)) + "\n")
    for start in range(0, rows, batch):
        k = min(batch, rows - start)
        ids = map(response_id, range(start + 1, start + k + 1))
        day = choices(days, k=k)
        tim = choices(time_pool, k=k)
        choices(p.zone_pool, k=k)   # drawn as plain does; Qualtrics writes local time, no zone
        stamps = list(map(operator.add, day, tim))
        fields = zip(stamps, stamps, map(lambda _: fixed, stamps), extra.choices(durations, k=k),
                     map(lambda _: finished, stamps), stamps, ids,
                     extra.choices(channel_meta, k=k), extra.choices(languages, k=k),
                     *reorder(choices, k, persona_pool, tp_pool, channel_pool, device_pool,
                              nps_pool, csat_pool, ces_pool, comment_pool))
        out.write("\n".join(map(",".join, fields)))
        out.write("\n")


def reorder(choices, k, persona_pool, tp_pool, channel_pool, device_pool, nps_pool, csat_pool,
            ces_pool, comment_pool):
    """Draws in plain's order (persona, touchpoint, channel, device, nps, csat, ces, comment)
    and returns the columns in Qualtrics' (Q1+group, Q2, Q3, Q4, persona, touchpoint, channel,
    device)."""
    persona, tp, channel, device = (choices(persona_pool, k=k), choices(tp_pool, k=k),
                                    choices(channel_pool, k=k), choices(device_pool, k=k))
    nps, csat, ces, comment = (choices(nps_pool, k=k), choices(csat_pool, k=k),
                               choices(ces_pool, k=k), choices(comment_pool, k=k))
    return nps, csat, ces, comment, persona, tp, channel, device


def write_wide(out, respondents, rng, p: Pools, batch):
    """One row per respondent, a score column per touchpoint of journey j00."""
    add = operator.add
    choices = rng.choices
    wide = wide_columns()
    # Earlier stages are rated by more respondents: 45%, 35%, 30%, 25% (CSAT), 15% (CES).
    answered = {0: 45, 1: 35, 2: 30, 3: 25, 4: 15}
    csat_shapes = [(6, 8, 16, 35, 25), (4, 6, 14, 38, 38), (10, 12, 20, 33, 15), (5, 7, 15, 40, 30)]
    ces_weights = (3, 4, 6, 10, 15, 24, 23)
    column_pools = []
    for i, (_, _, metric) in enumerate(wide):
        share = answered[i // TOUCHPOINTS_PER_STAGE]
        if metric == "csat":
            w = csat_shapes[i % len(csat_shapes)]
            values = [(str(v), share * x / sum(w)) for v, x in zip(range(1, 6), w)]
        else:
            values = [(str(v), share * x / sum(ces_weights)) for v, x in zip(range(1, 8), ces_weights)]
        column_pools.append(pool(values + [("", 100 - share)], 1000))
    comment_pool = [csv_field(c) for c in p.comment_pool]
    out.write("response_id,submitted_at,persona,channel,device,nps,"
              + ",".join(c for c, _, _ in wide) + ",comment\n")
    for start in range(0, respondents, batch):
        k = min(batch, respondents - start)
        ids = map("R{:08d}".format, range(start + 1, start + k + 1))
        stamps = map(add, map(add, choices(p.days, k=k), choices(p.time_pool, k=k)),
                     choices(p.zone_pool, k=k))
        fields = zip(ids, stamps, choices(p.persona_pool, k=k), choices(p.channel_pool, k=k),
                     choices(p.device_pool, k=k), choices(p.nps_pool, k=k),
                     *[choices(cp, k=k) for cp in column_pools], choices(comment_pool, k=k))
        out.write("\n".join(map(",".join, fields)))
        out.write("\n")


def wide_respondents(rows: int) -> int:
    """The wide shape's respondents for --rows: about as many answers as `rows` long rows."""
    return rows * 2 // 5


def write_csv(path: Path, rows: int, seed: int, shape: str = "plain", batch: int = 200_000) -> None:
    rng = random.Random(seed)
    p = Pools()
    with open(path, "w", encoding="utf-8", newline="") as out:
        if shape == "plain":
            write_long(out, rows, rng, p, p.comment_pool, batch)
        elif shape == "comments":
            write_long(out, rows, rng, p, p.more_comment_pool, batch)
        elif shape == "qualtrics":
            write_qualtrics(out, rows, rng, p, seed, batch)
        elif shape == "wide":
            write_wide(out, wide_respondents(rows), rng, p, batch)
        else:
            raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")


def marker(rows: int, seed: int, shape: str) -> str:
    """The `.bench-generated` marker's text: a different size, seed or shape regenerates."""
    return f"rows={rows} seed={seed} shape={shape}\n"


def generate(project: Path, rows: int, seed: int, shape: str = "plain") -> Path:
    write_project_files(project, shape)
    csv_path = project / "content" / "surveys" / "export.csv"
    tmp = csv_path.with_suffix(".csv.part")
    write_csv(tmp, rows, seed, shape)
    tmp.replace(csv_path)
    (project / ".bench-generated").write_text(marker(rows, seed, shape))
    return csv_path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project", type=Path)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--shape", choices=SHAPES, default="plain")
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--force", action="store_true", help="replace an existing project folder")
    args = ap.parse_args()
    if args.project.exists() and any(args.project.iterdir()):
        if not args.force:
            print(f"{args.project} exists and is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(args.project)
    started = time.perf_counter()
    csv_path = generate(args.project, args.rows, args.seed, args.shape)
    size = csv_path.stat().st_size
    what = (f"{wide_respondents(args.rows):,} respondent rows (the answers of {args.rows:,} long rows)"
            if args.shape == "wide" else f"{args.rows:,} rows")
    print(f"wrote {csv_path} ({args.shape}): {what}, {size / 1e6:,.1f} MB "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
