#!/usr/bin/env bash
# install.sh -- idempotent set-up for the browser playback tests (tests/browser/play_test.sh).
#
#  - Debian packages, installed with apt-get only if missing: chromium (Debian's build has the
#    proprietary codecs: H.264/AAC via its bundled FFmpeg), fonts-dejavu-core, and nodejs + npm
#    when no `node` is on PATH at all.
#  - npm packages pinned in package-lock.json (hls.js, dashjs, shaka-player, playwright-core),
#    installed with `npm ci` when node_modules is missing or was installed from another lock file.
#    No browser download: playwright-core drives /usr/bin/chromium.
#
# Usage: tests/browser/install.sh        (as root, or with sudo available)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"

missing=()
for p in chromium fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "[browser] installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "[browser] Debian packages present ($(chromium --version 2>/dev/null | head -1))"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 18)); then
  echo "[browser] node $(node -v) is too old: playwright-core 1.57 needs Node >= 18" >&2
  exit 1
fi

# node_modules is current when it was installed from exactly this package-lock.json.
stamp=$here/node_modules/.streamforge-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" && -d $here/node_modules/playwright-core ]]; then
  echo "[browser] npm packages up to date"
else
  echo "[browser] npm ci in $here"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
