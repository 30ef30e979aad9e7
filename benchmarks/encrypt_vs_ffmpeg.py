#!/usr/bin/python3
"""Encryption speed, one run, same machine (see README "Benchmarks").

Input: the cached 1080p 4-rendition ladder + AAC of package_vs_ffmpeg.py (benchmarks/work/).
  1. streamforge package IN... --dash --encrypt cenc   (CMAF segments + MPD, every sample AES-CTR)
  2. streamforge package IN... --dash --encrypt cbcs   (AES-CBC, 1:9 pattern for video)
  3. streamforge package IN... --dash                   (the same, clear: the cost of encryption)
  4. ffmpeg -c copy -encryption_scheme cenc-aes-ctr -movflags frag_keyframe+empty_moov+default_base_moof
     per input file (FFmpeg's movenc is the only CENC encryptor in Debian; it writes fragmented MP4
     files, no manifests)
  5. encrypt_benchmark (Google Benchmark, same run): raw AES-128-CTR / CBC over a 64 MiB buffer (one
     OpenSSL EVP call) vs the sample encryptor over a 1080p H.264 clip.
Throughput = input MB / wall s; repeated (--repeat) round-robin, medians of wall time and of CPU time
(user + sys, all threads: on a shared machine the steadier measure of what encryption costs).
Goals (issue #4): encryption adds < 15 % to packaging time; the encryptor runs at >= 60 % of raw AES
speed.

usage: benchmarks/encrypt_vs_ffmpeg.py [--duration 240] [--repeat 5] [--tmp /dev/shm] [--no-ffmpeg]
  --tmp: where the outputs go (tmpfs keeps disk writeback out of the figures)
  --no-ffmpeg: streamforge only (the FFmpeg runs take ~4 s each)
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from package_vs_ffmpeg import CLI, make_ladder, timed  # noqa: E402

KID = "0123456789abcdef0123456789abcdef"
KEY = "00112233445566778899aabbccddeeff"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=240)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tmp", default=None, help="folder for the outputs (default: the system temp folder)")
    ap.add_argument("--no-ffmpeg", action="store_true", help="skip FFmpeg's movenc")
    args = ap.parse_args()
    files = make_ladder(args.duration)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"input: {len(files)} files, {megabytes:.1f} MB, {args.duration} s")
    tmp = tempfile.mkdtemp(prefix="sf-encrypt-bench-", dir=args.tmp)
    times = {"streamforge cenc (CMAF + MPD)": [], "streamforge cbcs (CMAF + MPD)": [],
             "streamforge clear (CMAF + MPD)": []}
    if not args.no_ffmpeg:
        times["ffmpeg movenc cenc-aes-ctr"] = []
    cpu = {name: [] for name in times}
    try:
        for rep in range(args.repeat):
            for name, extra in (("streamforge cenc (CMAF + MPD)", ["--encrypt", "cenc", "--key", f"{KID}:{KEY}",
                                                                 "--drm", "widevine,playready,common"]),
                                ("streamforge cbcs (CMAF + MPD)", ["--encrypt", "cbcs", "--key", f"{KID}:{KEY}",
                                                                 "--drm", "widevine,playready,common"]),
                                ("streamforge clear (CMAF + MPD)", [])):
                out = os.path.join(tmp, "sf")
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu_s, _ = timed([CLI, "package"] + files + ["--out", out, "--dash", "--segment", "4", "--quiet"] +
                                       extra)
                times[name].append(wall)
                cpu[name].append(cpu_s)
            if not args.no_ffmpeg:
                total = total_cpu = 0.0
                for i, f in enumerate(files):
                    out = os.path.join(tmp, f"ff{i}.mp4")
                    wall, cpu_s, _ = timed(["ffmpeg", "-v", "error", "-y", "-i", f, "-c", "copy", "-encryption_scheme",
                                            "cenc-aes-ctr", "-encryption_key", KEY, "-encryption_kid", KID, "-movflags",
                                            "frag_keyframe+empty_moov+default_base_moof", out])
                    total += wall
                    total_cpu += cpu_s
                times["ffmpeg movenc cenc-aes-ctr"].append(total)
                cpu["ffmpeg movenc cenc-aes-ctr"].append(total_cpu)
            print("  run", rep + 1, ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()), flush=True)
        sf = statistics.median(times["streamforge cenc (CMAF + MPD)"])
        print(f"\n{'':34s} {'wall s (median)':>16s} {'cpu s (median)':>15s} {'MB/s':>8s} "
              f"{'streamforge cenc speed-up':>26s}")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"{name:34s} {med:16.3f} {statistics.median(cpu[name]):15.3f} {megabytes / med:8.1f} "
                  f"{med / sf:25.2f}x")
        clear = statistics.median(times["streamforge clear (CMAF + MPD)"])
        clear_cpu = statistics.median(cpu["streamforge clear (CMAF + MPD)"])
        for scheme in ("cenc", "cbcs"):
            enc = statistics.median(times[f"streamforge {scheme} (CMAF + MPD)"])
            enc_cpu = statistics.median(cpu[f"streamforge {scheme} (CMAF + MPD)"])
            print(f"encryption adds {100 * (enc / clear - 1):+.1f} % to packaging time ({scheme}; goal < 15 %), "
                  f"{100 * (enc_cpu / clear_cpu - 1):+.1f} % to its CPU time")
        bench = os.path.join(os.path.dirname(CLI), "..", "..", "benchmarks", "encrypt_benchmark")
        if os.path.exists(bench):
            out = subprocess.run([bench, "--benchmark_format=json", "--benchmark_min_time=1"], capture_output=True,
                                 text=True, check=True).stdout
            speed = {b["name"]: b["bytes_per_second"] for b in json.loads(out)["benchmarks"]}
            for scheme, raw in (("Cenc", "BM_RawAesCtr"), ("Cbcs", "BM_RawAesCbc")):
                mine = speed[f"BM_EncryptorH264{scheme}"]
                print(f"encryptor {scheme.lower()}: {mine / 1e9:.2f} GB/s of sample bytes vs raw {raw[6:]} "
                      f"{speed[raw] / 1e9:.2f} GB/s = {100 * mine / speed[raw]:.0f} % (goal >= 60 %)")
                segment = speed.get(f"BM_EncryptorH264{scheme}IntoSegment")
                if segment:
                    print(f"encryptor {scheme.lower()} into a segment buffer (the CMAF writer's path): "
                          f"{segment / 1e9:.2f} GB/s = {100 * segment / speed[raw]:.0f} % of raw {raw[6:]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
