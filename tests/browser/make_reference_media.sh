#!/usr/bin/env bash
# make_reference_media.sh OUT_DIR [DURATION_S]
#
# Builds a reference CMAF ladder with Debian's ffmpeg CLI so the browser harness
# (play_test.sh) can be developed and self-tested without streamforge's packager:
#   - source: lavfi testsrc2 1280x720 @ 30 fps + 440 Hz sine (48 kHz stereo), 20 s by default
#   - 3 H.264 renditions 640x360 / 960x540 / 1280x720 (distinct heights, so the harness can see a
#     switch in video.videoHeight), 2 s closed GOPs (keyint fixed at 60, no scene-cut keyframes),
#     plus one AAC-LC 128 kb/s audio rendition
#   - ONE set of fMP4 segments (init-streamN.m4s + chunk-streamN-NNNNN.m4s, 2 s each) described by
#     TWO manifests: manifest.mpd (DASH, SegmentTemplate + SegmentTimeline) and master.m3u8 +
#     media_N.m3u8 (HLS v7, EXT-X-MAP, audio in an EXT-X-MEDIA group) -- ffmpeg's dash muxer with
#     hls_playlist=1. That is the shape streamforge's packager produces (one segment set, two
#     manifests).
#
# Env: PRESET (x264 preset, default superfast: High profile with CABAC and B-frames like the real
# ladder, ~8 s wall on 2 cores; ultrafast gives Constrained Baseline without B-frames and saves ~3 s).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 OUT_DIR [DURATION_S]" >&2
  exit 2
fi
out=$1
dur=${2:-20}
preset=${PRESET:-superfast}
command -v ffmpeg >/dev/null || { echo "make_reference_media: ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }

mkdir -p "$out"
# Start from an empty folder so stale segments from a longer run cannot linger.
find "$out" -mindepth 1 -maxdepth 1 \( -name '*.m4s' -o -name '*.mpd' -o -name '*.m3u8' \) -delete

ffmpeg -hide_banner -loglevel error -nostdin -y \
  -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=${dur}" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=${dur}" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=640:360[v0];[b]scale=960:540[v1];[c]null[v2]" \
  -map "[v0]" -map "[v1]" -map "[v2]" -map 1:a \
  -c:v libx264 -preset "$preset" -pix_fmt yuv420p \
  -g 60 -keyint_min 60 -sc_threshold 0 -x264-params open-gop=0 \
  -b:v:0 600k -maxrate:v:0 650k -bufsize:v:0 1200k \
  -b:v:1 1200k -maxrate:v:1 1300k -bufsize:v:1 2400k \
  -b:v:2 2500k -maxrate:v:2 2700k -bufsize:v:2 5000k \
  -c:a aac -b:a 128k -ac 2 \
  -f dash -seg_duration 2 -use_template 1 -use_timeline 1 \
  -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -hls_playlist 1 -hls_master_name master.m3u8 \
  "$out/manifest.mpd"

for f in manifest.mpd master.m3u8; do
  [[ -s "$out/$f" ]] || { echo "make_reference_media: $out/$f was not written" >&2; exit 1; }
done
echo "make_reference_media: wrote $out (manifest.mpd, master.m3u8, $(find "$out" -name '*.m4s' | wc -l) segments)"
