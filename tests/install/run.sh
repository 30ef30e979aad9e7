#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds a tiny consumer against it twice:
# with find_package(streamforge) and with pkg-config. Usage: run.sh <build-dir>
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# 1. CMake package
cmake -S "$src/consumer" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/consumer"
# 2. pkg-config
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/$(gcc -print-multiarch)/pkgconfig"
# shellcheck disable=SC2046
g++ -o "$work/consumer-pc" "$src/consumer/main.cpp" $(pkg-config --cflags --libs streamforge)
"$work/consumer-pc"
# 3. No third-party header leaks into the public API: every installed header compiles alone
#    with only the prefix on the include path, and none names FFmpeg, OpenSSL or Boost.
if grep -rlE '#include *<(lib(av|sw)|openssl/|boost/)' "$work/prefix/include/streamforge"; then
  echo "a public header includes a third-party header" >&2
  exit 1
fi
#    (One compiler per header, as many at once as there are cores: ~90 headers.)
check_header() {
  echo "#include <$1>" | g++ -std=c++20 -fsyntax-only -I"$2" -x c++ - || { echo "not self-contained: $1" >&2; return 1; }
}
export -f check_header
(cd "$work/prefix/include" && find streamforge -name '*.h') |
  xargs -P "$(nproc)" -I{} bash -c 'check_header "$1" "$2"' _ {} "$work/prefix/include"
echo "install test ok"
