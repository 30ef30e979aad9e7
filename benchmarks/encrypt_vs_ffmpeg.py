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
Throughput = input MB / wall s; repeated (--repeat) round-robin, medians. Goals (issue #4): encryption
adds < 15 % to packaging time; the encryptor runs at >= 60 % of raw AES speed.

usage: benchmarks/encrypt_vs_ffmpeg.py [--duration 240] [--repeat 5]
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
    args = ap.parse_args()
    files = make_ladder(args.duration)
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"input: {len(files)} files, {megabytes:.1f} MB, {args.duration} s")
    tmp = tempfile.mkdtemp(prefix="sf-encrypt-bench-")
    times = {"streamforge cenc (CMAF + MPD)": [], "streamforge cbcs (CMAF + MPD)": [],
             "streamforge clear (CMAF + MPD)": [], "ffmpeg movenc cenc-aes-ctr": []}
    try:
        for rep in range(args.repeat):
            for name, extra in (("streamforge cenc (CMAF + MPD)", ["--encrypt", "cenc", "--key", f"{KID}:{KEY}",
                                                                 "--drm", "widevine,playready,common"]),
                                ("streamforge cbcs (CMAF + MPD)", ["--encrypt", "cbcs", "--key", f"{KID}:{KEY}",
                                                                 "--drm", "widevine,playready,common"]),
                                ("streamforge clear (CMAF + MPD)", [])):
                out = os.path.join(tmp, "sf")
                shutil.rmtree(out, ignore_errors=True)
                wall, _, _ = timed([CLI, "package"] + files + ["--out", out, "--dash", "--segment", "4", "--quiet"] + extra)
                times[name].append(wall)
            total = 0.0
            for i, f in enumerate(files):
                out = os.path.join(tmp, f"ff{i}.mp4")
                wall, _, _ = timed(["ffmpeg", "-v", "error", "-y", "-i", f, "-c", "copy", "-encryption_scheme",
                                    "cenc-aes-ctr", "-encryption_key", KEY, "-encryption_kid", KID, "-movflags",
                                    "frag_keyframe+empty_moov+default_base_moof", out])
                total += wall
            times["ffmpeg movenc cenc-aes-ctr"].append(total)
            print("  run", rep + 1, ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()), flush=True)
        sf = statistics.median(times["streamforge cenc (CMAF + MPD)"])
        print(f"\n{'':34s} {'wall s (median)':>16s} {'MB/s':>8s} {'streamforge cenc speed-up':>26s}")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"{name:34s} {med:16.3f} {megabytes / med:8.1f} {med / sf:25.2f}x")
        clear = statistics.median(times["streamforge clear (CMAF + MPD)"])
        for scheme in ("cenc", "cbcs"):
            enc = statistics.median(times[f"streamforge {scheme} (CMAF + MPD)"])
            print(f"encryption adds {100 * (enc / clear - 1):+.1f} % to packaging time ({scheme}; goal < 15 %)")
        bench = os.path.join(os.path.dirname(CLI), "..", "..", "benchmarks", "encrypt_benchmark")
        if os.path.exists(bench):
            out = subprocess.run([bench, "--benchmark_format=json", "--benchmark_min_time=1"], capture_output=True,
                                 text=True, check=True).stdout
            speed = {b["name"]: b["bytes_per_second"] for b in json.loads(out)["benchmarks"]}
            for scheme, raw in (("Cenc", "BM_RawAesCtr"), ("Cbcs", "BM_RawAesCbc")):
                mine = speed[f"BM_EncryptorH264{scheme}"]
                print(f"encryptor {scheme.lower()}: {mine / 1e9:.2f} GB/s of sample bytes vs raw {raw[6:]} "
                      f"{speed[raw] / 1e9:.2f} GB/s = {100 * mine / speed[raw]:.0f} % (goal >= 60 %)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
