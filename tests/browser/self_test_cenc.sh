#!/usr/bin/env bash
# self_test_cenc.sh [play_test options] -- checks the ENCRYPTED side of the harness without
# streamforge's packager (~1 min on 2 cores): builds the ffmpeg reference ladder once, encrypts one copy
# with cenc (AES-CTR, one key) and one with cbcs (AES-CBC 1:9, separate video and audio keys) via
# cenc_encrypt.mjs, then
#   1. cenc, keys given to the players (dashjs, shaka, shaka-hls)            -> must PASS
#   2. cbcs, both keys from the local ClearKey license server (dashjs, shaka) -> must PASS
#   3. cenc, WRONG key                                                       -> must FAIL AS EXPECTED
#   4. cbcs, WRONG video key (right audio key) from the license server       -> must FAIL AS EXPECTED
#      (a video decode error: proves the video itself is decrypted and checked)
#   5. cenc, unknown KID at the license server (404)                         -> must FAIL AS EXPECTED
# If this fails, the harness or the machine (Chromium's ClearKey, npm packages) is broken, not the packager.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sf-browser-cenc.XXXXXX")
trap 'rm -rf "$work"' EXIT
kid=00112233445566778899aabbccddeeff key=0f1e2d3c4b5a69788796a5b4c3d2e1f0
akid=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf akey=101112131415161718191a1b1c1d1e1f
wrong=f0e1d2c3b4a5968778695a4b3c2d1e0f other_kid=ffeeddccbbaa99887766554433221100

"$here/make_reference_media.sh" "$work/clear" 20
cp -r "$work/clear" "$work/cenc"
mv "$work/clear" "$work/cbcs"
node "$here/cenc_encrypt.mjs" "$work/cenc" --kid $kid --key $key --scheme cenc
node "$here/cenc_encrypt.mjs" "$work/cbcs" --kid $kid --key $key --audio-kid $akid --audio-key $akey --scheme cbcs

rc=0
step() { echo "== self_test_cenc: $1"; shift; "$here/play_test.sh" "$@" || rc=1; }
step "1/5 cenc, keys to the players" "$work/cenc" --clearkey $kid:$key --players dashjs,shaka,shaka-hls "$@"
step "2/5 cbcs (2 keys), license server" "$work/cbcs" --clearkey $kid:$key,$akid:$akey --license-server "$@"
step "3/5 cenc, wrong key" "$work/cenc" --clearkey $kid:$wrong --expect-failure "$@"
step "4/5 cbcs, wrong video key from the license server" "$work/cbcs" --clearkey $kid:$wrong,$akid:$akey --license-server --expect-failure "$@"
step "5/5 cenc, unknown KID at the license server" "$work/cenc" --clearkey $other_kid:$key --license-server --expect-failure "$@"
echo "self_test_cenc: $([[ $rc == 0 ]] && echo 'all 5 steps as expected' || echo 'FAILED (see above)')"
exit $rc
