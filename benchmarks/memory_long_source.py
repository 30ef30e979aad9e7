#!/usr/bin/python3
"""Memory stays flat on a long source: transcode a long generated clip and sample the process's
resident memory every second. Prints RSS at 10/25/50/75/100 % of the run and the peak.

usage: benchmarks/memory_long_source.py [--duration 7200] [--width 320 --height 180] [--fps 24]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build", "release", "examples", "cli", "streamforge")


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except FileNotFoundError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=7200)
    ap.add_argument("--width", type=int, default=320)
    ap.add_argument("--height", type=int, default=180)
    ap.add_argument("--fps", type=float, default=24)
    ap.add_argument("--chunked", type=int, default=0)
    ap.add_argument("--source", help="reuse an existing long clip instead of generating one")
    ap.add_argument("--null", action="store_true",
                    help="discard the packets (engine only): the MP4 muxer itself keeps one index entry per "
                         "sample until it writes the moov, which grows with duration in any tool")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="sf-mem-")
    try:
        src = args.source or os.path.join(work, "long.mp4")
        t = time.time()
        if not args.source:
            subprocess.run([CLI, "make-clip", src, "--width", str(args.width), "--height", str(args.height),
                            "--duration", str(args.duration), "--fps", str(args.fps), "--preset", "ultrafast"],
                           check=True, capture_output=True)
        print(f"source: {args.duration:.0f} s {args.width}x{args.height} {args.fps} fps + AAC, "
              f"{os.path.getsize(src) / 2**20:.0f} MiB (generated in {time.time() - t:.0f} s)")
        h = args.height
        ladder = {"gop_seconds": 2, "video": [
            {"name": "top", "height": h, "bitrate_kbps": 500, "preset": "ultrafast"},
            {"name": "low", "height": (h // 2) // 2 * 2, "bitrate_kbps": 200, "preset": "ultrafast"}],
            "audio": [{"codec": "aac", "bitrate_kbps": 64, "channels": 2}]}
        lp = os.path.join(work, "ladder.json")
        with open(lp, "w") as f:
            json.dump(ladder, f)
        cmd = [CLI, "transcode", src, "--ladder", lp, "--quiet"]
        cmd += ["--null"] if args.null else ["--out", os.path.join(work, "out")]
        if args.chunked:
            cmd += ["--chunked", str(args.chunked)]
        start = time.time()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        samples = []
        while p.poll() is None:
            r = rss_mib(p.pid)
            if r is not None:
                samples.append((time.time() - start, r))
            time.sleep(1.0)
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(err.decode()[-2000:])
        total = time.time() - start
        print(f"transcode ({'packets discarded' if args.null else 'MP4 files'}): {total:.0f} s wall, "
              f"{len(samples)} RSS samples")
        print("| progress | RSS MiB |")
        print("|---:|---:|")
        for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
            i = min(len(samples) - 1, max(0, int(frac * len(samples)) - 1))
            print(f"| {int(frac * 100)} % | {samples[i][1]:.0f} |")
        print(f"peak RSS {max(r for _, r in samples):.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
