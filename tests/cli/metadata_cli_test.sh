#!/usr/bin/env bash
# End-to-end tests of `streamforge metadata put-video|get|search` on a SQLite file: JSON output,
# search filters, an injection string kept as text, and exit codes for bad input.
# Usage: metadata_cli_test.sh <path to streamforge>
set -uo pipefail
sf=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite://$work/meta.db"
source "$(dirname "$0")/cli_test_lib.sh"

expect_exit 0 "put ready video" "$sf" metadata put-video --db "$db" --id v1 --owner alice --title "Cooking pasta" \
  --description "dinner in ten minutes" --tag food --tag italian --category food --duration-ms 600000 --status ready
[[ $(json 'j["status"]' <"$work/out") == ready ]] && ok || bad "status not ready"
expect_exit 0 "put second video" "$sf" metadata put-video --db "$db" --id v2 --owner bob --title "Pasta race" \
  --category sport --duration-ms 60000 --status ready
evil="'; DROP TABLE videos; --"
expect_exit 0 "put injection title" "$sf" metadata put-video --db "$db" --id v3 --owner "$evil" --title "$evil" --status ready

expect_exit 0 "get" "$sf" metadata get --db "$db" v1
[[ $(json '",".join(j["tags"])' <"$work/out") == food,italian ]] && ok || bad "tags round trip"
expect_exit 0 "get injection" "$sf" metadata get --db "$db" v3
[[ $(json 'j["title"]' <"$work/out") == "$evil" ]] && ok || bad "injection title not kept as text"

expect_exit 0 "search pasta" "$sf" metadata search --db "$db" pasta
[[ $(json 'len(j["videos"])' <"$work/out") == 2 ]] && ok || bad "search pasta: want 2"
expect_exit 0 "search filtered" "$sf" metadata search --db "$db" pasta --category sport
[[ $(json 'j["videos"][0]["id"]' <"$work/out") == v2 ]] && ok || bad "category filter"
expect_exit 0 "search duration" "$sf" metadata search --db "$db" pasta --min-duration-ms 100000
[[ $(json 'len(j["videos"])' <"$work/out") == 1 ]] && ok || bad "duration filter"
expect_exit 0 "search injection" "$sf" metadata search --db "$db" "$evil"
[[ $(json 'j["videos"][0]["id"]' <"$work/out") == v3 ]] && ok || bad "injection search"
expect_exit 0 "pagination" "$sf" metadata search --db "$db" --limit 2
[[ $(json 'j["next_offset"]' <"$work/out") == 2 ]] && ok || bad "next_offset"

expect_exit 1 "missing video" "$sf" metadata get --db "$db" nope
expect_exit 2 "over-long title" "$sf" metadata put-video --db "$db" --owner a --title "$(head -c 400 /dev/zero | tr '\0' x)"
grep -q "title" "$work/err" && ok || bad "over-long title error names the field"
expect_exit 2 "bad scheme" "$sf" metadata search --db "mysql://x" pasta
expect_exit 2 "no --db" "$sf" metadata search pasta

finish "metadata CLI"
