#!/usr/bin/python3
"""Ladder speed comparison, one run, one source (see README "Benchmarks").

Times the same 4-rung H.264 ladder (1080p 5000k, 720p 2800k, 480p 1200k, 360p 700k; libx264
veryfast; 2 s closed GOPs, no scene-cut keyframes; AAC 128k) done by:
  1. streamforge one-pass       (decode once, scale once per size, rungs in parallel)
  2. streamforge chunked        (--chunked N)
  3. Debian's ffmpeg CLI        (one process: split + scale + four outputs, + the AAC output)
  4. the encoder-bound floor    (the four x264 encodes alone on pre-scaled raw frames; CPU time / cores)
and prints source frames per second, wall/CPU seconds, peak RSS and ratios, then PSNR of every
rendition of (1) and (3) against the same reference (the source scaled with bicubic).

--scaler-ab adds two runs that separate the scaler from the engine: streamforge with its zimg path
turned off (STREAMFORGE_SCALER=swscale) and ffmpeg with `zscale` (zimg, with the same bicubic
kernel and chroma siting streamforge gives it) in place of `scale`.

--interlaced makes the source 1080i25 (H.264 MBAFF, a 50 fps pattern woven into fields) and
deinterlaces at field rate on both sides: streamforge with "deinterlace_rate": "field", ffmpeg with
bwdif=mode=send_field in front of its split; the rungs are 50 fps and the PSNR reference is the
source through the same bwdif.

--warmup-ab adds streamforge chunked without warm-up (--chunk-warmup-gops 0): chunks encoded cold
undershoot their bitrate and lose quality; the default one GOP of warm-up costs one GOP of extra
encoding per chunk. The PSNR table then also gives each rendition's measured bitrate.

The runs are repeated (--repeat, default 3) in round-robin order and medians reported: on a
shared VM the CPU's speed drifts between runs (the same encode was seen taking 45 and 58 CPU-s
minutes apart), so single runs do not compare.

usage: benchmarks/ladder_vs_ffmpeg.py [--duration 20] [--chunks 8] [--repeat 3] [--content testsrc2|grain]
                                      [--keep] [--skip-psnr] [--skip-floor] [--scaler-ab] [--warmup-ab]
                                      [--interlaced]
"""
import statistics
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# STREAMFORGE_CLI picks another build (e.g. a development build folder).
CLI = os.environ.get("STREAMFORGE_CLI", os.path.join(ROOT, "build", "release", "examples", "cli", "streamforge"))

RUNGS = [  # name, height, width, kbps
    ("1080p", 1080, 1920, 5000),
    ("720p", 720, 1280, 2800),
    ("480p", 480, 854, 1200),
    ("360p", 360, 640, 700),
]
GOP_SECONDS = 2
FPS = 30  # the rungs' frame rate (50 with --interlaced)
DEINTERLACE = ""  # with --interlaced: FFmpeg's field-rate bwdif, in front of every scale


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, max RSS MiB)."""
    fmt = "TIME %e %U %S %M"
    r = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-3000:] + r.stderr[-3000:])
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    m = re.findall(r"TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", r.stderr)[-1]
    return float(m[0]), float(m[1]) + float(m[2]), int(m[3]) / 1024.0


def x264_args(kbps):
    return ["-c:v", "libx264", "-preset", "veryfast", "-b:v", f"{kbps}k", "-maxrate", f"{kbps * 107 // 100}k",
            "-bufsize", f"{kbps * 2}k", "-g", str(GOP_SECONDS * FPS), "-keyint_min", str(GOP_SECONDS * FPS),
            "-sc_threshold", "0", "-flags", "+cgop", "-pix_fmt", "yuv420p"]


def psnr(encoded, source, w, h):
    cmd = ["ffmpeg", "-hide_banner", "-nostats", "-i", encoded, "-i", source, "-lavfi",
           f"[1:v]{DEINTERLACE}scale={w}:{h}:flags=bicubic[ref];[0:v][ref]psnr", "-f", "null", "-"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    m = re.search(r"average:([\d.]+|inf)", r.stderr)
    return float(m.group(1)) if m else float("nan")


def kbps(encoded):
    r = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=bit_rate",
                        "-of", "csv=p=0", encoded], capture_output=True, text=True)
    try:
        return int(r.stdout.strip()) / 1000.0
    except ValueError:
        return float("nan")


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--chunks", type=int, default=8)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--skip-psnr", action="store_true")
    ap.add_argument("--skip-floor", action="store_true")
    ap.add_argument("--content", choices=["testsrc2", "grain"], default="testsrc2",
                    help="testsrc2: FFmpeg's moving test pattern; grain: the same with heavy temporal noise "
                         "(encoder-bound: x264 dominates, little decode/scale share)")
    ap.add_argument("--encoder-threads", type=int, default=0, help="streamforge --encoder-threads")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scaler-ab", action="store_true",
                    help="also time streamforge with swscale and ffmpeg with zscale (zimg)")
    ap.add_argument("--interlaced", action="store_true",
                    help="1080i25 source, deinterlaced at field rate (50 fps rungs) by both")
    ap.add_argument("--warmup-ab", action="store_true",
                    help="also time streamforge chunked without warm-up GOPs (--chunk-warmup-gops 0)")
    args = ap.parse_args()
    global FPS, DEINTERLACE
    if args.interlaced:
        FPS = 50
        DEINTERLACE = "bwdif=mode=send_field:parity=auto:deint=interlaced,"
    if not os.path.exists(CLI):
        raise SystemExit("build first: cmake --preset release && cmake --build --preset release")

    work = tempfile.mkdtemp(prefix="sf-bench-")
    try:
        src = os.path.join(work, "source_1080p.mp4")
        print(f"machine: {machine()}")
        pattern = "testsrc2=size={w}x{h}:rate={r}:duration={d}"
        if args.content == "grain":
            pattern += ",noise=alls=12:allf=t"
        shape = "1080i25 (top field first)" if args.interlaced else f"1920x1080 {FPS} fps"
        print(f"source: {args.duration:.0f} s {shape} ({args.content}), x264 crf 18 veryfast + AAC")
        subprocess.run([CLI, "make-clip", src, "--width", "1920", "--height", "1080", "--duration", str(args.duration),
                        "--crf", "18", "--preset", "veryfast", "--pattern", pattern]
                       + (["--interlaced", "--fps", "25"] if args.interlaced else []),
                       check=True, capture_output=True)
        frames = int(round(args.duration * FPS))

        ladder = {"gop_seconds": GOP_SECONDS, "deinterlace_rate": "field" if args.interlaced else "frame", "video": [
            {"name": n, "height": h, "codec": "h264", "bitrate_kbps": k, "maxrate_kbps": k * 107 // 100,
             "bufsize_kbps": k * 2, "preset": "veryfast"} for n, h, _, k in RUNGS],
            "audio": [{"codec": "aac", "bitrate_kbps": 128, "channels": 2}]}
        ladder_path = os.path.join(work, "ladder.json")
        with open(ladder_path, "w") as f:
            json.dump(ladder, f)

        out1 = os.path.join(work, "sf_one")
        out2 = os.path.join(work, "sf_chunked")
        out3 = os.path.join(work, "ffmpeg")
        os.makedirs(out3)
        out4 = os.path.join(work, "sf_swscale")
        out5 = os.path.join(work, "ffmpeg_zscale")
        out6 = os.path.join(work, "sf_chunked_cold")

        def ffmpeg_ladder(out, scaler):
            os.makedirs(out, exist_ok=True)
            fc = f"[0:v]{DEINTERLACE}split=4[v0][v1][v2][v3];" + ";".join(
                f"[v{i}]{scaler(w, h)}[s{i}]" for i, (_, h, w, _) in enumerate(RUNGS))
            cmd = ["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", src, "-filter_complex", fc]
            for i, (n, _, _, k) in enumerate(RUNGS):
                cmd += ["-map", f"[s{i}]", "-an"] + x264_args(k) + [os.path.join(out, f"{n}.mp4")]
            return cmd + ["-map", "0:a", "-vn", "-c:a", "aac", "-b:a", "128k", os.path.join(out, "audio.mp4")]

        ffmpeg_cmd = ffmpeg_ladder(out3, lambda w, h: f"scale={w}:{h}")
        one_pass = [CLI, "transcode", src, "--out", out1, "--ladder", ladder_path, "--quiet", "--encoder-threads",
                    str(args.encoder_threads)]
        # (name, command, output folder to empty before each run, extra environment)
        runs = [
            ("streamforge one-pass", one_pass, out1, {}),
            (f"streamforge chunked ({args.chunks})", [CLI, "transcode", src, "--out", out2, "--ladder", ladder_path,
                                                      "--chunked", str(args.chunks), "--quiet"], out2, {}),
            ("ffmpeg CLI, one process", ffmpeg_cmd, None, {}),
        ]
        if args.scaler_ab:
            runs.append(("streamforge one-pass, swscale", [out4 if a == out1 else a for a in one_pass], out4,
                         {"STREAMFORGE_SCALER": "swscale"}))
            runs.append(("ffmpeg CLI, zscale (zimg)", ffmpeg_ladder(out5, lambda w, h: (
                f"zscale=w={w}:h={h}:filter=bicubic:param_a=0:param_b=0.6:chromal=center:chromalin=center")),
                None, {}))
        if args.warmup_ab:
            runs.append((f"streamforge chunked ({args.chunks}), no warm-up",
                         [CLI, "transcode", src, "--out", out6, "--ladder", ladder_path, "--chunked", str(args.chunks),
                          "--chunk-warmup-gops", "0", "--quiet"], out6, {}))
        samples = {run[0]: [] for run in runs}
        for rep in range(args.repeat):
            order = runs[rep % len(runs):] + runs[:rep % len(runs)]  # rotate who goes first
            for name, cmd, target, env in order:
                if target:
                    shutil.rmtree(target, ignore_errors=True)  # each run starts from an empty folder
                samples[name].append(timed(cmd, env={**os.environ, **env}))
        results = []
        for name, *_ in runs:
            walls = [w for w, _, _ in samples[name]]
            cpus = [c for _, c, _ in samples[name]]
            results.append((name, statistics.median(walls), statistics.median(cpus),
                            max(r for _, _, r in samples[name]), walls))

        floor_cpu = None
        if not args.skip_floor:
            # Pre-scale to raw files (not timed), then time the four encodes alone, one after another.
            floor_cpu = 0.0
            for n, h, w, k in RUNGS:
                raw = os.path.join(work, f"{n}.yuv")
                subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", src, "-vf", f"{DEINTERLACE}scale={w}:{h}",
                                "-pix_fmt", "yuv420p", "-f", "rawvideo", raw], check=True, capture_output=True)
                _, cpu, _ = timed(["ffmpeg", "-hide_banner", "-nostats", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                                   "-s", f"{w}x{h}", "-r", str(FPS), "-i", raw] + x264_args(k) + ["-f", "null", "-"])
                floor_cpu += cpu
                os.remove(raw)

        cores = os.cpu_count()
        ff_wall = results[2][1]
        print()
        print(f"median of {args.repeat} interleaved runs each")
        print(f"| run | wall s (median) | CPU s (median) | source fps | speed vs ffmpeg | peak RSS MiB | all walls |")
        print(f"|---|---:|---:|---:|---:|---:|---|")
        for name, wall, cpu, rss, walls in results:
            print(f"| {name} | {wall:.1f} | {cpu:.1f} | {frames / wall:.1f} | {ff_wall / wall:.2f}x | {rss:.0f} | "
                  f"{' '.join(f'{w:.1f}' for w in walls)} |")
        if floor_cpu is not None:
            floor_wall = floor_cpu / cores
            print(f"| encoder-bound floor (4 encodes on raw frames, 1 run) | {floor_wall:.1f} (CPU/{cores}) | {floor_cpu:.1f} | "
                  f"{frames / floor_wall:.1f} | {ff_wall / floor_wall:.2f}x | - | |")
            print()
            print(f"streamforge one-pass wall / floor = {results[0][1] / floor_wall:.2f} (goal <= 1.20)")
        print(f"streamforge one-pass speed-up over ffmpeg = {ff_wall / results[0][1]:.2f}x (goal >= 1.15x)")

        if not args.skip_psnr:
            print()
            ab_head = " PSNR streamforge swscale | PSNR ffmpeg zscale |" if args.scaler_ab else ""
            warm_head = (" PSNR chunked, no warm-up | kbit/s one-pass / chunked / no warm-up / ffmpeg |"
                         if args.warmup_ab else "")
            print("| rung | PSNR streamforge one-pass | PSNR streamforge chunked | PSNR ffmpeg | one-pass - ffmpeg |"
                  + ab_head + warm_head)
            print("|---|---:|---:|---:|---:|" + ("---:|---:|" if args.scaler_ab else "")
                  + ("---:|---|" if args.warmup_ab else ""))
            for n, h, w, _ in RUNGS:
                a = psnr(os.path.join(out1, f"{n}.mp4"), src, w, h)
                c = psnr(os.path.join(out2, f"{n}.mp4"), src, w, h)
                b = psnr(os.path.join(out3, f"{n}.mp4"), src, w, h)
                ab = ""
                if args.scaler_ab:
                    ab = (f" {psnr(os.path.join(out4, f'{n}.mp4'), src, w, h):.2f} dB |"
                          f" {psnr(os.path.join(out5, f'{n}.mp4'), src, w, h):.2f} dB |")
                if args.warmup_ab:
                    files = [os.path.join(d, f"{n}.mp4") for d in (out1, out2, out6, out3)]
                    ab += (f" {psnr(files[2], src, w, h):.2f} dB |"
                           f" {' / '.join(f'{kbps(f):.0f}' for f in files)} |")
                print(f"| {n} | {a:.2f} dB | {c:.2f} dB | {b:.2f} dB | {a - b:+.2f} dB |" + ab)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
