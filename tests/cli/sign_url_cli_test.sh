#!/usr/bin/env bash
# End-to-end tests of `streamforge sign-url`: each scheme signs (checked against an independent
# computation with openssl / python where the layout is simple), CloudFront cookies, the
# streamforge token round trip through --verify (valid, tampered, expired, outside the prefix),
# and exit codes for bad input.
# Usage: sign_url_cli_test.sh <path to streamforge>
set -uo pipefail
sf=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/cli_test_lib.sh"

# nginx: the module documentation's own example.
expect_exit 0 "nginx sign" "$sf" sign-url --scheme nginx --secret secret \
  --expression '$secure_link_expires$uri$remote_addr $secret' --ip 127.0.0.1 --expires-at 2147483647 /s/link
[[ $(cat "$work/out") == "/s/link?md5=_e4Nc3iduzkWRm01TBBNYw&expires=2147483647" ]] && ok || bad "nginx doc example: $(cat "$work/out")"
printf 'secret\n' >"$work/secret"
expect_exit 0 "nginx secret file" "$sf" sign-url --scheme nginx --secret-file "$work/secret" --expires 60 https://h/a.ts
want=$(printf '%s/a.ts secret' "$(sed 's/.*expires=//' "$work/out")" | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =)
[[ $(sed 's/.*md5=\([^&]*\).*/\1/' "$work/out") == "$want" ]] && ok || bad "nginx hash vs openssl"

# CloudFront: URL verifies with openssl; cookies.
openssl genrsa -out "$work/cf.pem" 2048 2>/dev/null
openssl rsa -in "$work/cf.pem" -pubout -out "$work/cf.pub" 2>/dev/null
url=https://d1.cloudfront.net/v/42/master.m3u8
expect_exit 0 "cloudfront sign" "$sf" sign-url --scheme cloudfront --key-pair-id K2JCJMDEHXQW5F \
  --private-key "$work/cf.pem" --expires-at 1900000000 "$url"
sig=$(sed 's/.*Signature=\([^&]*\).*/\1/' "$work/out")
printf '%s' "$sig" | tr -- '-_~' '+=/' | openssl base64 -d -A >"$work/sig"
printf '{"Statement":[{"Resource":"%s","Condition":{"DateLessThan":{"AWS:EpochTime":1900000000}}}]}' "$url" >"$work/policy"
openssl dgst -sha1 -verify "$work/cf.pub" -signature "$work/sig" "$work/policy" >/dev/null && ok || bad "cloudfront signature does not verify"
expect_exit 0 "cloudfront sha256" "$sf" sign-url --scheme cloudfront --key-pair-id K1 --private-key "$work/cf.pem" \
  --hash sha256 --expires-at 1900000000 "$url"
grep -q '&Hash-Algorithm=SHA256$' "$work/out" && ok || bad "no Hash-Algorithm=SHA256"
expect_exit 0 "cloudfront cookies" "$sf" sign-url --scheme cloudfront --key-pair-id K1 --private-key "$work/cf.pem" \
  --cookies --expires 600 'https://d1.cloudfront.net/v/42/*'
[[ $(cut -d= -f1 "$work/out" | tr '\n' ' ') == "CloudFront-Policy CloudFront-Signature CloudFront-Key-Pair-Id " ]] && ok || bad "cookie names: $(cat "$work/out")"

# Akamai: HMAC-SHA256 over "exp=...~url=..." (Python's hmac as the independent computation).
expect_exit 0 "akamai sign" "$sf" sign-url --scheme akamai --key aabbccddeeff00112233445566778899 \
  --expires-at 1700000000 /v/a.m3u8
want=$(/usr/bin/python3 -c "import hmac,hashlib;print(hmac.new(bytes.fromhex('aabbccddeeff00112233445566778899'),b'exp=1700000000~url=/v/a.m3u8',hashlib.sha256).hexdigest())")
[[ $(cat "$work/out") == "/v/a.m3u8?__token__=exp=1700000000~hmac=$want" ]] && ok || bad "akamai token: $(cat "$work/out")"

# streamforge token: sign, then --verify.
key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
expect_exit 0 "token sign" "$sf" sign-url --scheme token --key $key --kid k1 --expires 600 https://cdn.example/v/42/master.m3u8
signed=$(cat "$work/out")
[[ $signed == https://cdn.example/v/42/master.m3u8?sf_token=exp=*~prefix=/v/42/~kid=k1~sig=* ]] && ok || bad "token url: $signed"
expect_exit 0 "token verify" "$sf" sign-url --scheme token --key $key --kid k1 --verify "$signed"
[[ $(json 'j["valid"]' <"$work/out") == True ]] && ok || bad "token not valid"
segment=${signed/master.m3u8/720p\/seg_1.m4s}
expect_exit 0 "token covers segment" "$sf" sign-url --scheme token --key $key --kid k1 --verify "$segment"
escape=${signed/master.m3u8/..\/43\/a.ts}
expect_exit 1 "token outside prefix" "$sf" sign-url --scheme token --key $key --kid k1 --verify "$escape"
[[ $(json 'j["reason"]' <"$work/out") == outside_prefix ]] && ok || bad "reason for ../43"
expect_exit 1 "token tampered" "$sf" sign-url --scheme token --key $key --kid k1 --verify "${signed/prefix=\/v\/42\//prefix=/v/}"
[[ $(json 'j["reason"]' <"$work/out") == bad_signature ]] && ok || bad "reason for tampered"
expect_exit 0 "token expired sign" "$sf" sign-url --scheme token --key $key --kid k1 --expires-at 1000 /v/1/a.ts
expect_exit 1 "token expired" "$sf" sign-url --scheme token --key $key --kid k1 --verify "$(cat "$work/out")"
[[ $(json 'j["reason"]' <"$work/out") == expired ]] && ok || bad "reason for expired"
expect_exit 1 "token malformed" "$sf" sign-url --scheme token --key $key --kid k1 --verify "/v/1/a.ts?sf_token=garbage"
[[ $(json 'j["reason"]' <"$work/out") == malformed ]] && ok || bad "reason for garbage"

# A JSON spec file.
printf '{"scheme":"token","key":"%s","prefix":"/v/"}\n' $key >"$work/spec.json"
expect_exit 0 "spec file" "$sf" sign-url --spec "$work/spec.json" --expires 60 /v/9/a.m3u8
grep -q 'prefix=/v/~sig=' "$work/out" && ok || bad "spec prefix"

# Bad input: usage errors exit 2 with the field named.
expect_exit 2 "no scheme" "$sf" sign-url /a
expect_exit 2 "unknown scheme" "$sf" sign-url --scheme fastly /a
expect_exit 2 "nginx without secret" "$sf" sign-url --scheme nginx /a
grep -q -- '--secret' "$work/err" && ok || bad "message names --secret"
expect_exit 2 "bad hex key" "$sf" sign-url --scheme akamai --key xyz /a
expect_exit 2 "bad expression" "$sf" sign-url --scheme nginx --secret s --expression '$uri$cookie_x $secret' /a
grep -q 'expression' "$work/err" && ok || bad "message names expression"
expect_exit 1 "missing key file" "$sf" sign-url --scheme cloudfront --key-pair-id K --private-key "$work/none.pem" /a
printf 'not a key' >"$work/bad.pem"
expect_exit 2 "bad pem" "$sf" sign-url --scheme cloudfront --key-pair-id K --private-key "$work/bad.pem" /a
grep -q 'not a key' "$work/err" && bad "PEM contents echoed" || ok
expect_exit 2 "cookies for nginx" "$sf" sign-url --scheme nginx --secret s --cookies /a

finish "sign-url CLI"
