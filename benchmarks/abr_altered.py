#!/usr/bin/env python3
"""A guard against tuning the ABR controller to the train traces: every train trace altered 9 ways
(its start rotated by 0, 1/3, 2/3 of its length x its bandwidth scaled by 0.7, 1.0, 1.4), played by
streamforge, RobustMPC and BOLA through `streamforge abr-sim --sessions-csv`.

The copies are written to a temporary folder (the shared traces are never modified). Rotation
moves the first k intervals of the trace to its end, so a session starts in the middle of the
recording; scaling multiplies every throughput. 0.7x makes many traces unplayable, hence the low
absolute values.

Usage: benchmarks/abr_altered.py [--cli build/release/examples/cli/streamforge] [--data ../shared/abr-traces]
                                 [--config abr.json]
Prints mean QoE_lin per family and bandwidth scale, and the paired difference streamforge - other
over all copies of a family (mean, t statistic).
"""

import argparse
import csv
import math
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
ROTATIONS = (0.0, 1 / 3, 2 / 3)
SCALES = ("0.7", "1.0", "1.4")
ALGOS = ("streamforge", "robust-mpc", "bola")


def write_copies(src, dst):
    for f in sorted(src.iterdir()):
        rows = [line.split() for line in f.read_text().splitlines() if line.strip()]
        t = [float(r[0]) for r in rows]
        mbps = [float(r[1]) for r in rows]
        intervals = [(t[i] - t[i - 1], mbps[i]) for i in range(1, len(t))]
        fcc = f.name.startswith("trace_")
        for ri, rot in enumerate(ROTATIONS):
            k = int(len(intervals) * rot)
            r = intervals[k:] + intervals[:k]
            for sc in SCALES:
                s = float(sc)
                # Keep the family recognisable by name: FCC copies start with trace_, HSDPA end in .log.
                name = f"trace_alt_r{ri}_s{sc}_{f.name[6:]}" if fcc else f"alt_r{ri}_s{sc}_{f.name}"
                lines = [f"0.0 {r[0][1] * s}"]
                clock = 0.0
                for dt, m in r:
                    clock += dt
                    lines.append(f"{clock:.6f} {m * s}")
                (dst / name).write_text("\n".join(lines) + "\n")


def run(cli, traces, video, pattern, config, tmp):
    out = pathlib.Path(tmp) / "s.csv"
    cmd = [cli, "abr-sim", "--traces", str(traces), "--filter", pattern, "--video-sizes", str(video),
           "--algo", ",".join(ALGOS), "--sessions-csv", str(out)]
    if config:
        cmd += ["--config", config]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    rows = {}
    for r in csv.DictReader(open(out)):
        rows.setdefault(r["algorithm"], {})[r["trace"]] = float(r["qoe_lin"])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=str(ROOT / "build/release/examples/cli/streamforge"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared/abr-traces"))
    ap.add_argument("--config", default="")
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        copies = pathlib.Path(tmp) / "traces"
        copies.mkdir()
        write_copies(data / "train", copies)
        print("| family (copies) | " + " | ".join(f"{a} {s}x" for s in SCALES for a in ALGOS[:1]) +
              " | streamforge all | robust-mpc all | bola all | sf - robust-mpc (t) | sf - bola (t) |")
        print("|---|" + "---:|" * (len(SCALES) + 5))
        for fam, pattern in (("FCC", "trace_*"), ("HSDPA", "*.log")):
            rows = run(args.cli, copies, data / "video_sizes", pattern, args.config, tmp)
            names = sorted(rows["streamforge"])
            mean = lambda a, ns: sum(rows[a][t] for t in ns) / len(ns)
            per_scale = [mean("streamforge", [t for t in names if f"_s{s}_" in t]) for s in SCALES]
            cells = []
            for other in ALGOS[1:]:
                d = [rows["streamforge"][t] - rows[other][t] for t in names]
                m = sum(d) / len(d)
                sd = math.sqrt(sum((x - m) ** 2 for x in d) / (len(d) - 1))
                cells.append(f"{m:+.3f} ({m / (sd / math.sqrt(len(d))):.1f})")
            print(f"| {fam} ({len(names)}) | " + " | ".join(f"{v:.3f}" for v in per_scale) + " | " +
                  " | ".join(f"{mean(a, names):.3f}" for a in ALGOS) + " | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
