#!/usr/bin/env python3
"""S3 multipart upload: streamforge (`streamforge storage put`, parallel parts) vs the AWS SDK for
JavaScript v3 (`@aws-sdk/lib-storage` Upload), same local s3rver, same file, same part size and
concurrency, interleaved in one run. Prints MB/s per run, the best of each, and the ratio
(goal: streamforge at least as fast, ratio >= 1.0).

  benchmarks/s3_multipart_vs_aws_sdk.py --cli build/release/examples/cli/streamforge \
      [--size-mib 1024] [--part-size-mib 8] [--concurrency 4] [--repeat 3]

Needs node and tests/backends/install.sh. Each upload is timed inside its process (the CLI's
reported seconds, the SDK's hrtime around Upload.done()), so process start-up is excluded for both.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "tests" / "backends" / "node_modules"


def start_s3rver(data_dir):
    proc = subprocess.Popen(["node", "--openssl-legacy-provider", str(ROOT / "tests/storage/s3rver_launch.js"),
                             str(MODULES), str(data_dir), "bench"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        sys.exit("s3rver did not start")
    return proc, f"http://127.0.0.1:{int(line.split()[1])}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True, help="path to the streamforge CLI")
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--part-size-mib", type=int, default=8)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-checksum", action="store_true",
                    help="streamforge without x-amz-checksum-sha256 (UNSIGNED-PAYLOAD), an extra row")
    args = ap.parse_args()
    if not shutil.which("node") or not (MODULES / "@aws-sdk/lib-storage").is_dir():
        sys.exit("needs node and tests/backends/install.sh")

    work = Path(tempfile.mkdtemp(prefix="sf-s3bench-"))
    server = None
    try:
        src = work / "source.bin"
        with open(src, "wb") as f:
            for _ in range(args.size_mib):
                f.write(os.urandom(1 << 20))
        server, endpoint = start_s3rver(work / "s3")
        env = dict(os.environ, AWS_ACCESS_KEY_ID="S3RVER", AWS_SECRET_ACCESS_KEY="S3RVER")
        part = args.part_size_mib << 20
        size = args.size_mib << 20
        uri = f"s3://bench/sf?endpoint={endpoint}"
        runs = {"streamforge": [], "aws-sdk": []}
        if args.no_checksum:
            runs["streamforge --no-checksum"] = []
        for i in range(args.repeat):
            for name in runs:
                key = f"run{i}.bin"
                if name.startswith("streamforge"):
                    cmd = [args.cli, "storage", "put", uri, key, str(src), "--part-size", str(part),
                           "--concurrency", str(args.concurrency)]
                    if name.endswith("--no-checksum"):
                        cmd.append("--no-checksum")
                else:
                    cmd = ["node", str(ROOT / "benchmarks/s3_multipart_aws_sdk.js"), str(MODULES), endpoint, "bench",
                           f"sdk/{key}", str(src), str(part), str(args.concurrency)]
                out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
                seconds = json.loads(out)["seconds"]
                mbps = size / 1e6 / seconds
                runs[name].append(mbps)
                print(f"  {name:28s} run {i + 1}: {seconds:7.2f} s  {mbps:8.1f} MB/s", flush=True)
                # Check the object really is there, whole, then free the disk for the next run.
                ls_key = key if name.startswith("streamforge") else f"sdk/{key}"
                listed = json.loads(subprocess.run([args.cli, "storage", "ls", f"s3://bench?endpoint={endpoint}",
                                                    ("sf/" if name.startswith("streamforge") else "") + ls_key],
                                                   env=env, check=True, capture_output=True, text=True).stdout)
                assert listed["objects"] and listed["objects"][0]["size"] == size, listed
                subprocess.run([args.cli, "storage", "rm", f"s3://bench?endpoint={endpoint}",
                                listed["objects"][0]["key"]], env=env, check=True)
        print(f"\n{args.size_mib} MiB, {args.part_size_mib} MiB parts, concurrency {args.concurrency}, "
              f"best of {args.repeat}:")
        best = {name: max(v) for name, v in runs.items()}
        for name, v in best.items():
            print(f"  {name:28s} {v:8.1f} MB/s   (runs: {' '.join(f'{x:.1f}' for x in runs[name])})")
        print(f"  ratio streamforge / aws-sdk: {best['streamforge'] / best['aws-sdk']:.2f}x (goal >= 1.0)")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
