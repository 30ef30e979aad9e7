#!/usr/bin/env bash
# install.sh -- idempotent set-up of the npm peers the storage and CDN tests and benchmarks run
# against (tests/backends/package.json): s3rver (a local S3 server), @aws-sdk/client-s3 and
# @aws-sdk/lib-storage (the multipart-upload peer), akamai-edgeauth (Akamai's token reference).
# Installed with `npm ci` from package-lock.json when node_modules is missing or stale.
# Needs node + npm (tests/browser/install.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stamp=$here/node_modules/.streamforge-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" && -d $here/node_modules/s3rver ]]; then
  echo "[backends] npm packages up to date"
else
  echo "[backends] npm ci in $here"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
