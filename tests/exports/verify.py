#!/usr/bin/env python3
"""Independent figures for the export-shape corpus (Python 3 standard library only).

Each case folder under tests/exports/ holds a survey tool's export exactly as the tool writes
it, the cxsite.yaml a user would write for it, and `truth.json`: how a person reads that
export (which rows are headers, the date format, which column is which, what each label
means). This script reads the export from `truth.json` alone, never from cxsite's detection,
computes NPS, CSAT and CES per quarter for the whole report and for each touchpoint, and
compares them with the metrics.json cxsite built. Written from docs/methodology.md, not from the Rust
source.

usage: python3 tests/exports/verify.py CASE_DIR METRICS_JSON

Prints "N compared, M mismatched" and each mismatch; exit 1 on a mismatch, 2 on a usage error.
"""
import csv
import io
import json
import os
import sys
from datetime import datetime

TOP_TWO = {5: (4, 5), 7: (6, 7), 10: (9, 10)}


def read_rows(case, truth):
    with open(os.path.join(case, truth["file"]), "rb") as f:
        raw = f.read()
    text = raw.decode(truth.get("encoding", "utf-8-sig"))
    lines = text.splitlines(keepends=True)
    if truth.get("sep_line"):
        lines = lines[1:]
    rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=truth.get("delimiter", ",")))
    names_row = rows[truth.get("names_row", 0)]
    data = [r for r in rows[truth["header_rows"]:] if any(cell.strip() for cell in r)]
    return names_row, data


def parse_date(cell, formats):
    cell = cell.strip()
    for fmt in formats:
        try:
            return datetime.strptime(cell, fmt)
        except ValueError:
            pass
    raise SystemExit("verify.py: cannot read date %r with %r" % (cell, formats))


def score(cell, spec):
    cell = cell.strip()
    labels = {k.lower(): v for k, v in spec.get("labels", {}).items()}
    if cell.lower() in labels:
        return labels[cell.lower()]
    if cell == "" or cell.lower() in ("n/a", "na", "-", "nvt"):
        return None
    number = int(cell.replace(",", ".").split(" ")[0].split(".")[0])
    return labels.get(str(number), number)


def quarter(moment):
    return "%04d-Q%d" % (moment.year, (moment.month - 1) // 3 + 1)


def figures(answers, metric, csat_scale):
    n = len(answers)
    if n == 0:
        return None
    if metric == "nps":
        promoters = sum(1 for a in answers if a >= 9)
        detractors = sum(1 for a in answers if a <= 6)
        return n, 100.0 * (promoters - detractors) / n
    if metric == "csat":
        low, high = TOP_TWO[csat_scale]
        return n, 100.0 * sum(1 for a in answers if low <= a <= high) / n
    return n, sum(answers) / n


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    case, metrics_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(case, "truth.json")) as f:
        truth = json.load(f)
    with open(metrics_path) as f:
        metrics = json.load(f)
    names, data = read_rows(case, truth)
    column = {name: i for i, name in reversed(list(enumerate(names)))}
    scores = truth["scores"]
    # (period, group, id, metric) -> answers
    answers = {}

    def add(period, group, ident, metric, value):
        answers.setdefault((period, group, ident, metric), []).append(value)

    for row in data:
        period = quarter(parse_date(row[column[truth["date"]["column"]]], truth["date"]["formats"]))
        touchpoint = row[column[truth["touchpoint"]]].strip() if truth.get("touchpoint") else ""
        for metric, spec in scores.items():
            if "column" not in spec:
                continue
            value = score(row[column[spec["column"]]], spec)
            if value is None:
                continue
            add(period, "overall", "", metric, value)
            if touchpoint:
                add(period, "touchpoint", touchpoint, metric, value)
        for wide in truth.get("wide", []):
            value = score(row[column[wide["column"]]], scores[wide["metric"]])
            if value is None:
                continue
            add(period, "overall", "", wide["metric"], value)
            add(period, "touchpoint", wide["touchpoint"], wide["metric"], value)

    published = {(m["period"], m["group"], m["id"]): m for m in metrics["metrics"]}
    compared, mismatched = 0, []
    for (period, group, ident, metric), values in sorted(answers.items()):
        n, expected = figures(values, metric, truth.get("csat_scale", 5))
        entry = published.get((period, group, ident))
        got = entry and entry[metric]
        compared += 1
        if not got or got["n"] != n or got["score"] is None or abs(got["score"] - expected) > 1e-9:
            shown = got and (got["n"], got["score"])
            mismatched.append("%s %s %r %s: expected n=%d score=%.6f, metrics.json has %r"
                              % (period, group, ident, metric, n, expected, shown))
    print("%d compared, %d mismatched" % (compared, len(mismatched)))
    for line in mismatched:
        print("  " + line)
    sys.exit(1 if mismatched or compared == 0 else 0)


if __name__ == "__main__":
    main()
