#!/usr/bin/env bash
# make_packaged_media.sh <streamforge-cli> <out_dir> [extra package flags...]
# The fixture for the browser test: a 20 s clip encoded by streamforge's ladder engine into three
# H.264 rungs (distinct heights, so play_test.sh can see the switch) + AAC, and packaged in the
# same pass into HLS + DASH (CMAF) in <out_dir>. Extra flags go to `transcode` (e.g. --single-file).
# SF_UNEVEN_TRACKS=1: the source's picture starts a second after its sound (an MPEG-TS capture
# begun mid-GOP), pauses for 3 s at 6 s (a hidden browser tab) and its sound stops at 12 s of the
# 21 s (a soundtrack cut short), muxed by Debian's ffmpeg from a video-only and an audio-only clip.
# SF_UNEVEN_TRACKS=copy: the same kind of sound through stream copy (`streamforge package`): the
# rungs are encoded without sound, and packaged with an AAC track that stops for 2 s at 4 s and
# ends at 12 s of the picture's 20. SF_UNEVEN_AUDIO=opus makes that track Opus (default aac).
set -euo pipefail
cli=$1 out=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/sf-browser-media.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat > "$work/ladder.json" <<'JSON'
{"gop_seconds": 2, "video": [
   {"name": "360p", "height": 360, "codec": "h264", "bitrate_kbps": 700, "preset": "superfast"},
   {"name": "270p", "height": 270, "codec": "h264", "bitrate_kbps": 400, "preset": "superfast"},
   {"name": "180p", "height": 180, "codec": "h264", "bitrate_kbps": 200, "preset": "superfast"}],
 "audio": [{"codec": "aac", "bitrate_kbps": 96}]}
JSON
source=$work/source.mp4
if [[ ${SF_UNEVEN_TRACKS:-0} == 1 ]]; then
  "$cli" make-clip "$work/video.ts" --width 640 --height 360 --duration 20 --pause-at 6 --pause-for 3 --no-audio >/dev/null
  "$cli" make-clip "$work/audio.ts" --duration 12 --no-video >/dev/null
  source=$work/source.ts
  ffmpeg -v error -itsoffset 1 -i "$work/video.ts" -i "$work/audio.ts" -map 0:v -map 1:a -c copy "$source"
else
  "$cli" make-clip "$source" --width 640 --height 360 --duration 20 >/dev/null
fi
rm -rf "$out"
if [[ ${SF_UNEVEN_TRACKS:-0} == copy ]]; then
  "$cli" make-clip "$source" --width 640 --height 360 --duration 20 --no-audio >/dev/null
  "$cli" transcode "$source" --out "$work/rungs" --ladder "$work/ladder.json" --quiet
  encoder=aac
  [[ ${SF_UNEVEN_AUDIO:-aac} == opus ]] && encoder=libopus
  ffmpeg -v error -f lavfi -i sine=f=440:sample_rate=48000:duration=10 -af "asetpts='if(gte(T,4),PTS+2/TB,PTS)'" \
    -c:a "$encoder" "$work/sound.mp4"
  "$cli" package "$work/rungs/"[0-9]*p.mp4 "$work/sound.mp4" --out "$out" --segment 4 --quiet "$@"
  exit 0
fi
"$cli" transcode "$source" --out "$out" --ladder "$work/ladder.json" --hls --dash --segment 4 --quiet "$@"
