#!/usr/bin/env python3
"""The ABR table of benchmarks/RESULTS.md: every algorithm on the shared train traces (all, FCC,
HSDPA; with and without the +-10 % delay noise), through `streamforge abr-sim --csv`.

Usage: benchmarks/abr_table.py [--cli build/release/examples/cli/streamforge] [--data ../shared/abr-traces]
Prints Markdown tables (QoE_lin with its 95 % CI, QoE_log, QoE_hd, rebuffer ratio, bitrate, switches).
"""

import argparse
import csv
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUBSETS = [("all (127)", "*"), ("FCC (59)", "trace_*"), ("HSDPA (68)", "*.log")]


def run(cli, data, pattern, noise):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "r.csv"
        cmd = [cli, "abr-sim", "--traces", str(data / "train"), "--filter", pattern,
               "--video-sizes", str(data / "video_sizes"), "--algo", "all", "--csv", str(out)]
        if noise:
            cmd.append("--noise")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return {r["algorithm"]: r for r in csv.DictReader(open(out))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=str(ROOT / "build/release/examples/cli/streamforge"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared/abr-traces"))
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    for noise in (False, True):
        results = {name: run(args.cli, data, pattern, noise) for name, pattern in SUBSETS}
        algos = list(results[SUBSETS[0][0]].keys())
        print(f"\n{'With' if noise else 'Without'} delay noise:\n")
        print("| algorithm | " + " | ".join(f"QoE_lin {n}" for n, _ in SUBSETS) +
              " | QoE_log (all) | QoE_hd (all) | rebuffer % (all / FCC / HSDPA) | kbit/s (all) | switches (all) |")
        print("|---|" + "---:|" * (len(SUBSETS) + 5))
        for a in algos:
            cells = [f"{float(results[n][a]['qoe_lin']):.3f} ± {float(results[n][a]['qoe_lin_ci95']):.3f}" for n, _ in SUBSETS]
            r = results[SUBSETS[0][0]][a]
            rb = " / ".join(f"{100 * float(results[n][a]['rebuffer_ratio']):.2f}" for n, _ in SUBSETS)
            name = f"**{a}**" if a == "streamforge" else a
            print(f"| {name} | " + " | ".join(cells) +
                  f" | {float(r['qoe_log']):.3f} | {float(r['qoe_hd']):.2f} | {rb} | {float(r['mean_bitrate_kbps']):.0f} |"
                  f" {float(r['switches']):.2f} |")


if __name__ == "__main__":
    main()
