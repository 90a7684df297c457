#!/usr/bin/env python3
"""Peer for the ingest benchmark: the NPS / CSAT / CES figures per touchpoint, persona and
channel and quarter, computed with polars' streaming engine from the survey CSV.

Quarter = the quarter of the date as written in the date column (its first 10 characters;
the time zone does not move it). NPS = 100*(P-D)/n over answers 0-10; CSAT = % of 4-5 over
answers 1-5; CES = mean over answers 1-7. Blank cells are not answers.

The export shapes (generate.py): plain and comments are read as they are; qualtrics skips the
two header rows under the column ids; wide is counted per score column in one pass and those
counts unpivoted, each touchpoint column's answers counting toward its touchpoint and the row's
persona and channel, the nps column's toward the persona and channel only (as cxsite counts a
wide row).

usage: python3 bench/ingest/peer_polars.py EXPORT.csv OUT.json [--shape plain|comments|qualtrics|wide]
Writes a JSON list of {group, id, period, nps: {n, score}, csat: {n, score}, ces: {n, score}}.
"""
import json
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SHAPES, layout  # noqa: E402  (the shapes' columns; standard library only)

KINDS = ("touchpoint", "persona", "channel")
SUMS = ["nps_n", "nps_p", "nps_d", "csat_n", "csat_k", "ces_n", "ces_sum"]


def counts(nps, csat, ces):
    """The histogram sufficient statistics of the three scores, as aggregations."""
    nps_ok = nps.is_between(0, 10)
    csat_ok = csat.is_between(1, 5)
    ces_ok = ces.is_between(1, 7)
    return dict(
        nps_n=nps_ok.sum(),
        nps_p=(nps_ok & (nps >= 9)).sum(),
        nps_d=(nps_ok & (nps <= 6)).sum(),
        csat_n=csat_ok.sum(),
        csat_k=(csat_ok & (csat >= 4)).sum(),
        ces_n=ces_ok.sum(),
        ces_sum=pl.when(ces_ok).then(ces).otherwise(0).sum(),
    )


def main(src: str, out: str, shape: str) -> None:
    lay = layout(shape)
    # The export's header is known, so no schema inference; blank cells become null.
    lf = pl.scan_csv(src, schema={name: pl.Int64 if kind == "int" else pl.String
                                  for name, kind in lay["columns"]},
                     skip_rows_after_header=lay["skip"])
    ts = pl.col(lay["date"])
    month = ts.str.slice(5, 2).cast(pl.Int32)
    quarter = ts.str.slice(0, 4) + pl.lit("-Q") + ((month - 1) // 3 + 1).cast(pl.String)
    segments = [pl.col(lay["persona"]).alias("persona"), pl.col(lay["channel"]).alias("channel"),
                quarter.alias("period")]
    if not lay["wide"]:
        scores = lay["scores"]
        nps, csat, ces = (pl.col(scores[m]) for m in ("nps", "csat", "ces"))
        # One streaming pass: counts per (touchpoint, persona, channel, quarter), then the
        # three roll-ups on the small result.
        fine = (lf.select(pl.col(lay["touchpoint"]).alias("touchpoint"), *segments, nps, csat, ces)
                .group_by(["touchpoint", "persona", "channel", "period"])
                .agg(**counts(nps, csat, ces))
                .collect(engine="streaming"))
    else:
        # One streaming pass over the wide rows: counts of every score column per (persona,
        # channel, quarter); then that small result is unpivoted to one row per column, its
        # touchpoint (none for the row's own nps) and the counts of its metric. (Unpivoting the
        # rows themselves first is not streamed: 3.2 GB and 2-3x the time at 10M.)
        none = pl.lit(None, dtype=pl.Int64)
        parts = [(lay["scores"]["nps"], None, "nps")] + lay["wide"]
        aggs = {}
        for i, (column, _, metric) in enumerate(parts):
            c = pl.col(column)
            aggs.update({f"{i}:{k}": v for k, v in counts(*(c if m == metric else none
                                                           for m in ("nps", "csat", "ces"))).items()
                         if k.startswith(metric)})
        wide = (lf.select(*segments, *(pl.col(c) for c, _, _ in parts))
                .group_by(["persona", "channel", "period"]).agg(**aggs)
                .collect(engine="streaming"))
        zero = pl.lit(0, dtype=pl.UInt32)
        fine = pl.concat([
            wide.select(pl.lit(tp, dtype=pl.String).alias("touchpoint"), "persona", "channel", "period",
                        *(pl.col(f"{i}:{k}").cast(pl.Int64).alias(k) if k.startswith(metric)
                          else zero.cast(pl.Int64).alias(k) for k in SUMS))
            for i, (_, tp, metric) in enumerate(parts)])
    result = []
    for kind in KINDS:
        g = (fine.filter(pl.col(kind).is_not_null())
             .group_by([kind, "period"]).agg([pl.col(c).sum() for c in SUMS]).sort([kind, "period"]))
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
    args = sys.argv[1:]
    shape = "plain"
    if len(args) == 4 and args[2] == "--shape" and args[3] in SHAPES:
        shape = args[3]
    elif len(args) != 2:
        sys.exit(__doc__)
    main(args[0], args[1], shape)
