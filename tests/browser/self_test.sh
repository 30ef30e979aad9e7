#!/usr/bin/env bash
# self_test.sh [play_test options] -- checks the harness itself, without streamforge's packager:
# builds the ffmpeg reference ladder (make_reference_media.sh) in a temporary folder and plays it
# with every player (play_test.sh). If this fails, the harness or the machine (Chromium, npm
# packages) is broken, not the packager.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sf-browser-ref.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$here/make_reference_media.sh" "$work" 20
"$here/play_test.sh" "$work" "$@"
