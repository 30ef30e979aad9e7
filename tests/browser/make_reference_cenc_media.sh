#!/usr/bin/env bash
# make_reference_cenc_media.sh OUT_DIR KIDHEX KEYHEX [DURATION_S]
#
# An ENCRYPTED reference for play_test.sh --clearkey, made without streamforge's packager: the clear
# CMAF ladder of make_reference_media.sh (3 H.264 renditions + AAC, 2 s segments, manifest.mpd +
# master.m3u8 over one segment set), then Common Encryption applied in place by cenc_encrypt.mjs:
#   - init segments: encv/enca + sinf (frma, schm, tenc with KIDHEX), a W3C common pssh (system ID
#     1077efec-c0b2-4d02-ace3-3c1e52e2fb4b, v1, listing KIDHEX) in the moov
#   - media segments: samples encrypted with KEYHEX; senc + saiz + saio in every traf; video uses
#     subsample encryption (NAL lengths/headers and non-VCL NAL units clear), audio whole samples
#   - manifest.mpd: per AdaptationSet <ContentProtection> mp4protection (value=cenc|cbcs,
#     cenc:default_KID) and DASH-IF ClearKey (e2719d58-..., value="ClearKey1.0") -- the set that dash.js
#     and Shaka play both with keys and with a license server (MPD_CP=...,w3c adds the W3C common one
#     with <cenc:pssh>, which breaks dash.js's license-server path; see play_test.sh)
#   - media_N.m3u8: #EXT-X-KEY METHOD=SAMPLE-AES-CTR (cenc) or SAMPLE-AES (cbcs), KEYFORMAT="identity",
#     URI=data: with the key (the form Shaka's HLS parser takes for ClearKey)
# One KID/key for every track. Why not ffmpeg alone: FFmpeg 5.1's mp4 muxer does take
# -encryption_scheme cenc-aes-ctr -encryption_key -encryption_kid (and the dash muxer passes them on
# with -format_options), but in fragmented output it writes the sample encryption info (senc/saiz/saio)
# into the moov's stbl and none into the moofs, so no fragment can be decrypted; and it has no cbcs.
#
# Env: SCHEME=cenc|cbcs (default cenc; cbcs = AES-CBC, 1:9 pattern for video, whole blocks for audio,
#      16-byte constant IV), PSSH=0 (no pssh box in the init segments), MPD_CP=mp4,clearkey,w3c (which
#      ContentProtection elements, default mp4,clearkey; "none" for none), IV=hex (cenc: first 8-byte IV, counting up per
#      sample; cbcs: the constant IV; default random), AUDIO_KID + AUDIO_KEY (a second key for the audio
#      track: multi-key content; play with --clearkey KID:KEY,AUDIO_KID:AUDIO_KEY), PRESET (x264
#      preset, see make_reference_media.sh).
#
# Then:  tests/browser/play_test.sh OUT_DIR --clearkey KIDHEX:KEYHEX              (must PASS)
#        tests/browser/play_test.sh OUT_DIR --clearkey KIDHEX:<other key> --expect-failure
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 OUT_DIR KIDHEX KEYHEX [DURATION_S]   (env SCHEME=cenc|cbcs PSSH=0 MPD_CP=mp4,clearkey,w3c IV=hex)" >&2
  exit 2
fi
out=$1 kid=${2//-/} key=$3 dur=${4:-20}
[[ $kid =~ ^[0-9a-fA-F]{32}$ ]] || { echo "make_reference_cenc_media: KIDHEX must be 32 hex digits" >&2; exit 2; }
[[ $key =~ ^[0-9a-fA-F]{32}$ ]] || { echo "make_reference_cenc_media: KEYHEX must be 32 hex digits" >&2; exit 2; }
command -v node >/dev/null || { echo "make_reference_cenc_media: node not found (run tests/browser/install.sh)" >&2; exit 1; }

"$here/make_reference_media.sh" "$out" "$dur"
args=(--kid "$kid" --key "$key" --scheme "${SCHEME:-cenc}")
[[ ${PSSH:-1} == 0 ]] && args+=(--no-pssh)
[[ -n ${MPD_CP:-} ]] && args+=(--mpd-cp "$MPD_CP")
[[ -n ${IV:-} ]] && args+=(--iv "$IV")
[[ -n ${AUDIO_KID:-} ]] && args+=(--audio-kid "$AUDIO_KID" --audio-key "${AUDIO_KEY:?AUDIO_KEY must be set with AUDIO_KID}")
rm -f "$out"/key-*.bin
node "$here/cenc_encrypt.mjs" "$out" "${args[@]}"
ck=${kid,,}:${key,,}
[[ -n ${AUDIO_KID:-} ]] && ck+=",${AUDIO_KID,,}:${AUDIO_KEY,,}"
echo "make_reference_cenc_media: play with: $here/play_test.sh $out --clearkey $ck"
