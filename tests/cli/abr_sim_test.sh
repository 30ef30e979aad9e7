#!/usr/bin/env bash
# End-to-end tests of `streamforge abr-sim`: the table, CSV, SVG plot, packaged-title input and
# exit codes, on small synthetic traces (no shared data needed).
# Usage: abr_sim_test.sh <path to streamforge>
set -uo pipefail
sf=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/cli_test_lib.sh"

# Three traces (steady, stepping down, volatile) and a 6-rung video of 12 segments.
mkdir -p "$work/traces" "$work/video"
awk 'BEGIN { for (i = 0; i <= 300; i++) printf "%d %.3f\n", i, 3.0 }' > "$work/traces/steady"
awk 'BEGIN { for (i = 0; i <= 300; i++) printf "%d %.3f\n", i, (i < 20 ? 4.0 : 0.6) }' > "$work/traces/drop"
awk 'BEGIN { for (i = 0; i <= 300; i++) printf "%d %.3f\n", i, 1.5 + 1.2 * sin(i / 3.0) }' > "$work/traces/wavy"
kbps=(300 750 1200 1850 2850 4300)
for l in 0 1 2 3 4 5; do
  awk -v k="${kbps[$l]}" 'BEGIN { for (s = 0; s < 12; s++) printf "%d\n", k * 1000 / 8 * 4 * (0.8 + 0.4 * ((s * 7) % 5) / 4) }' > "$work/video/video_size_$l"
done

expect_exit 0 "abr-sim all" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/video" --algo all --segments 12 \
  --csv "$work/r.csv" --sessions-csv "$work/s.csv" --plot "$work/p.svg" --plot-trace drop
for a in streamforge robust-mpc mpc bola bba throughput-ewma throughput-hm; do
  grep -q "^$a " "$work/out" && ok || bad "table has a row for $a"
done
grep -q "paired qoe_lin: streamforge - robust-mpc" "$work/out" && ok || bad "paired comparison printed"
head -1 "$work/r.csv" | grep -q "^algorithm,qoe_lin,.*qoe_log,qoe_hd,rebuffer_ratio,mean_bitrate_kbps,switches" && ok || bad "CSV header"
[[ $(wc -l < "$work/r.csv") == 8 ]] && ok || bad "CSV: header + 7 algorithms"
grep -q "^streamforge," "$work/r.csv" && ok || bad "CSV row named streamforge"
[[ $(wc -l < "$work/s.csv") == 22 ]] && ok || bad "sessions CSV: header + 7 x 3"
/usr/bin/python3 - "$work/r.csv" <<'PY' && ok || bad "CSV columns are numbers"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    for k in ("qoe_lin", "qoe_log", "qoe_hd", "rebuffer_ratio", "mean_bitrate_kbps", "switches"):
        float(r[k])
assert {r["algorithm"] for r in rows} >= {"streamforge", "robust-mpc", "bola"}
PY
head -c 4 "$work/p.svg" | grep -q "<svg" && grep -q "</svg>" "$work/p.svg" && ok || bad "plot is an SVG"
grep -q ">drop<\|drop</text>" "$work/p.svg" && ok || bad "plot is of the trace asked for"

expect_exit 0 "abr-sim --noise --filter" "$sf" abr-sim --traces "$work/traces" --filter 'w*' --video-sizes "$work/video" \
  --algo streamforge,bola --noise --segments 12 --compare bola,streamforge
grep -q "traces: 1 " "$work/out" && ok || bad "--filter keeps one trace"
grep -q "paired qoe_lin: bola - streamforge" "$work/out" && ok || bad "--compare order"

expect_exit 2 "unknown algorithm" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/video" --algo oracle
grep -q -- "--algo" "$work/err" && ok || bad "unknown algorithm names --algo"
expect_exit 1 "missing traces" "$sf" abr-sim --traces "$work/nope" --video-sizes "$work/video"
grep -q "not_found" "$work/err" && ok || bad "missing traces say not_found"
expect_exit 2 "too many segments" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/video" --segments 50
expect_exit 2 "unknown plot trace" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/video" --segments 12 \
  --plot "$work/q.svg" --plot-trace nope
echo '{"bola": {"safty_factor": 1}}' > "$work/bad.json"
expect_exit 2 "bad config" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/video" --config "$work/bad.json"
grep -q "bola.safty_factor" "$work/err" && ok || bad "bad config names the field"
expect_exit 2 "bad usage" "$sf" abr-sim --video-sizes "$work/video"

# A packaged title: summary.json + HLS media playlists; all its segments play by default.
mkdir -p "$work/pkg/360p" "$work/pkg/720p"
for i in 1 2 3 4 5 6; do
  head -c $((200000 + i * 1000)) /dev/zero > "$work/pkg/360p/seg-0000$i.m4s"
  head -c $((700000 + i * 1000)) /dev/zero > "$work/pkg/720p/seg-0000$i.m4s"
done
for r in 360p 720p; do
  { echo "#EXTM3U"; for i in 1 2 3 4 5 6; do echo "#EXTINF:4.0,"; echo "seg-0000$i.m4s"; done; echo "#EXT-X-ENDLIST"; } > "$work/pkg/$r/playlist.m3u8"
done
cat > "$work/pkg/summary.json" <<'JSON'
{"renditions": [
 {"id": "360p", "type": "video", "codecs": "avc1.4d401e", "width": 640, "height": 360, "average_bitrate": 400000,
  "segment_count": 6, "duration_seconds": 24, "hls_playlist": "360p/playlist.m3u8"},
 {"id": "720p", "type": "video", "codecs": "avc1.64001f", "width": 1280, "height": 720, "average_bitrate": 1400000,
  "segment_count": 6, "duration_seconds": 24, "hls_playlist": "720p/playlist.m3u8"}]}
JSON
expect_exit 0 "packaged title" "$sf" abr-sim --traces "$work/traces" --video-sizes "$work/pkg/summary.json" --algo streamforge,bba
grep -q "2 renditions, 400..1400 kbit/s, 6 segments" "$work/out" && ok || bad "packaged title: 2 renditions, 6 segments"

finish "abr-sim CLI"
