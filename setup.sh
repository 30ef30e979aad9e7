#!/usr/bin/env bash
# streamforge set-up: the one script a new machine needs.
#
#   ./setup.sh            install what is missing, build (release), make a sample clip,
#                         probe it, encode the default ladder and package it as HLS + DASH
#                         into ./streamforge-demo/title/
#   ./setup.sh test       install what is missing, build, run every test: ctest + pytest on the
#                         release build, then the same C++ tests under ASan+UBSan (asan preset)
#   ./setup.sh deps       only install Debian packages (idempotent)
#   ./setup.sh build      only configure + build the release preset
#
# Idempotent: packages already installed are skipped, builds are incremental.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

# Every Debian 12 package the build, the tests, the benchmarks and the examples need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  # FFmpeg 5.1 libraries and the encoders they are built with
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libx264-dev libx265-dev libvpx-dev libaom-dev libzimg-dev
  # the rest of the stack
  libssl-dev libboost1.81-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
  libpq-dev postgresql  # metadata/: libpq; the PostgreSQL tests start a real server
  nginx python3-boto3 python3-cryptography  # CDN/S3 tests: nginx secure_link, botocore's signers as peers
  # tests, benchmarks, fuzzing, bindings
  libgtest-dev libgmock-dev libbenchmark-dev pybind11-dev python3-dev python3-pytest
  clang libclang-rt-14-dev ffmpeg time libxml2-utils openssl  # openssl: test CAs for the net/ TLS tests
)
# The browser playback test installs its own parts (Debian chromium + npm players): tests/browser/install.sh;
# the storage/CDN tests their npm peers (s3rver, AWS SDK, akamai-edgeauth): tests/backends/install.sh.

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "[setup] installing: ${missing[*]}"
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "[setup] all Debian packages present"
  fi
}

build() {
  local preset=${1:-release}
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}

demo() {
  local bin="$ROOT/build/release/examples/cli/streamforge"
  local out="$ROOT/streamforge-demo"
  rm -rf "$out"; mkdir -p "$out"
  echo "[setup] generating a 10 s 1280x720 sample clip"
  "$bin" make-clip "$out/sample.mp4" --width 1280 --height 720 --duration 10
  echo "[setup] probe:"
  "$bin" probe "$out/sample.mp4"
  echo "[setup] transcoding the default ladder and packaging it (HLS + DASH, CMAF) in one pass:"
  "$bin" transcode "$out/sample.mp4" --out "$out/title" --hls --dash --thumbnails
  echo
  echo "[setup] done. Output is in: $out/title (master.m3u8, manifest.mpd, summary.json)"
  ls -l "$out/title"
}

run_tests() {
  # Unit/integration tests (C++), then the Python binding tests against the built module,
  # then every C++ test again (bar the install test) under AddressSanitizer + UBSan.
  ctest --preset release
  PYTHONPATH="$ROOT/build/release/python" /usr/bin/python3 -m pytest -q bindings/python/tests
  build asan
  ctest --preset asan-all
}

cmd=${1:-demo}
case "$cmd" in
  deps)  install_deps ;;
  build) install_deps; build release ;;
  test)  install_deps; "$ROOT/tests/browser/install.sh"; "$ROOT/tests/backends/install.sh"; build release; run_tests ;;
  demo)  install_deps; build release; demo ;;
  *) echo "usage: $0 [demo|test|deps|build]" >&2; exit 2 ;;
esac
