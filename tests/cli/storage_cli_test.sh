#!/usr/bin/env bash
# End-to-end tests of `streamforge storage put|get|ls|rm|presign` on file:// and, when node and
# s3rver are installed (tests/backends/install.sh), on s3:// against a local s3rver: round trips,
# ranged get, paging, multipart, hostile keys and exit codes.
# Usage: storage_cli_test.sh <path to streamforge>
set -uo pipefail
sf=$1
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$(dirname "$0")/cli_test_lib.sh"

head -c 3000000 /dev/urandom >"$work/blob.bin"
printf 'hello world' >"$work/small.txt"

exercise() {  # exercise <uri> <label>
  local uri=$1 label=$2
  expect_exit 0 "$label put small" "$sf" storage put "$uri" a/small.txt "$work/small.txt" --content-type text/plain
  [[ $(json 'j["bytes"]' <"$work/out") == 11 ]] && ok || bad "$label put bytes"
  expect_exit 0 "$label put big (multipart on s3)" "$sf" storage put "$uri" a/blob.bin "$work/blob.bin" \
    --part-size 1048576 --concurrency 3
  expect_exit 0 "$label put stdin" "$sf" storage put "$uri" b/stdin.txt - <"$work/small.txt"
  expect_exit 0 "$label get" "$sf" storage get "$uri" a/blob.bin "$work/back.bin"
  cmp -s "$work/blob.bin" "$work/back.bin" && ok || bad "$label get differs"
  expect_exit 0 "$label ranged get" "$sf" storage get "$uri" a/small.txt - --offset 6 --length 5
  [[ $(cat "$work/out") == world ]] && ok || bad "$label range: $(cat "$work/out")"
  expect_exit 0 "$label ls" "$sf" storage ls "$uri" a/
  [[ $(json '",".join(o["key"] for o in j["objects"])' <"$work/out") == "a/blob.bin,a/small.txt" ]] && ok || bad "$label ls"
  expect_exit 0 "$label ls page" "$sf" storage ls "$uri" "" --limit 2
  token=$(json 'j["next_page_token"]' <"$work/out")
  [[ -n $token ]] && ok || bad "$label no page token"
  expect_exit 0 "$label ls next page" "$sf" storage ls "$uri" "" --limit 2 --page-token "$token"
  [[ $(json '",".join(o["key"] for o in j["objects"])' <"$work/out") == "b/stdin.txt" ]] && ok || bad "$label page 2"
  expect_exit 0 "$label rm" "$sf" storage rm "$uri" a/small.txt b/stdin.txt
  expect_exit 1 "$label get removed" "$sf" storage get "$uri" a/small.txt -
  grep -q "no object" "$work/err" && ok || bad "$label not-found message"
  expect_exit 1 "$label hostile key" "$sf" storage put "$uri" ../escape "$work/small.txt"
  grep -q "storage key" "$work/err" && ok || bad "$label hostile key message"
}

exercise "file://$work/root" file
[[ ! -e $work/escape ]] && ok || bad "wrote outside the root"
expect_exit 2 "no subcommand" "$sf" storage
expect_exit 2 "unknown scheme (bad usage)" "$sf" storage ls "s4://x"
expect_exit 1 "missing input" "$sf" storage put "file://$work/root" k "$work/nope"
expect_exit 0 "presign" env AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=SECRET \
  "$sf" storage presign "s3://bucket/p?region=eu-west-1" v/1.mp4 --method PUT --expires 900
grep -q '^https://bucket.s3.eu-west-1.amazonaws.com/p/v/1.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F' "$work/out" \
  && ok || bad "presign URL: $(cat "$work/out")"
expect_exit 2 "presign too long (bad usage)" env AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=SECRET \
  "$sf" storage presign "s3://bucket" k --expires 604801

modules=$here/backends/node_modules
if [[ -x /usr/bin/node && -d $modules/s3rver ]]; then
  mkdir -p "$work/s3"
  /usr/bin/node --openssl-legacy-provider "$here/storage/s3rver_launch.js" "$modules" "$work/s3" cli-bucket \
    >"$work/port" 2>"$work/s3rver.err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q PORT "$work/port" 2>/dev/null && break; sleep 0.1; done
  port=$(awk '/PORT/ {print $2}' "$work/port")
  if [[ -n $port ]]; then
    export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
    exercise "s3://cli-bucket/run?endpoint=http://127.0.0.1:$port" s3
  else
    bad "s3rver did not start: $(cat "$work/s3rver.err")"
  fi
else
  echo "SKIP s3:// part: node or s3rver missing (tests/backends/install.sh)"
fi

finish "storage CLI"
