#!/usr/bin/env bash
# End-to-end tests of `streamforge cdn steering|manifest|purge`: steering JSON for HLS and DASH,
# stickiness, the packager's tags, a purge against a local recording HTTP server (Python), and
# exit codes for bad input.
# Usage: cdn_cli_test.sh <path to streamforge>
set -uo pipefail
sf=$1
work=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
source "$(dirname "$0")/cli_test_lib.sh"

cat >"$work/cdn.json" <<'JSON'
{"cdns": [{"id": "cdn-a", "base_url": "https://a.example.net/vod", "weight": 3},
          {"id": "cdn-b", "base_url": "https://b.example.org/vod", "regions": ["eu"]}],
 "steering": {"ttl_seconds": 45, "hls_server_uri": "https://steer.example.com/steering/hls",
              "dash_server_uri": "https://steer.example.com/steering/dash"}}
JSON

expect_exit 0 "steering hls" "$sf" cdn steering --config "$work/cdn.json" --viewer v1 --region eu --format hls
[[ $(json 'j["TTL"]' <"$work/out") == 45 ]] && ok || bad "TTL"
[[ $(json 'sorted(j["PATHWAY-PRIORITY"])' <"$work/out") == "['cdn-a', 'cdn-b']" ]] && ok || bad "pathways"
first=$(json 'j["PATHWAY-PRIORITY"][0]' <"$work/out")
expect_exit 0 "steering again" "$sf" cdn steering --config "$work/cdn.json" --viewer v1 --region eu
[[ $(json 'j["PATHWAY-PRIORITY"][0]' <"$work/out") == "$first" ]] && ok || bad "not sticky"
expect_exit 0 "steering dash" "$sf" cdn steering --config "$work/cdn.json" --viewer v1 --region us --format dash \
  --reload-uri "/steering/dash?viewer=v1"
[[ $(json 'j["PATHWAY-PRIORITY"]' <"$work/out") == "['cdn-a']" ]] && ok || bad "region filter (us: only cdn-a)"
[[ $(json 'j["RELOAD-URI"]' <"$work/out") == "/steering/dash?viewer=v1" ]] && ok || bad "RELOAD-URI"

expect_exit 0 "manifest" "$sf" cdn manifest --config "$work/cdn.json"
[[ $(json 'j["default_pathway"]' <"$work/out") == cdn-a ]] && ok || bad "default pathway"
[[ $(json 'j["hls_tag"]' <"$work/out") == '#EXT-X-CONTENT-STEERING:SERVER-URI="https://steer.example.com/steering/hls",PATHWAY-ID="cdn-a"' ]] \
  && ok || bad "hls tag"

expect_exit 2 "missing viewer" "$sf" cdn steering --config "$work/cdn.json"
expect_exit 2 "bad format" "$sf" cdn steering --config "$work/cdn.json" --viewer v --format smooth
echo '{"cdns": [{"id": "a", "base_url": "https://a", "weight": -1}]}' >"$work/bad.json"
expect_exit 2 "bad spec" "$sf" cdn steering --config "$work/bad.json" --viewer v
grep -q 'cdns\[0\].weight' "$work/err" && ok || bad "bad spec error names the field"
expect_exit 2 "missing file" "$sf" cdn steering --config "$work/nope.json" --viewer v

# A local HTTP endpoint recording purge requests (one JSON line per request).
cat >"$work/server.py" <<'PY'
import http.server, json, sys
log = open(sys.argv[1], "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        log.write(json.dumps({"path": self.path, "auth": self.headers.get("Authorization"),
                              "body": json.loads(body)}) + "\n"); log.flush()
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_port, flush=True)
s.serve_forever()
PY
/usr/bin/python3 "$work/server.py" "$work/requests.log" >"$work/port" &
server_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
port=$(cat "$work/port")
cat >"$work/purge.json" <<JSON
{"name": "local", "headers": {"Authorization": "Bearer \${env:SF_CLI_PURGE_TOKEN}", "Content-Type": "application/json"},
 "urls": {"url": "http://127.0.0.1:$port/purge", "body": "{\"files\": {{items}}}", "max_batch": 2}}
JSON
SF_CLI_PURGE_TOKEN=tok123 expect_exit 0 "purge" "$sf" cdn purge --provider "$work/purge.json" \
  --url https://c/1 --url https://c/2 --url https://c/3
[[ $(json 'j["urls"]["requests"]' <"$work/out") == 2 ]] && ok || bad "two batches"
[[ $(wc -l <"$work/requests.log") == 2 ]] && ok || bad "server saw two requests"
[[ $(head -1 "$work/requests.log" | json 'j["auth"]') == "Bearer tok123" ]] && ok || bad "auth header from env"
[[ $(tail -1 "$work/requests.log" | json 'j["body"]["files"]') == "['https://c/3']" ]] && ok || bad "last batch body"
expect_exit 2 "purge without token" env -u SF_CLI_PURGE_TOKEN "$sf" cdn purge --provider "$work/purge.json" --url https://c/1
expect_exit 1 "purge tags not configured" env SF_CLI_PURGE_TOKEN=x "$sf" cdn purge --provider "$work/purge.json" --tag t
expect_exit 2 "purge nothing" env SF_CLI_PURGE_TOKEN=x "$sf" cdn purge --provider "$work/purge.json"

finish "cdn CLI"
