#!/usr/bin/env python3
"""Independent re-computation of cxsite's data/metrics.json (Python 3 stdlib + PyYAML).

Written from docs/design.md, docs/methodology.md, README.md and cxsite.yaml only,
not from the Rust source.

usage: python3 bench/verify_metrics.py PROJECT_DIR [PROJECT_DIR/public/data/metrics.json]
       [--period P]   (the --period given to cxsite build, if any)   [--show N]

Prints "N compared, M mismatched" and the first mismatches; exit 1 on any mismatch,
2 on a usage/input problem of this script.
"""
import argparse
import csv
import glob
import io
import json
import math
import os
import re
import sys
from statistics import NormalDist

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("verify_metrics.py needs PyYAML: pip install pyyaml")

Z = 1.959964
csv.field_size_limit(1 << 30)

# ----------------------------------------------------------------------------- statistics


def _betacf(a, b, x):
    """Continued fraction of the incomplete beta (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1.0 / d
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-16:
            break
    return h


def betainc(a, b, x):
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    bt = math.exp(lbt)
    if x < (a + 1.0) / (a + b + 2.0):
        return bt * _betacf(a, b, x) / a
    return 1.0 - bt * _betacf(b, a, 1.0 - x) / b


def t_sf(t, df):
    """P(T > t) for Student's t with df degrees of freedom (t >= 0)."""
    x = df / (df + t * t)
    return 0.5 * betainc(df / 2.0, 0.5, x)


def t_two_sided_p(t, df):
    return 2.0 * t_sf(abs(t), df)


def t_quantile_975(df):
    """t such that P(T > t) = 0.025, by bisection then Newton; accurate to ~1e-12."""
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > 0.025:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > 0.025:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return 0.5 * (lo + hi)


def norm_two_sided_p(z):
    return math.erfc(abs(z) / math.sqrt(2.0))


def wilson(k, n):
    p = k / n
    z2 = Z * Z
    den = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = Z / den * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return [100 * max(0.0, centre - half), 100 * min(1.0, centre + half)]


def nps_adjusted(P, D, n):
    n2 = n + 3
    p2 = (P + 0.75) / n2
    d2 = (D + 0.75) / n2
    var = p2 + d2 - (p2 - d2) ** 2
    return p2 - d2, var, n2


def nps_stats(h):
    """h: list of 11 counts for 0..10."""
    n = sum(h)
    P = h[9] + h[10]
    D = sum(h[0:7])
    pas = h[7] + h[8]
    out = {"n": n, "promoters": P, "passives": pas, "detractors": D}
    if n:
        out["score"] = 100.0 * (P - D) / n
        c, var, n2 = nps_adjusted(P, D, n)
        hw = Z * math.sqrt(var / n2)
        out["ci95"] = [max(-100.0, 100 * (c - hw)), min(100.0, 100 * (c + hw))]
    return out


def csat_top2(scale):
    return {5: (4, 5), 7: (6, 7), 10: (9, 10)}.get(scale, (scale - 1, scale))


def csat_stats(h, lo, scale):
    """h: dict value->count."""
    n = sum(h.values())
    out = {"n": n}
    if n:
        top = csat_top2(scale)
        k = sum(c for v, c in h.items() if v in top)
        out["k"] = k
        out["score"] = 100.0 * k / n
        out["ci95"] = wilson(k, n)
        out["mean"] = sum(v * c for v, c in h.items()) / n
    return out


def mean_sd(h):
    n = sum(h.values())
    m = sum(v * c for v, c in h.items()) / n
    if n < 2:
        return n, m, None
    ss = sum(c * (v - m) ** 2 for v, c in h.items())
    return n, m, math.sqrt(ss / (n - 1))


def ces_stats(h, lo, hi, agree_vals):
    n = sum(h.values())
    out = {"n": n}
    if n:
        _, m, s = mean_sd(h)
        out["score"] = m
        if n >= 2:
            hw = t_quantile_975(n - 1) * s / math.sqrt(n)
            out["ci95"] = [max(lo, m - hw), min(hi, m + hw)]
        else:
            out["ci95"] = None
        k = sum(c for v, c in h.items() if v in agree_vals)
        out["agree_k"] = k
        out["agree"] = 100.0 * k / n
        out["agree_ci95"] = wilson(k, n)
    return out


# ----------------------------------------------------------------------------- reading

NO_ANSWER_STRICT = {"", "n/a", "nvt"}  # the documented set
SCORE_RE = re.compile(r"^([+-]?\d+)(?:[.,]0*)?(?:\s*[-–:]\s*\S.*)?$")
ISO_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"
)
DMY_RE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_score(cell):
    """-> ('none',) | ('ok', int) | ('bad', reason)"""
    s = cell.strip()
    if s.lower() in NO_ANSWER_STRICT:
        return ("none",)
    m = SCORE_RE.match(s)
    if not m:
        return ("bad", "unreadable")
    return ("ok", int(m.group(1)))


def valid_ymd(y, mo, d):
    if not (1 <= mo <= 12) or d < 1:
        return False
    mdays = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= mdays[mo - 1]


def parse_date(cell, date_order="dmy"):
    s = cell.strip()
    m = ISO_RE.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = DMY_RE.match(s)
        if not m:
            return None
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if date_order == "mdy" and m.group(2) == "/":
            mo, d = a, b
        else:
            d, mo = a, b
    if not valid_ymd(y, mo, d):
        return None
    return (y, mo, d)


def period_of(ymd, kind):
    y, mo, _ = ymd
    if kind == "month":
        return "%04d-%02d" % (y, mo)
    return "%04d-Q%d" % (y, (mo - 1) // 3 + 1)


def prev_period(label, kind):
    if kind == "month":
        y, m = int(label[:4]), int(label[5:])
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return "%04d-%02d" % (y, m)
    y, q = int(label[:4]), int(label[6:])
    y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return "%04d-Q%d" % (y, q)


def year_ago(label):
    return "%04d%s" % (int(label[:4]) - 1, label[4:])


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        try:
            return raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    # Windows-1252; the 5 undefined bytes map to the C1 control of the same value (as WHATWG does)
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in raw
    ), "Windows-1252"


def detect_delimiter(text):
    first = text.split("\n", 1)[0]
    counts = {}
    for d in [",", ";", "\t", "|"]:
        # count outside double quotes
        inq, c = False, 0
        for ch in first:
            if ch == '"':
                inq = not inq
            elif ch == d and not inq:
                c += 1
        counts[d] = c
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else ","


DEFAULT_COLUMNS = {
    "id": "response_id",
    "date": "submitted_at",
    "persona": "persona",
    "touchpoint": "touchpoint",
    "nps": "nps",
    "csat": "csat",
    "ces": "ces",
    "comment": "comment",
}


class Project:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "cxsite.yaml"), encoding="utf-8-sig") as f:
            cfg = yaml.safe_load(f) or {}
        self.cfg = cfg
        self.period_kind = cfg.get("period", "quarter")
        self.min_responses = cfg.get("min_responses", 10)
        sv = cfg.get("surveys") or {}
        self.files_globs = sv.get("files", ["surveys/*.csv"])
        self.columns_given = dict(sv.get("columns") or {})
        self.columns = dict(DEFAULT_COLUMNS)
        self.columns.update(self.columns_given)
        self.dimensions_given = "dimensions" in sv
        self.dimensions = list(sv.get("dimensions", ["channel", "device"]))
        sc = sv.get("scales") or {}
        self.csat_scale = int(sc.get("csat", 5))
        self.ces_scale = int(sc.get("ces", 7))
        self.ces_direction = sv.get("ces_direction", "higher-is-better")
        self.delimiter = sv.get("delimiter")
        self.date_order = sv.get("date_order", "dmy")
        self.report_period = (cfg.get("report") or {}).get("period")
        content = os.path.join(root, "content")
        self.personas = sorted(
            os.path.splitext(os.path.basename(p))[0]
            for p in glob.glob(os.path.join(content, "personas", "*.yaml")) + glob.glob(os.path.join(content, "personas", "*.yml"))
        )
        self.persona_set = set(self.personas)
        self.journeys = {}  # id -> {"personas": [...], "stages": [(sid,[tp...])]}
        self.tp = {}  # touchpoint -> (journey, stage, moment_of_truth)
        self.pain_points = []
        for p in sorted(glob.glob(os.path.join(content, "journeys", "*.yaml")) + glob.glob(os.path.join(content, "journeys", "*.yml"))):
            jid = os.path.splitext(os.path.basename(p))[0]
            with open(p, encoding="utf-8-sig") as f:
                j = yaml.safe_load(f) or {}
            jid = j.get("id", jid)
            pers = j.get("personas") or ([j["persona"]] if j.get("persona") else [])
            stages = []
            for st in j.get("stages") or []:
                tps = []
                for t in st.get("touchpoints") or []:
                    tps.append(t["id"])
                    self.tp[t["id"]] = (jid, st["id"], bool(t.get("moment_of_truth", False)))
                stages.append((st["id"], tps))
                for pp in st.get("pain_points") or []:
                    self.pain_points.append(dict(pp, journey=jid))
            self.journeys[jid] = {"personas": pers, "stages": stages}

    # CSV ------------------------------------------------------------------
    def read_surveys(self):
        content = os.path.join(self.root, "content")
        files = []
        for g in self.files_globs:
            for p in sorted(glob.glob(os.path.join(content, g), recursive=True)):
                if os.path.isfile(p) and p not in files:
                    files.append(p)
        self.rows = []  # dicts: period, persona, touchpoint, dims{}, nps, csat, ces
        self.file_info = []
        self.no_answer = {"nps": 0, "csat": 0, "ces": 0}
        self.bad = {"score out of range": 0, "unreadable score": 0}
        self.rows_skipped = 0
        self.unknown_tp = 0
        for path in files:
            with open(path, "rb") as f:
                text, enc = decode(f.read())
            delim = self.delimiter or detect_delimiter(text)
            rdr = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"')
            try:
                header = next(rdr)
            except StopIteration:
                continue
            header = [h.strip() for h in header]
            idx = {}
            for role, name in self.columns.items():
                if name in header:
                    idx[role] = header.index(name)
            dims = [d for d in self.dimensions if d in header]
            scale = {
                "nps": (0, 10),
                "csat": (1, self.csat_scale),
                "ces": (1, self.ces_scale if self.ces_direction != "lower-is-better" else 5),
            }
            nrows = 0
            for rec in rdr:
                if not any(c.strip() for c in rec):
                    continue
                nrows += 1

                def cell(role):
                    i = idx.get(role)
                    return rec[i] if i is not None and i < len(rec) else ""

                ymd = parse_date(cell("date"), self.date_order)
                if ymd is None:
                    self.rows_skipped += 1
                    continue
                row = {
                    "period": period_of(ymd, self.period_kind),
                    # ids are lower-case (README); survey cells are matched trimmed and case-insensitively
                    "persona": cell("persona").strip().lower(),
                    "touchpoint": cell("touchpoint").strip().lower(),
                    "dims": {d: (rec[header.index(d)].strip() if header.index(d) < len(rec) else "") for d in dims},
                }
                if row["touchpoint"] and row["touchpoint"] not in self.tp:
                    self.unknown_tp += 1
                for m in ("nps", "csat", "ces"):
                    r = parse_score(cell(m)) if m in idx else ("none",)
                    if r[0] == "none":
                        if m in idx:
                            self.no_answer[m] += 1
                        row[m] = None
                    elif r[0] == "bad":
                        self.bad["unreadable score"] += 1
                        row[m] = None
                    else:
                        lo, hi = scale[m]
                        if lo <= r[1] <= hi:
                            row[m] = r[1]
                        else:
                            self.bad["score out of range"] += 1
                            row[m] = None
                self.rows.append(row)
            self.file_info.append({"file": os.path.relpath(path, self.root), "rows": nrows, "encoding": enc, "delimiter": delim})

    # aggregation ----------------------------------------------------------
    def groups_of(self, row):
        g = [("overall", "")]
        if row["persona"] in self.persona_set:  # an undeclared persona is a warning, not a group
            g.append(("persona", row["persona"]))
        t = row["touchpoint"]
        if t and t in self.tp:
            j, s, _ = self.tp[t]
            g += [("touchpoint", t), ("journey", j), ("stage", j + "/" + s)]
            # the segments within a touchpoint (#21): its responses by persona and by dimension value
            if row["persona"] in self.persona_set:
                g.append(("touchpoint/persona", t + "/" + row["persona"]))
            for d, v in row["dims"].items():
                if v:
                    g.append(("touchpoint/" + d, t + "/" + v))
        for d, v in row["dims"].items():
            if v:
                g.append((d, v))
        return g

    def aggregate(self):
        H = {}  # (group,id,period) -> {"responses":, "nps":[11], "csat":{}, "ces":{}}

        def slot(key):
            s = H.get(key)
            if s is None:
                s = H[key] = {"responses": 0, "nps": [0] * 11, "csat": {}, "ces": {}}
            return s

        periods = set()
        for row in self.rows:
            periods.add(row["period"])
            for g in self.groups_of(row):
                for per in (row["period"], "all"):
                    s = slot(g + (per,))
                    s["responses"] += 1
                    if row["nps"] is not None:
                        s["nps"][row["nps"]] += 1
                    for m in ("csat", "ces"):
                        if row[m] is not None:
                            s[m][row[m]] = s[m].get(row[m], 0) + 1
        self.periods = sorted(periods)
        # the declared groups appear in every period
        declared = [("overall", "")] + [("persona", p) for p in self.personas]
        for j, info in self.journeys.items():
            declared.append(("journey", j))
            for sid, tps in info["stages"]:
                declared.append(("stage", j + "/" + sid))
                declared += [("touchpoint", t) for t in tps]
        observed = {(g, i) for (g, i, _) in H}
        self.group_ids = sorted(set(declared) | observed)
        for gid in self.group_ids:
            for per in self.periods + ["all"]:
                slot(gid + (per,))
        self.H = H

    def metric_entry(self, key):
        s = self.H[key]
        cesr = (1, self.ces_scale)
        agree = set(range(5, 8)) if self.ces_scale == 7 else set()
        return {
            "responses": s["responses"],
            "nps": nps_stats(s["nps"]),
            "csat": csat_stats(s["csat"], 1, self.csat_scale),
            "ces": ces_stats(s["ces"], cesr[0], cesr[1], agree),
        }

    def change(self, metric, key_a, key_b):
        """A = earlier period, B = later. -> (delta, p, significant) or None"""
        a, b = self.H.get(key_a), self.H.get(key_b)
        if a is None or b is None:
            return None
        if metric == "nps":
            A, B = nps_stats(a["nps"]), nps_stats(b["nps"])
            if A["n"] == 0 or B["n"] == 0:
                return None
            ca, va, na = nps_adjusted(A["promoters"], A["detractors"], A["n"])
            cb, vb, nb = nps_adjusted(B["promoters"], B["detractors"], B["n"])
            z = (cb - ca) / math.sqrt(va / na + vb / nb)
            p = norm_two_sided_p(z)
            return B["score"] - A["score"], p, (p < 0.05 and A["n"] >= 30 and B["n"] >= 30)
        if metric == "csat":
            A, B = csat_stats(a["csat"], 1, self.csat_scale), csat_stats(b["csat"], 1, self.csat_scale)
            if A["n"] == 0 or B["n"] == 0:
                return None
            pb = (A["k"] + B["k"]) / (A["n"] + B["n"])
            se = math.sqrt(pb * (1 - pb) * (1 / A["n"] + 1 / B["n"]))
            p = 1.0 if se == 0 else norm_two_sided_p((B["k"] / B["n"] - A["k"] / A["n"]) / se)
            return B["score"] - A["score"], p, (p < 0.05 and A["n"] >= 30 and B["n"] >= 30)
        if metric == "ces":
            if not a["ces"] or not b["ces"]:
                return None
            n1, m1, s1 = mean_sd(a["ces"])
            n2, m2, s2 = mean_sd(b["ces"])
            if s1 is None or s2 is None:  # Welch needs n >= 2 on both sides: no change shown
                return None
            v1, v2 = s1 * s1 / n1, s2 * s2 / n2
            if v1 + v2 == 0:
                p = 1.0 if m1 == m2 else 0.0
            else:
                t = (m2 - m1) / math.sqrt(v1 + v2)
                df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
                p = t_two_sided_p(t, df)
            return m2 - m1, p, (p < 0.05 and n1 >= 30 and n2 >= 30)


# ----------------------------------------------------------------------------- comparing


class Cmp:
    def __init__(self, rounded):
        self.n = 0
        self.bad = []
        self.tol = 1e-4 if rounded else 1e-6
        self.notes = []

    def num(self, where, exp, got):
        self.n += 1
        if exp is None or got is None:
            if exp is not None or got is not None:
                self.bad.append((where, exp, got))
            return
        if isinstance(exp, bool) or isinstance(got, bool):
            if exp != got:
                self.bad.append((where, exp, got))
            return
        if isinstance(exp, (list, tuple)) or isinstance(got, (list, tuple)):
            if not (isinstance(exp, (list, tuple)) and isinstance(got, (list, tuple)) and len(exp) == len(got)):
                self.bad.append((where, exp, got))
                return
            self.n -= 1
            for i, (e, g) in enumerate(zip(exp, got)):
                self.num("%s[%d]" % (where, i), e, g)
            return
        if isinstance(exp, str) or isinstance(got, str):
            if exp != got:
                self.bad.append((where, exp, got))
            return
        if abs(exp - got) > max(self.tol, 1e-9 * abs(exp)):
            self.bad.append((where, exp, got))


def looks_rounded(doc):
    """True when no float in the metrics carries more than 4 decimals."""
    found = []

    def walk(x):
        if isinstance(x, float):
            found.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc.get("metrics", []))
    return bool(found) and all(abs(round(v, 4) - v) < 1e-12 for v in found)


def compare(proj, doc, cmp):
    mp = proj.min_responses
    got = {}
    for m in doc.get("metrics", []):
        k = (m["group"], m["id"], m["period"])
        if k in got:
            cmp.bad.append(("duplicate entry %s" % (k,), None, None))
        got[k] = m
    exp_keys = {gid + (per,) for gid in proj.group_ids for per in proj.periods + ["all"]}
    cmp.num("periods", ",".join(proj.periods), ",".join(doc.get("periods", [])))
    cur = proj.current
    cmp.num("current_period", cur, doc.get("current_period"))
    if "responses_after_current_period" in doc:
        cmp.num("responses_after_current_period", proj.after, doc["responses_after_current_period"])
    for k in sorted(exp_keys - set(got)):
        cmp.n += 1
        cmp.bad.append(("missing entry %s/%s/%s" % k, "present", "absent"))
    for k in sorted(set(got) - exp_keys):
        cmp.n += 1
        cmp.bad.append(("unexpected entry %s/%s/%s" % k, "absent", "present"))
    for k in sorted(exp_keys & set(got)):
        e = proj.metric_entry(k)
        g = got[k]
        w = "%s/%s/%s" % k
        cmp.num(w + " responses", e["responses"], g.get("responses"))
        for met in ("nps", "csat", "ces"):
            em, gm = e[met], g.get(met) or {}
            cmp.num("%s %s.n" % (w, met), em["n"], gm.get("n"))
            supp = em["n"] < mp
            cmp.num("%s %s.suppressed" % (w, met), supp, bool(gm.get("suppressed")))
            if supp:
                cmp.num("%s %s.score" % (w, met), None, gm.get("score"))
                for extra in ("ci95", "promoters", "detractors", "passives", "mean", "agree", "agree_ci95", "change"):
                    if gm.get(extra) is not None:
                        cmp.n += 1
                        cmp.bad.append(("%s %s.%s (suppressed metric shows it)" % (w, met, extra), None, gm.get(extra)))
                continue
            if em["n"] == 0:  # only with min_responses 0
                cmp.num("%s %s.score" % (w, met), None, gm.get("score"))
                continue
            cmp.num("%s %s.score" % (w, met), em["score"], gm.get("score"))
            cmp.num("%s %s.ci95" % (w, met), em.get("ci95"), gm.get("ci95"))
            cmp.num("%s %s.low_confidence" % (w, met), em["n"] < 30, gm.get("low_confidence"))
            if met == "nps":
                for c in ("promoters", "passives", "detractors"):
                    cmp.num("%s nps.%s" % (w, c), em[c], gm.get(c))
            elif met == "csat":
                cmp.num("%s csat.mean" % w, em["mean"], gm.get("mean"))
            else:
                cmp.num("%s ces.agree" % w, em["agree"], gm.get("agree"))
                cmp.num("%s ces.agree_ci95" % w, em["agree_ci95"], gm.get("agree_ci95"))
            # change against previous period and year ago
            per = k[2]
            if per == "all":
                if gm.get("change"):
                    cmp.n += 1
                    cmp.bad.append(("%s %s.change (on 'all')" % (w, met), None, gm.get("change")))
                continue
            gch = gm.get("change") or {}
            for kind, other in (("previous", prev_period(per, proj.period_kind)), ("year_ago", year_ago(per))):
                okey = k[:2] + (other,)
                res = None
                if other in proj.periods and okey in proj.H:
                    on = proj.metric_entry(okey)[met]["n"]
                    if on >= mp and on > 0:
                        res = proj.change(met, okey, k)
                gc = gch.get(kind)
                where = "%s %s.change.%s" % (w, met, kind)
                if res is None:
                    if gc is not None:
                        cmp.n += 1
                        cmp.bad.append((where, None, gc))
                    continue
                if gc is None:
                    cmp.n += 1
                    cmp.bad.append((where, "delta %.6g p %s" % (res[0], res[1]), None))
                    continue
                cmp.num(where + ".period", other, gc.get("period"))
                cmp.num(where + ".delta", res[0], gc.get("delta"))
                cmp.num(where + ".p_value", res[1], gc.get("p_value"))
                cmp.num(where + ".significant", res[2], gc.get("significant"))
    # data quality
    dq = doc.get("data_quality") or {}
    if dq:
        for m in ("nps", "csat", "ces"):
            cmp.num("data_quality.no_answer.%s" % m, proj.no_answer[m], (dq.get("no_answer") or {}).get(m, 0))
        issues = dq.get("issues") or {}
        total_bad = sum(v.get("count", 0) for kk, v in issues.items() if "score" in kk)
        cmp.num("data_quality.cells left out (out-of-range + unreadable scores)", sum(proj.bad.values()), total_bad)
        unknown = sum(v.get("count", 0) for kk, v in issues.items() if kk.startswith("unknown touchpoint"))
        cmp.num("data_quality.unknown touchpoint rows", proj.unknown_tp, unknown)
        cmp.num("data_quality.rows_skipped", proj.rows_skipped, dq.get("rows_skipped"))
        files = {f["file"]: f for f in dq.get("files", [])}
        for fi in proj.file_info:
            gf = files.get(fi["file"]) or {}
            cmp.num("data_quality.files[%s].rows" % fi["file"], fi["rows"], gf.get("rows"))
            cmp.num("data_quality.files[%s].encoding" % fi["file"], fi["encoding"], gf.get("encoding"))
            dname = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[fi["delimiter"]]
            cmp.num("data_quality.files[%s].delimiter" % fi["file"], dname, gf.get("delimiter"))
    # pain points
    compare_pain_points(proj, doc, cmp, cur)


def compare_pain_points(proj, doc, cmp, cur):
    gpp = {p["id"]: p for p in doc.get("pain_points", [])}
    rows = []
    for pp in proj.pain_points:
        t = pp.get("touchpoint")
        s = proj.H.get(("touchpoint", t, cur))
        mot = proj.tp.get(t, (None, None, False))[2]
        moment = 1.5 if mot else 1.0
        e = {"id": pp["id"], "severity": pp.get("severity"), "effort": pp.get("effort"), "moment": moment,
             "touchpoint": t, "journey": pp["journey"]}
        reach = s["responses"] if s else 0
        e["reach"] = reach
        metric = None
        if s:
            if sum(s["nps"]):
                metric, n, k = "nps", sum(s["nps"]), sum(s["nps"][0:7])
            elif s["csat"]:
                metric, n, k = "csat", sum(s["csat"].values()), sum(c for v, c in s["csat"].items() if v <= 2)
            elif s["ces"]:
                metric, n, k = "ces", sum(s["ces"].values()), sum(c for v, c in s["ces"].items() if v <= 3)
        if metric and reach:
            e.update(metric=metric, answers=n, unhappy_count=k, unhappy=k / n, unhappy_lower=wilson(k, n)[0] / 100)
            f = e["severity"] * moment / e["effort"]
            e["priority"] = reach * e["unhappy"] * f
            e["priority_conservative"] = reach * e["unhappy_lower"] * f
        rows.append(e)
    ev = [r for r in rows if "priority" in r]
    by_cons = sorted(ev, key=lambda r: -r["priority_conservative"])
    by_est = sorted(ev, key=lambda r: -r["priority"])
    for i, r in enumerate(by_cons):
        r["rank"] = i + 1
    for i, r in enumerate(by_est):
        r["rank_by_estimate"] = i + 1
    cons_vals = [r["priority_conservative"] for r in ev]
    est_vals = [r["priority"] for r in ev]
    for r in rows:
        w = "pain_point %s" % r["id"]
        g = gpp.get(r["id"])
        cmp.n += 1
        if g is None:
            cmp.bad.append((w, "present", "absent"))
            continue
        for f in ("touchpoint", "journey", "severity", "effort", "moment", "reach"):
            cmp.num("%s.%s" % (w, f), r[f], g.get(f))
        if "priority" not in r:
            # no survey evidence: ranked after every pain point with evidence, marked as such
            cmp.num("%s.evidence" % w, "no survey evidence", "no survey evidence"
                    if "no" in str(g.get("evidence", "")).lower() else g.get("evidence"))
            cmp.num("%s.rank after those with evidence" % w, True, (g.get("rank") or 0) > len(ev))
            continue
        for f in ("metric", "answers", "unhappy_count", "unhappy", "unhappy_lower", "priority", "priority_conservative"):
            cmp.num("%s.%s" % (w, f), r[f], g.get(f))
        # ranks: only compare where no tie makes the order ambiguous
        if cons_vals.count(r["priority_conservative"]) == 1:
            cmp.num("%s.rank" % w, r["rank"], g.get("rank"))
        if est_vals.count(r["priority"]) == 1:
            cmp.num("%s.rank_by_estimate" % w, r["rank_by_estimate"], g.get("rank_by_estimate"))
    for pid in gpp:
        if pid not in {r["id"] for r in rows}:
            cmp.n += 1
            cmp.bad.append(("pain_point %s" % pid, "absent", "present"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project")
    ap.add_argument("metrics", nargs="?")
    ap.add_argument("--period", help="the --period given to cxsite build, if any")
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    proj = Project(args.project)
    mpath = args.metrics or os.path.join(args.project, proj.cfg.get("output", "public"), "data", "metrics.json")
    try:
        with open(mpath, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("cannot read %s: %s (did the build fail?)" % (mpath, e))
        sys.exit(2)
    proj.read_surveys()
    # The report is "as of" its period: later responses are left out of every figure (also "all")
    # and only counted in responses_after_current_period.
    latest = max((r["period"] for r in proj.rows), default=None)
    proj.current = args.period or proj.report_period or latest
    proj.after = sum(1 for r in proj.rows if proj.current and r["period"] > proj.current)
    proj.rows = [r for r in proj.rows if not proj.current or r["period"] <= proj.current]
    proj.aggregate()
    cmp = Cmp(looks_rounded(doc))
    compare(proj, doc, cmp)
    print("%d rows read, %d groups, periods %s" % (len(proj.rows), len(proj.group_ids), ", ".join(proj.periods)))
    print("%d compared, %d mismatched (tolerance %g)" % (cmp.n, len(cmp.bad), cmp.tol))
    for where, e, g in cmp.bad[: args.show]:
        print("  MISMATCH %s: expected %r, got %r" % (where, e, g))
    sys.exit(1 if cmp.bad else 0)


if __name__ == "__main__":
    main()
