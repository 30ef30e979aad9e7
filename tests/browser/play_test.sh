#!/usr/bin/env bash
# play_test.sh <media_dir> [options] -- real-player acceptance test for streamforge's HLS/DASH output
#
# What it proves: the packaged output in <media_dir> (master.m3u8 + manifest.mpd and their
# segments) plays to the end in Debian's Chromium (headless, MSE, its bundled FFmpeg decoders) with
#   hlsjs      hls.js        on master.m3u8
#   dashjs     dash.js       on manifest.mpd
#   shaka      Shaka Player  on manifest.mpd
#   shaka-hls  Shaka Player  on master.m3u8
# and that switching renditions mid-stream works. For each player it loads www/player.html from a
# local HTTP server (127.0.0.1, ephemeral port, Range requests, streaming MIME types), plays muted
# at 4x (the clip's media time runs 4x faster than wall time), with ABR off and a 6 s forward
# buffer goal; it starts on the lowest video rendition and, once 3 s of media have played, asks
# for the highest one through the player API (hls.js nextLevel, dash.js
# setRepresentationForTypeById, Shaka selectVariantTrack; --flush makes it an immediate switch that
# drops the forward buffer instead of one at the next segment boundary). A player PASSes when
#   (a) the <video> `ended` event fired,
#   (b) no player error (hls.js ERROR other than recovered stall notices, dash.js error/playbackError,
#       Shaka error, HTMLMediaElement error, uncaught page error) and no HTTP 4xx/5xx for media,
#   (c) the player reported the switch to the top rendition (hls.js LEVEL_SWITCHED, dash.js
#       QUALITY_CHANGE_RENDERED, Shaka variantchanged) AND video.videoHeight took >= 2 distinct
#       values, starting at the lowest rendition's height and reaching the highest one,
#   (d) currentTime at `ended` is within 0.5 s of video.duration, that duration is within 0.5 s of
#       what the manifest declares (MPD mediaPresentationDuration; HLS: sum of EXTINF of the first
#       variant), and video.played covers all but <= 1 s.
# A player whose currentTime stops moving for 20 s (--stall) fails as STALLED without waiting for the
# timeout; one that stops within 0.25 s of the end for 3 s without `ended` is STUCK AT END and is
# retried once (a known class of player end-of-stream races; seen once in ~60 dash.js runs), printed
# as RETRY + the second attempt's verdict, so a packaging bug that causes it still fails.
# One line per player (PASS/FAIL, heights seen with the media time they appeared, switch times,
# frame counts, wall time); on failure the reasons, the page's event log and the browser console.
# Exit status: 0 all passed, 1 a player failed, 2 bad usage / missing manifest, 3 Chromium or the
# npm packages missing (run tests/browser/install.sh).
#
# Options (env equivalents in brackets): --players hlsjs,dashjs,shaka,shaka-hls [SF_PLAYERS]
#   --rate 4 [SF_RATE]  --switch-at 3 [SF_SWITCH_AT]  --buffer 6 [SF_BUFFER]  --flush [SF_FLUSH=1]
#   --stall 20 [SF_STALL]  end tolerance [SF_END_TOLERANCE=0.5]
#   --timeout 120 (seconds per player) [SF_TIMEOUT]  --chromium /usr/bin/chromium [CHROMIUM]
#   --verbose (event log for passing players too) [SF_VERBOSE=1]   whole-run watchdog [SF_WATCHDOG=900]
#
# Needs: tests/browser/install.sh (Debian chromium, Node >= 18, npm ci here). Takes ~6 s per player
# on a 20 s clip (2 cores) plus ~2 s browser start; players run one after another in one Chromium,
# each in a fresh browser context. Files: run.mjs (server + runner), www/player.{html,js} (the page,
# player.html?player=hlsjs|dashjs|shaka&src=URL&rate=&switchAt=&buffer=&flush=).
#
# Self-test without the packager (ffmpeg-made reference ladder; also: tests/browser/self_test.sh):
#   tests/browser/install.sh
#   tests/browser/make_reference_media.sh /tmp/sf-ref
#   tests/browser/play_test.sh /tmp/sf-ref
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
command -v node >/dev/null || { echo "play_test: node is not installed (run tests/browser/install.sh)" >&2; exit 3; }
if [[ ! -d $here/node_modules/playwright-core || ! -d $here/node_modules/hls.js ]]; then
  echo "play_test: npm packages missing in $here/node_modules (run tests/browser/install.sh)" >&2
  exit 3
fi
# Whole-run watchdog (SF_WATCHDOG seconds, default 900): run.mjs has its own per-player timeout;
# this only catches a wedged browser. On SIGTERM run.mjs closes Chromium and the server.
exec timeout --kill-after=15 "${SF_WATCHDOG:-900}" node "$here/run.mjs" "$@"
