#!/usr/bin/python3
"""Packaging speed comparison, one run, same machine (see README "Benchmarks").

Input: an already-encoded 1080p 4-rendition H.264 ladder (1080p 5000k, 720p 2800k, 480p 1200k,
360p 700k; 2 s closed GOPs) plus one AAC 128k audio file, made once with Debian's ffmpeg and
cached in benchmarks/work/. Each run stream-copies all five files into HLS + DASH with CMAF
segments (4 s):
  1. streamforge package IN... --hls --dash              (one run, one set of segments, two manifests)
  2. ffmpeg -c copy -f hls (fmp4)  +  ffmpeg -c copy -f dash    (two runs: two sets of segments)
  3. ffmpeg -c copy -f dash -hls_playlist 1                      (one run, one set, two manifests)
Throughput = input megabytes / wall seconds. The runs are repeated (--repeat, default 5) in
round-robin order and medians reported (the VM's CPU speed drifts). Then peak RSS of streamforge
on the title and on the same title looped --long-factor times (memory must not grow with length).

usage: benchmarks/package_vs_ffmpeg.py [--duration 60] [--repeat 5] [--long-factor 4] [--keep]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# STREAMFORGE_CLI: another build's CLI (its build folder's benchmarks/ are used too).
CLI = os.environ.get("STREAMFORGE_CLI", os.path.join(ROOT, "build", "release", "examples", "cli", "streamforge"))
WORK = os.path.join(ROOT, "benchmarks", "work")
RUNGS = [("1080p", 1920, 1080, 5000), ("720p", 1280, 720, 2800), ("480p", 854, 480, 1200), ("360p", 640, 360, 700)]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-3000:] + r.stderr[-3000:])
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return r


def timed(cmd):
    """(wall s, cpu s, max RSS MiB) of cmd under /usr/bin/time."""
    r = run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd)
    m = re.findall(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", r.stderr)[-1]
    return float(m[0]), float(m[1]) + float(m[2]), int(m[3]) / 1024.0


def make_ladder(duration):
    """The encoded ladder (cached): four H.264 files and one AAC file."""
    folder = os.path.join(WORK, f"package-ladder-{duration}s")
    files = [os.path.join(folder, f"{name}.mp4") for name, *_ in RUNGS] + [os.path.join(folder, "audio.mp4")]
    if all(os.path.exists(f) for f in files):
        return files
    os.makedirs(folder, exist_ok=True)
    print(f"encoding the {duration} s input ladder once (cached in {folder}) ...", flush=True)
    src = ["-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={duration}"]
    for (name, w, h, kbps), out in zip(RUNGS, files):
        run(["ffmpeg", "-v", "error", "-y"] + src + ["-vf", f"scale={w}:{h}", "-c:v", "libx264", "-preset", "ultrafast",
             "-b:v", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k", "-g", "60", "-keyint_min", "60",
             "-sc_threshold", "0", "-pix_fmt", "yuv420p", out])
    run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}:sample_rate=48000",
         "-ac", "2", "-c:a", "aac", "-b:a", "128k", files[-1]])
    return files


def looped(files, factor):
    """The same ladder `factor` times as long (stream copy, -stream_loop)."""
    out = []
    for f in files:
        target = f.replace(".mp4", f".x{factor}.mp4")
        if not os.path.exists(target):
            run(["ffmpeg", "-v", "error", "-y", "-stream_loop", str(factor - 1), "-i", f, "-c", "copy", target])
        out.append(target)
    return out


def ffmpeg_inputs(files):
    args = []
    for f in files:
        args += ["-i", f]
    for i in range(len(files) - 1):
        args += ["-map", f"{i}:v"]
    return args + ["-map", f"{len(files) - 1}:a", "-c", "copy"]


def streamforge_cmd(files, out):
    return [CLI, "package"] + files + ["--out", out, "--hls", "--dash", "--segment", "4", "--quiet"]


def ffmpeg_hls_cmd(files, out):
    var_map = " ".join([f"v:{i},agroup:aud" for i in range(len(files) - 1)] + ["a:0,agroup:aud"])
    return (["ffmpeg", "-v", "error", "-y"] + ffmpeg_inputs(files) +
            ["-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
             "-var_stream_map", var_map, "-master_pl_name", "master.m3u8",
             "-hls_segment_filename", os.path.join(out, "%v", "seg%d.m4s"), os.path.join(out, "%v", "playlist.m3u8")])


def ffmpeg_dash_cmd(files, out, hls_playlist=False):
    return (["ffmpeg", "-v", "error", "-y"] + ffmpeg_inputs(files) +
            ["-f", "dash", "-seg_duration", "4", "-use_timeline", "1", "-use_template", "1",
             "-adaptation_sets", "id=0,streams=v id=1,streams=a"] + (["-hls_playlist", "1"] if hls_playlist else []) +
            [os.path.join(out, "manifest.mpd")])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--long-factor", type=int, default=4)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(CLI):
        raise SystemExit(f"{CLI} missing: run ./setup.sh build first")
    files = make_ladder(args.duration)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"input: {len(files)} files, {megabytes:.1f} MB, {args.duration} s")

    tmp = tempfile.mkdtemp(prefix="sf-package-bench-")
    times = {"streamforge": [], "ffmpeg hls+dash": [], "ffmpeg dash+hls_playlist": []}
    rss = {}
    try:
        for rep in range(args.repeat):
            out = os.path.join(tmp, "sf")
            shutil.rmtree(out, ignore_errors=True)
            wall, _, mem = timed(streamforge_cmd(files, out))
            times["streamforge"].append(wall)
            rss["streamforge"] = mem

            hls_out, dash_out = os.path.join(tmp, "ff-hls"), os.path.join(tmp, "ff-dash")
            for d in (hls_out, dash_out):
                shutil.rmtree(d, ignore_errors=True)
                os.makedirs(d)
            for i in range(len(files)):
                os.makedirs(os.path.join(hls_out, str(i)), exist_ok=True)
            w1, _, m1 = timed(ffmpeg_hls_cmd(files, hls_out))
            w2, _, m2 = timed(ffmpeg_dash_cmd(files, dash_out))
            times["ffmpeg hls+dash"].append(w1 + w2)
            rss["ffmpeg hls+dash"] = max(m1, m2)

            both = os.path.join(tmp, "ff-both")
            shutil.rmtree(both, ignore_errors=True)
            os.makedirs(both)
            w3, _, m3 = timed(ffmpeg_dash_cmd(files, both, hls_playlist=True))
            times["ffmpeg dash+hls_playlist"].append(w3)
            rss["ffmpeg dash+hls_playlist"] = m3
            print(f"  run {rep + 1}: streamforge {wall:.3f} s, ffmpeg hls+dash {w1 + w2:.3f} s, "
                  f"ffmpeg dash+hls_playlist {w3:.3f} s", flush=True)

        sf = statistics.median(times["streamforge"])
        print(f"\n{'':28s} {'wall s (median)':>16s} {'MB/s':>8s} {'peak RSS MiB':>13s} {'streamforge speed-up':>21s}")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"{name:28s} {med:16.3f} {megabytes / med:8.1f} {rss[name]:13.1f} {med / sf:20.2f}x")

        long_files = looped(files, args.long_factor)
        long_out = os.path.join(tmp, "sf-long")
        wall_long, _, mem_long = timed(streamforge_cmd(long_files, long_out))
        print(f"\nmemory vs title length: {args.duration} s title peak RSS {rss['streamforge']:.1f} MiB; "
              f"{args.duration * args.long_factor} s title peak RSS {mem_long:.1f} MiB ({wall_long:.2f} s)")
    finally:
        if args.keep:
            print(f"outputs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
