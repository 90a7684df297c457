#!/usr/bin/env python3
"""Peer for the ingest benchmark: the NPS / CSAT / CES figures per touchpoint, persona and
channel and quarter, computed with DuckDB (read_csv, all cores) from the survey CSV.

Quarter = the quarter of the date as written in the date column (its first 10 characters;
the time zone does not move it). NPS = 100*(P-D)/n over answers 0-10; CSAT = % of 4-5 over
answers 1-5; CES = mean over answers 1-7. Blank cells are not answers.

The export shapes (generate.py): plain and comments are read as they are; qualtrics skips its
three header rows (the columns are given); wide is counted per score column in one pass and
those counts UNPIVOTed, each touchpoint column's answers counting toward its touchpoint and the
row's persona and channel, the nps column's toward the persona and channel only (as cxsite
counts a wide row).

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
        # One pass over the wide rows: counts of every score column per (persona, channel,
        # quarter); that small result is then UNPIVOTed to one row per column with its
        # touchpoint (none for the row's own nps) and summed up. (UNPIVOTing the rows themselves
        # first takes 1.6-2.5x the time at 10M.)
        own = lay["scores"]["nps"]
        wide = [(own, None, "nps")] + lay["wide"]
        stats = {"nps": ["count({c})", "count_if({c} >= 9)", "count_if({c} <= 6)"],
                 "csat": ["count({c})", "count_if({c} >= 4)"],
                 "ces": ["count({c})", "sum({c})"]}
        ranges = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
        valid = ", ".join(f"CASE WHEN {ident(c)} BETWEEN {ranges[m][0]} AND {ranges[m][1]} "
                          f"THEN {ident(c)} END AS c{i}" for i, (c, _, m) in enumerate(wide))
        lists = ", ".join("[" + ", ".join(f.format(c=f"c{i}") + "::BIGINT" for f in stats[m])
                          + "]" + f" AS c{i}" for i, (_, _, m) in enumerate(wide))
        mapping = ", ".join(f"('c{i}', {literal(tp) if tp else 'NULL'}, {literal(m)})"
                            for i, (_, tp, m) in enumerate(wide))
        return f"""
WITH w AS (
  SELECT persona, channel, period, {lists}
  FROM (SELECT {persona} AS persona, {channel} AS channel, {period} AS period, {valid}
        FROM {source})
  GROUP BY persona, channel, period
),
u AS (UNPIVOT w ON {', '.join(f'c{i}' for i in range(len(wide)))} INTO NAME col VALUE s),
m(col, touchpoint, metric) AS (VALUES {mapping}),
r AS (
  SELECT m.touchpoint, u.persona, u.channel, u.period, m.metric, s FROM u JOIN m USING (col)
),
g AS (
  SELECT CASE WHEN grouping(touchpoint) = 0 THEN 'touchpoint'
              WHEN grouping(persona) = 0 THEN 'persona' ELSE 'channel' END AS kind,
         coalesce(touchpoint, persona, channel) AS id, period,
         sum(CASE WHEN metric = 'nps' THEN s[1] ELSE 0 END) AS nps_n,
         sum(CASE WHEN metric = 'nps' THEN s[2] - s[3] ELSE 0 END) AS nps_pd,
         sum(CASE WHEN metric = 'csat' THEN s[1] ELSE 0 END) AS csat_n,
         sum(CASE WHEN metric = 'csat' THEN s[2] ELSE 0 END) AS csat_k,
         sum(CASE WHEN metric = 'ces' THEN s[1] ELSE 0 END) AS ces_n,
         sum(CASE WHEN metric = 'ces' THEN s[2] ELSE 0 END) AS ces_sum
  FROM r
  GROUP BY GROUPING SETS ((touchpoint, period), (persona, period), (channel, period))
  HAVING NOT (grouping(touchpoint) = 0 AND touchpoint IS NULL)
)
SELECT kind, id, period,
       nps_n, CASE WHEN nps_n > 0 THEN 100 * nps_pd::DOUBLE / nps_n END,
       csat_n, CASE WHEN csat_n > 0 THEN 100 * csat_k::DOUBLE / csat_n END,
       ces_n, CASE WHEN ces_n > 0 THEN ces_sum::DOUBLE / ces_n END
FROM g ORDER BY kind, id, period
"""
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
