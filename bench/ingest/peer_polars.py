#!/usr/bin/env python3
"""Peer for the ingest benchmark: the NPS / CSAT / CES figures per touchpoint, persona and
channel and quarter, computed with polars' streaming engine from the survey CSV.

Quarter = the quarter of the date as written in `submitted_at` (its first 10 characters;
the time zone does not move it). NPS = 100*(P-D)/n over answers 0-10; CSAT = % of 4-5 over
answers 1-5; CES = mean over answers 1-7. Blank cells are not answers.

usage: python3 bench/ingest/peer_polars.py EXPORT.csv OUT.json
Writes a JSON list of {group, id, period, nps: {n, score}, csat: {n, score}, ces: {n, score}}.
"""
import json
import sys

import polars as pl

KINDS = ("touchpoint", "persona", "channel")


def main(src: str, out: str) -> None:
    # The export's header is known, so no schema inference; blank cells become null.
    lf = pl.scan_csv(src, schema={
        "response_id": pl.String, "submitted_at": pl.String, "persona": pl.String,
        "touchpoint": pl.String, "channel": pl.String, "device": pl.String,
        "nps": pl.Int64, "csat": pl.Int64, "ces": pl.Int64, "comment": pl.String})
    ts = pl.col("submitted_at")
    month = ts.str.slice(5, 2).cast(pl.Int32)
    quarter = ts.str.slice(0, 4) + pl.lit("-Q") + ((month - 1) // 3 + 1).cast(pl.String)
    nps, csat, ces = pl.col("nps"), pl.col("csat"), pl.col("ces")
    nps_ok = nps.is_between(0, 10)
    csat_ok = csat.is_between(1, 5)
    ces_ok = ces.is_between(1, 7)
    # One streaming pass: counts per (touchpoint, persona, channel, quarter) — the histogram
    # sufficient statistics — then the three roll-ups on the small result.
    fine = (
        lf.select(*KINDS, quarter.alias("period"), "nps", "csat", "ces")
        .group_by([*KINDS, "period"])
        .agg(
            nps_n=nps_ok.sum(),
            nps_p=(nps_ok & (nps >= 9)).sum(),
            nps_d=(nps_ok & (nps <= 6)).sum(),
            csat_n=csat_ok.sum(),
            csat_k=(csat_ok & (csat >= 4)).sum(),
            ces_n=ces_ok.sum(),
            ces_sum=pl.when(ces_ok).then(ces).otherwise(0).sum(),
        )
        .collect(engine="streaming")
    )
    sums = ["nps_n", "nps_p", "nps_d", "csat_n", "csat_k", "ces_n", "ces_sum"]
    result = []
    for kind in KINDS:
        g = fine.group_by([kind, "period"]).agg([pl.col(c).sum() for c in sums]).sort([kind, "period"])
        for r in g.iter_rows(named=True):
            result.append({
                "group": kind, "id": r[kind], "period": r["period"],
                "nps": {"n": r["nps_n"],
                        "score": 100.0 * (r["nps_p"] - r["nps_d"]) / r["nps_n"] if r["nps_n"] else None},
                "csat": {"n": r["csat_n"],
                         "score": 100.0 * r["csat_k"] / r["csat_n"] if r["csat_n"] else None},
                "ces": {"n": r["ces_n"],
                        "score": r["ces_sum"] / r["ces_n"] if r["ces_n"] else None},
            })
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
