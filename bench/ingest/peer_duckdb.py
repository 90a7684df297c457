#!/usr/bin/env python3
"""Peer for the ingest benchmark: the NPS / CSAT / CES figures per touchpoint, persona and
channel and quarter, computed with DuckDB (read_csv, all cores) from the survey CSV.

Quarter = the quarter of the date as written in `submitted_at` (its first 10 characters;
the time zone does not move it). NPS = 100*(P-D)/n over answers 0-10; CSAT = % of 4-5 over
answers 1-5; CES = mean over answers 1-7. Blank cells are not answers.

usage: python3 bench/ingest/peer_duckdb.py EXPORT.csv OUT.json
Writes a JSON list of {group, id, period, nps: {n, score}, csat: {n, score}, ces: {n, score}}.
"""
import json
import os
import sys

import duckdb

KINDS = ("touchpoint", "persona", "channel")

QUERY = """
WITH r AS (
  SELECT touchpoint, persona, channel,
         substr(submitted_at, 1, 4) || '-Q' ||
           CAST((CAST(substr(submitted_at, 6, 2) AS INTEGER) - 1) // 3 + 1 AS VARCHAR) AS period,
         CASE WHEN nps BETWEEN 0 AND 10 THEN nps END AS nps,
         CASE WHEN csat BETWEEN 1 AND 5 THEN csat END AS csat,
         CASE WHEN ces BETWEEN 1 AND 7 THEN ces END AS ces
  FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"',
                columns = {'response_id': 'VARCHAR', 'submitted_at': 'VARCHAR',
                           'persona': 'VARCHAR', 'touchpoint': 'VARCHAR',
                           'channel': 'VARCHAR', 'device': 'VARCHAR', 'nps': 'INTEGER',
                           'csat': 'INTEGER', 'ces': 'INTEGER', 'comment': 'VARCHAR'})
)
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
ORDER BY kind, id, period
"""


def main(src: str, out: str) -> None:
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    rows = con.execute(QUERY, [src]).fetchall()
    result = [{"group": kind, "id": id_, "period": period,
               "nps": {"n": nn, "score": ns}, "csat": {"n": cn, "score": cs},
               "ces": {"n": en, "score": es}}
              for kind, id_, period, nn, ns, cn, cs, en, es in rows]
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
