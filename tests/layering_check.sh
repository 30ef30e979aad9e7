#!/usr/bin/env bash
# The dependency rules of DESIGN.md, checked on the sources:
#  - only src/av/ includes FFmpeg headers; only src/crypto/ includes OpenSSL;
#  - core/ uses nothing above it; media/ only core/; mp4/ and ts/ only media/ and core/;
#    abr/, metadata/, net/ only core/; storage/ and cdn/ core/ plus crypto/ (digests, signatures) and
#    net/ (HTTP) for their network backends (S3, signed URLs, health checks, purge);
#  - only src/net/ (and the examples) include Boost; net/ reaches OpenSSL only through Boost.Asio's
#    SSL layer (no #include <openssl/...>: the rule above still holds).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() {  # check <description> <grep -E pattern> <paths...>
  local what=$1 pattern=$2; shift 2
  local hits
  hits=$(grep -rnE "$pattern" "$@" 2>/dev/null || true)
  if [[ -n $hits ]]; then echo "layering violation: $what"; echo "$hits"; fail=1; fi
}
ffmpeg='#include *[<"](libav|libsw)'
check "FFmpeg outside src/av" "$ffmpeg" $(find src include examples bindings -name '*.[ch]*' -not -path 'src/av/*')
check "OpenSSL outside src/crypto" '#include *[<"]openssl/' $(find src include examples bindings -name '*.[ch]*' -not -path 'src/crypto/*')
check "core/ depends on a higher module" '#include *"(streamforge/)?(media|av|transcode|package|mp4|ts|crypto|pipeline|net)/' src/core include/streamforge/core
check "media/ depends on a higher module" '#include *"(streamforge/)?(av|transcode|package|mp4|ts|crypto|pipeline)/' src/media include/streamforge/media
for m in mp4 ts; do
  [[ -d src/$m ]] && check "$m/ depends on more than media/ and core/" '#include *"(streamforge/)?(av|transcode|package|crypto|pipeline|storage)/' src/$m include/streamforge/$m
done
boost='#include *[<"]boost/'
check "Boost outside src/net and examples/" "$boost" $(find src include bindings -name '*.[ch]*' -not -path 'src/net/*')
for m in abr metadata; do
  [[ -d src/$m ]] && check "$m/ depends on more than core/" '#include *"(streamforge/)?(media|av|transcode|package|mp4|ts|crypto|pipeline)/' src/$m include/streamforge/$m
done
for m in storage cdn; do
  [[ -d src/$m ]] && check "$m/ depends on more than core/, crypto/ and net/" '#include *"(streamforge/)?(media|av|transcode|package|mp4|ts|drm|abr|metadata|pipeline)/' src/$m include/streamforge/$m
done
# net/ (HTTP client) uses core/ only; the glue to drm/'s CpixTransport lives in package/.
[[ -d src/net ]] && check "net/ depends on more than core/" '#include *"(streamforge/)?(media|av|transcode|package|mp4|ts|crypto|drm|storage|abr|cdn|metadata|upload|pipeline)/' src/net include/streamforge/net
# drm/ (DRM signaling, key providers: pure logic, no OpenSSL) uses core/, media/ and mp4/ only.
[[ -d src/drm ]] && check "drm/ depends on more than core/, media/ and mp4/" '#include *"(streamforge/)?(av|transcode|package|crypto|pipeline|storage|ts|abr|cdn|metadata|upload|net)/' src/drm include/streamforge/drm
[[ $fail == 0 ]] && echo "layering ok"
exit $fail
