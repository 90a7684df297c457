#!/usr/bin/env python3
"""Peer for the ingest benchmark: the NPS / CSAT / CES figures per touchpoint, persona and
channel and quarter, computed with DuckDB (read_csv, all cores) from the survey CSV.

Quarter = the quarter of the date as written in the date column (its first 10 characters;
the time zone does not move it). NPS = 100*(P-D)/n over answers 0-10; CSAT = % of 4-5 over
answers 1-5; CES = mean over answers 1-7. Blank cells are not answers.

The export shapes (generate.py): plain and comments are read as they are; qualtrics skips its
three header rows (the columns are given); wide is UNPIVOTed to one row per answer, each
touchpoint column's answers counting toward its touchpoint and the row's persona and channel,
the nps column's toward the persona and channel only (as cxsite counts a wide row).

usage: python3 bench/ingest/peer_duckdb.py EXPORT.csv OUT.json [--shape plain|comments|qualtrics|wide]
Writes a JSON list of {group, id, period, nps: {n, score}, csat: {n, score}, ces: {n, score}}.
"""
import json
import os
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SHAPES, layout  # noqa: E402  (the shapes' columns; standard library only)

AGGREGATE = """
SELECT CASE WHEN grouping(touchpoint) = 0 THEN 'touchpoint'
            WHEN grouping(persona) = 0 THEN 'persona' ELSE 'channel' END AS kind,
       coalesce(touchpoint, persona, channel) AS id, period,
       count(nps) AS nps_n,
       100 * (count_if(nps >= 9) - count_if(nps <= 6))::DOUBLE / count(nps) AS nps_score,
       count(csat) AS csat_n,
       100 * count_if(csat >= 4)::DOUBLE / count(csat) AS csat_score,
       count(ces) AS ces_n,
       sum(ces)::DOUBLE / count(ces) AS ces_score
FROM r
GROUP BY GROUPING SETS ((touchpoint, period), (persona, period), (channel, period))
HAVING NOT (grouping(touchpoint) = 0 AND touchpoint IS NULL)
ORDER BY kind, id, period
"""


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def query(shape: str) -> str:
    lay = layout(shape)
    columns = ", ".join(f"{literal(n)}: '{'INTEGER' if k == 'int' else 'VARCHAR'}'"
                        for n, k in lay["columns"])
    # The header rows are skipped (1 or 3) and the columns given, so none is sniffed.
    source = (f"read_csv(?, header = false, skip = {1 + lay['skip']}, delim = ',', quote = '\"', "
              f"escape = '\"', columns = {{{columns}}})")
    date = ident(lay["date"])
    period = (f"substr({date}, 1, 4) || '-Q' || "
              f"CAST((CAST(substr({date}, 6, 2) AS INTEGER) - 1) // 3 + 1 AS VARCHAR)")
    persona, channel = ident(lay["persona"]), ident(lay["channel"])
    if not lay["wide"]:
        s = {m: ident(c) for m, c in lay["scores"].items()}
        rows = f"""
WITH r AS (
  SELECT {ident(lay['touchpoint'])} AS touchpoint, {persona} AS persona, {channel} AS channel,
         {period} AS period,
         CASE WHEN {s['nps']} BETWEEN 0 AND 10 THEN {s['nps']} END AS nps,
         CASE WHEN {s['csat']} BETWEEN 1 AND 5 THEN {s['csat']} END AS csat,
         CASE WHEN {s['ces']} BETWEEN 1 AND 7 THEN {s['ces']} END AS ces
  FROM {source}
)"""
    else:
        own = lay["scores"]["nps"]
        wide = [(own, None, "nps")] + lay["wide"]
        mapping = ", ".join(f"({literal(c)}, {literal(tp) if tp else 'NULL'}, {literal(m)})"
                            for c, tp, m in wide)
        rows = f"""
WITH w AS (
  SELECT {persona} AS persona, {channel} AS channel, {period} AS period,
         {', '.join(ident(c) for c, _, _ in wide)}
  FROM {source}
),
u AS (UNPIVOT w ON {', '.join(ident(c) for c, _, _ in wide)} INTO NAME col VALUE v),
m(col, touchpoint, metric) AS (VALUES {mapping}),
r AS (
  SELECT m.touchpoint, u.persona, u.channel, u.period,
         CASE WHEN m.metric = 'nps' AND v BETWEEN 0 AND 10 THEN v END AS nps,
         CASE WHEN m.metric = 'csat' AND v BETWEEN 1 AND 5 THEN v END AS csat,
         CASE WHEN m.metric = 'ces' AND v BETWEEN 1 AND 7 THEN v END AS ces
  FROM u JOIN m USING (col)
)"""
    return rows + AGGREGATE


def main(src: str, out: str, shape: str) -> None:
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    rows = con.execute(query(shape), [src]).fetchall()
    result = [{"group": kind, "id": id_, "period": period,
               "nps": {"n": nn, "score": ns}, "csat": {"n": cn, "score": cs},
               "ces": {"n": en, "score": es}}
              for kind, id_, period, nn, ns, cn, cs, en, es in rows]
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    args = sys.argv[1:]
    shape = "plain"
    if len(args) == 4 and args[2] == "--shape" and args[3] in SHAPES:
        shape = args[3]
    elif len(args) != 2:
        sys.exit(__doc__)
    main(args[0], args[1], shape)
