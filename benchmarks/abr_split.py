#!/usr/bin/env python3
"""Paired comparisons of streamforge's ABR controller against RobustMPC and BOLA on the shared train
traces, per family (FCC, HSDPA) and per half of a fixed tune / holdout split, with and without the
+-10 % delay noise, through `streamforge abr-sim --sessions-csv`.

The split: within each family the trace files are sorted by name; even positions (0, 2, ...) are
the "tune" half, odd positions the "holdout" half (FCC 30 / 29, HSDPA 34 / 34). Controller changes
were developed on the tune half; the holdout half is reported to show how much of a gain carries
over to traces the tuning did not look at.

Usage: benchmarks/abr_split.py [--cli build/release/examples/cli/streamforge] [--data ../shared/abr-traces]
                               [--config abr.json] [--algos streamforge,robust-mpc,bola]
Prints a Markdown table: mean difference streamforge - other with its 95 % CI, traces won / tied /
lost, and the two-sided paired t test's p.
"""

import argparse
import csv
import math
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _betacf(a, b, x):
    tiny, eps = 1e-300, 1e-14
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 301):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)), -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1 + num * d
            c = 1 + num / c
            d = 1 / (d if abs(d) > tiny else tiny)
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < eps:
            break
    return h


def _betai(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_p(t, df):
    return _betai(df / 2, 0.5, df / (df + t * t)) if math.isfinite(t) else 0.0


def t_crit(df):
    table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
             2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
             2.045, 2.042]
    return table[df - 1] if df <= 30 else 1.96 + 2.46 / df


def paired(a, b):
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    mean = sum(d) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    se = sd / math.sqrt(n)
    t = mean / se if se > 0 else math.inf
    ties = sum(1 for x, y in zip(a, b) if abs(x - y) <= 1e-12 * max(1.0, abs(x)))
    wins = sum(1 for x in d if x > 0) - sum(1 for x, y in zip(a, b) if x > y and abs(x - y) <= 1e-12 * max(1.0, abs(x)))
    return mean, t_crit(n - 1) * se, wins, ties, n - wins - ties, t_p(t, n - 1)


def run(cli, data, algos, config, noise, pattern):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "s.csv"
        cmd = [cli, "abr-sim", "--traces", str(data / "train"), "--filter", pattern,
               "--video-sizes", str(data / "video_sizes"), "--algo", algos, "--sessions-csv", str(out)]
        if config:
            cmd += ["--config", config]
        if noise:
            cmd.append("--noise")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        rows = {}
        for r in csv.DictReader(open(out)):
            rows.setdefault(r["algorithm"], {})[r["trace"]] = float(r["qoe_lin"])
        return rows


# As benchmarks/abr_table.py and RESULTS.md do, each family is simulated on its own (`--filter`),
# which matters with --noise: a trace's noise sequence is seeded by its position in the run.
FAMILIES = [("all", "*"), ("FCC", "trace_*"), ("HSDPA", "*.log")]


def halves(traces):
    fcc = sorted(t for t in traces if t.startswith("trace_"))
    hsdpa = sorted(t for t in traces if not t.startswith("trace_"))
    return [("both", fcc + hsdpa), ("tune", fcc[0::2] + hsdpa[0::2]), ("holdout", fcc[1::2] + hsdpa[1::2])]


def fmt_p(p):
    return f"{p:.2g}" if p >= 1e-3 else f"{p:.0e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=str(ROOT / "build/release/examples/cli/streamforge"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared/abr-traces"))
    ap.add_argument("--config", default="")
    ap.add_argument("--others", default="robust-mpc,bola")
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    others = args.others.split(",")
    print("| subset | half (n) | streamforge | " + " | ".join(f"vs {o}" for o in others) + " |")
    print("|---|---|---:|" + "---|" * len(others))
    for noise in (False, True):
        for fam, pattern in FAMILIES:
            rows = run(args.cli, data, ",".join(["streamforge"] + others), args.config, noise, pattern)
            for half, names in halves(rows["streamforge"].keys()):
                sf = [rows["streamforge"][t] for t in names]
                cells = []
                for o in others:
                    m, ci, w, ti, lo, p = paired(sf, [rows[o][t] for t in names])
                    cells.append(f"{m:+.3f} ± {ci:.3f}, {w} / {ti} / {lo}, p = {fmt_p(p)}")
                label = fam + (", noise" if noise else "")
                print(f"| {label} | {half} ({len(names)}) | {sum(sf) / len(sf):.3f} | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
