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
# Exit status: 0 all passed (--expect-failure: all FAILED AS EXPECTED), 1 a player failed (or passed /
# failed for another reason under --expect-failure), 2 bad usage / missing manifest, 3 Chromium or the
# npm packages missing (run tests/browser/install.sh).
#
# Options (env equivalents in brackets): --players hlsjs,dashjs,shaka,shaka-hls [SF_PLAYERS]
#   --rate 4 [SF_RATE]  --switch-at 3 [SF_SWITCH_AT]  --buffer 6 [SF_BUFFER]  --flush [SF_FLUSH=1]
#   --stall 20 [SF_STALL]  end tolerance [SF_END_TOLERANCE=0.5]
#   --timeout 120 (seconds per player) [SF_TIMEOUT]  --chromium /usr/bin/chromium [CHROMIUM]
#   --verbose (event log for passing players too) [SF_VERBOSE=1]   whole-run watchdog [SF_WATCHDOG=900]
#   encrypted content (below): --clearkey KID:KEY[,..] [SF_CLEARKEY]  --license-server [SF_LICENSE_SERVER=1]
#   --expect-failure [SF_EXPECT_FAILURE=1]  --start-timeout 10 [SF_START_TIMEOUT]
#   --picture testsrc2|any|off [SF_PICTURE]  --frames DIR (keep the screenshots) [SF_FRAMES]
#   --min-fps N [SF_MIN_FPS]: also fail as FROZEN PICTURE when fewer than N frames per second of the
#       title were decoded (getVideoPlaybackQuality().totalVideoFrames, dropped ones included): a
#       picture that stops while the sound plays on still ends on time. Off (0) by default.
#
# Encrypted content (Common Encryption, ISO/IEC 23001-7; Chromium's built-in ClearKey CDM,
# EME key system "org.w3.clearkey"):
#   --clearkey KIDHEX:KEYHEX[,KIDHEX:KEYHEX...] [SF_CLEARKEY]   the content keys (32 hex digits each; a
#       KID may be written as a UUID). Players default to dashjs,shaka (manifest.mpd); shaka-hls may be
#       added (master.m3u8 with #EXT-X-KEY METHOD=SAMPLE-AES-CTR (cenc) / SAMPLE-AES (cbcs) and
#       KEYFORMAT="identity": the only ClearKey form Shaka 5.2's HLS parser takes; our keys override the
#       playlist's URI key); hlsjs has no CENC path and is refused. cenc and cbcs need nothing
#       different here: the players read the scheme from the content.
#       Keys go straight to the players: dash.js setProtectionData({'org.w3.clearkey': {clearkeys:
#       {<kid b64url>: <key b64url>}}}), Shaka configure({drm: {clearKeys: {<kidhex>: <keyhex>}}}).
#   --license-server [SF_LICENSE_SERVER=1]   instead, the players get only a license URL (dash.js
#       serverURL, Shaka drm.servers['org.w3.clearkey']) = POST /clearkey/license on the local server,
#       which answers the CDM's JSON license request {"kids":[b64url..],"type":"temporary"} with a JSON
#       Web Key set {"keys":[{"kty":"oct","kid":..,"k":..}],"type":"temporary"} of the requested KIDs
#       it knows, and 404 when it knows none of them. Requests are counted and listed per player.
#   --license-server-bin PATH [SF_LICENSE_SERVER_BIN]   with --license-server: the license comes from
#       that C++ server (examples/servers: streamforge-server --key KID:KEY ..., started on an ephemeral
#       port with the --clearkey keys); the local route relays each CDM request to its POST
#       /clearkey/license and records its answer, so the checks below judge streamforge's responder.
#   An encrypted run PASSes when everything above holds (ended, switch, durations, no errors) AND
#     (e) every video init segment the player fetched is really encrypted (encv + sinf/schm/tenc; the
#         drm: line shows scheme, pattern, IV size, KID and pssh systems) and its tenc KID is one of the
#         --clearkey KIDs -- so clear content "played with a key" cannot pass;
#     (f) EME really ran: MediaKeys set on the <video>, >= 1 MediaKeySession.update() (the license)
#         resolved, the CDM reports every content KID "usable", no key status internal-error /
#         output-restricted / expired, no rejected generateRequest()/update(), no player DRM error;
#         `encrypted` events (fired only when the init segments carry a pssh) are counted, not required;
#     (g) frames were decoded: getVideoPlaybackQuality().totalVideoFrames > 0 and playback reached the
#         end (a player with no decoded frame --start-timeout 10 s [SF_START_TIMEOUT] after page load
#         stops early as NO FRAMES: e.g. no key for the KID, waitingforkey);
#     (h) the picture is the content (--picture testsrc2 [SF_PICTURE], the default with --clearkey):
#         screenshots of the playing video every ~0.6 s (>= 2 needed) are not blank (luma sd >= 8),
#         not noise (mean |horizontal neighbour difference| <= sd/2) and show testsrc2's six colour
#         bars R G Y B M C in the upper half (streamforge make-clip and make_reference_media.sh both
#         draw testsrc2; --picture any keeps only the blank/noise tests, off skips it). Screenshots,
#         because Chromium refuses pixel readback of EME video to the page even for ClearKey (canvas
#         drawImage gives black, VideoFrame/createImageBitmap throw) while the compositor shows the
#         real picture. --frames DIR [SF_FRAMES] keeps the screenshots as PNG.
#     With --license-server also: >= 1 license request, none answered 404.
#   --expect-failure [SF_EXPECT_FAILURE=1]   the wrong-key check: run with a WRONG key (or an unknown
#       KID) and every player must fail FOR A DECRYPTION REASON: a decode error (MEDIA_ERR_DECODE /
#       PIPELINE_ERROR_DECODE, Shaka 3016), a DRM error (license 404, key status, Shaka 6xxx, dash.js
#       protection error), no decoded frame within --start-timeout, or a wrong picture. Then it prints
#       "FAILED AS EXPECTED" (exit 0). A pass prints "UNEXPECTED PASS", a failure for another reason
#       (page/harness error, HTTP errors for media, video not encrypted) "FAILED, NOT AS EXPECTED"
#       (exit 1 for both). What a wrong key does in Chromium 156 (measured on the reference, cenc and
#       cbcs; video-only variants with just the NAL header, or the first 32/64/100 bytes of each slice
#       NAL, left in the clear, like packagers that keep the slice header clear): the
#       CDM cannot tell a wrong key (the KID is "usable"), "decrypts" to garbage, and Chromium's FFmpeg
#       rejects the very first sample -- PIPELINE_ERROR_DECODE "Failed to send video packet for
#       decoding" on the IDR (AAC fails the same way on its first packet) within ~1 s, no frame
#       decoded; dash.js then resets the MediaSource and retries, so the error repeats. An unknown KID
#       with --license-server is a 404 -> dash.js error 114 / Shaka 6007. Run it after a PASS with the
#       right key: the pair is what proves the check (tests/browser/self_test_cenc.sh does both).
#   Encrypted reference without the packager: make_reference_cenc_media.sh OUT KIDHEX KEYHEX
#       (SCHEME=cenc|cbcs); it states what the MPD/segments carry.
#   What a packager must emit for dash.js 5.2 and Shaka 5.2 ClearKey (measured with that reference):
#     each AdaptationSet: <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011"
#       value="cenc"|"cbcs" cenc:default_KID="00112233-4455-6677-8899-aabbccddeeff"/> (UUID form,
#       xmlns:cenc="urn:mpeg:cenc:2013" on the MPD) AND <ContentProtection
#       schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/> (DASH-IF
#       ClearKey). Without the latter: dash.js with keys still plays only if the init carries a pssh,
#       dash.js and Shaka with a license server fail (dash.js error 113 / no EME at all, Shaka 6001).
#       Do NOT add the W3C common <ContentProtection schemeIdUri="urn:uuid:1077efec-c0b2-4d02-ace3-
#       3c1e52e2fb4b"><cenc:pssh>..</cenc:pssh></ContentProtection>: dash.js 5.2.1 then hands the pssh
#       bytes to generateRequest() as "keyids" init data and its license-server path dies (TypeError,
#       dash.js error 113; the same when its only source is a pssh in the init); with keys, and for
#       Shaka, it is harmless. Audio and video AdaptationSets each carry their own default_KID.
#     init segments: encv/enca with sinf = frma (original format), schm (cenc|cbcs, version
#       0x00010000), schi/tenc (cenc: v0, per-sample IV size 8 (tested); cbcs: v1, crypt:skip 1:9 for
#       video, 0:0 = every whole block for audio, IV size 0 + 16-byte constant IV), default_KID = the
#       KID (raw 16 bytes; the MPD's UUID text is the same bytes). A W3C common pssh (system
#       1077efec-..., v1 with the KID list, no data) in the moov is optional (both players play
#       without) but recommended: it is what fires the <video> `encrypted` event. Segments: senc
#       (+ saiz/saio, saio offset relative to the moof with default-base-is-moof) per traf, trun
#       data_offset moved past it; video by subsamples (NAL length + header clear; cenc protected
#       ranges whole 16-byte blocks); audio whole-sample. saiz with default_sample_info_size 0 MUST
#       be followed by the per-sample size table (all zeros for cbcs audio): without it Chromium
#       rejects the fragment (CHUNK_DEMUXER_ERROR_APPEND_FAILED / Shaka 3014).
#
# Needs: tests/browser/install.sh (Debian chromium, Node >= 18, npm ci here). Takes ~6 s per player
# on a 20 s clip (2 cores) plus ~2 s browser start; players run one after another in one Chromium,
# each in a fresh browser context. Files: run.mjs (server + runner + ClearKey license server),
# www/player.{html,js} (the page, player.html?player=hlsjs|dashjs|shaka&src=URL&rate=&switchAt=&buffer=
# &flush=[&keys=|&license=]; it also records every EME call), make_reference_media.sh (clear reference),
# make_reference_cenc_media.sh + cenc_encrypt.mjs (encrypted reference), self_test{,_cenc}.sh.
#
# Self-test without the packager (ffmpeg-made reference ladder; also: tests/browser/self_test.sh):
#   tests/browser/install.sh
#   tests/browser/make_reference_media.sh /tmp/sf-ref
#   tests/browser/play_test.sh /tmp/sf-ref
# Encrypted (also: tests/browser/self_test_cenc.sh, ~1 min: cenc + cbcs, keys + license server, wrong key):
#   tests/browser/make_reference_cenc_media.sh /tmp/sf-cenc 00112233445566778899aabbccddeeff 0f1e2d3c4b5a69788796a5b4c3d2e1f0
#   tests/browser/play_test.sh /tmp/sf-cenc --clearkey 00112233445566778899aabbccddeeff:0f1e2d3c4b5a69788796a5b4c3d2e1f0
#   tests/browser/play_test.sh /tmp/sf-cenc --clearkey 00112233445566778899aabbccddeeff:0f1e2d3c4b5a69788796a5b4c3d2e1f0 --license-server
#   tests/browser/play_test.sh /tmp/sf-cenc --clearkey 00112233445566778899aabbccddeeff:ffffffffffffffffffffffffffffffff --expect-failure
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
