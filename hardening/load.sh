#!/usr/bin/env bash
# Load test of `sitegen serve`: a generated 1,000-page site served by
# sitegen serve, wrk with 64 connections for 10 s rotating over 50 page
# URLs while a loop edits content files every 200 ms. Then, with the
# editor still saving, a flood (TestFlood in internal/serve, run against
# this server): 500 event streams and 200 clients that never finish their
# headers held open while other requests must be answered within 2 s, a
# 1 MB header answered 431 and a path of 10,000 segments a 4xx.
# Fails if any request failed (non-2xx/3xx answers or socket errors), if
# the flood test fails, or if the server's peak resident memory (VmHWM)
# passes 300 MiB; prints requests/s, the p99 latency, the flood's
# latencies and the peak memory.
#
# Usage: hardening/load.sh [PAGES] [SECONDS]   (from anywhere in the repo)
# Needs: go, wrk (Debian: apt-get install wrk), curl. Traffic goes to
# 127.0.0.1 only.
set -euo pipefail

PAGES=${1:-1000}
DURATION=${2:-10}
CONNECTIONS=64
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sitegen-load-XXXXXX")
SITE=$WORK/site
SERVER_PID=
EDITOR_PID=

cleanup() {
	[ -n "$EDITOR_PID" ] && kill "$EDITOR_PID" 2>/dev/null || true
	# The server runs in its own process group: go run and the binary it
	# started go together.
	[ -n "$SERVER_PID" ] && kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
	[ -n "$SERVER_PID" ] && wait "$SERVER_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
		echo $((20000 + RANDOM % 20000))
}
PORT=${PORT:-$(free_port)}

cd "$ROOT"
echo "generating a $PAGES-page site in $SITE"
go run ./bench/gencorpus -pages "$PAGES" -out "$SITE" >/dev/null

# 50 page URLs: content/news/page-00014.md -> /news/page-00014/
mapfile -t FILES < <(cd "$SITE" && find content -name 'page-*.md' | sort | head -50)
[ "${#FILES[@]}" -gt 0 ] || { echo "load.sh: no pages generated" >&2; exit 1; }
{
	echo 'local paths = {'
	for f in "${FILES[@]}"; do
		u=${f#content}
		echo "  \"${u%.md}/\","
	done
	echo '}'
	cat <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
} >"$WORK/rotate.lua"

# Compiled before the clock starts; the server is run directly, so that
# its PID is the one whose memory is read.
go build -o "$WORK/sitegen" ./cmd/sitegen
go test -c -o "$WORK/serve.test" ./internal/serve
setsid "$WORK/sitegen" serve --source "$SITE" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!

first=${FILES[0]#content}
url="http://127.0.0.1:$PORT${first%.md}/"
for _ in $(seq 1 300); do
	if curl -fsS -o /dev/null "$url" 2>/dev/null; then break; fi
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		echo "load.sh: the server exited:" >&2
		cat "$WORK/serve.log" >&2
		exit 1
	fi
	sleep 0.2
done
curl -fsS -o /dev/null "$url" || { echo "load.sh: the server did not answer $url" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "serving at http://127.0.0.1:$PORT/"

# An editor saving a content file every 200 ms (the pages keep their URLs).
(
	n=0
	while :; do
		f=$SITE/${FILES[$((n % ${#FILES[@]}))]}
		printf '\nEdited by the load test, save %d.\n' "$n" >>"$f"
		n=$((n + 1))
		sleep 0.2
	done
) &
EDITOR_PID=$!

wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" | tee "$WORK/wrk.out"

status=0
echo "flood: 500 event streams, 200 unfinished headers, a 1 MB header, a 10,000-segment path"
if ! (cd internal/serve && "$WORK/serve.test" -test.run '^TestFlood$' -test.v -test.count=1 \
	-flood.addr "127.0.0.1:$PORT" -flood.page "${first%.md}/") >"$WORK/flood.out" 2>&1; then
	echo "FAIL: the flood test failed:" >&2
	status=1
fi
grep -E 'flood_test|^(--- |ok|FAIL|PASS)' "$WORK/flood.out" || cat "$WORK/flood.out"
flood=$(grep -o 'latency p50 [^ ]*, max [^ ]*' "$WORK/flood.out" || echo 'latency not measured')

kill "$EDITOR_PID" 2>/dev/null || true
wait "$EDITOR_PID" 2>/dev/null || true
EDITOR_PID=
saves=$(grep -c 'Edited by the load test' "$SITE"/content/*/page-*.md | awk -F: '{s+=$2} END {print s+0}')

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
	echo "FAIL: the server died during the load" >&2
	cat "$WORK/serve.log" >&2
	exit 1
fi
peak_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
if [ "$peak_kb" -gt $((300 * 1024)) ]; then
	echo "FAIL: the server's peak resident memory is $((peak_kb / 1024)) MiB, over 300 MiB" >&2
	status=1
fi
if grep -q 'Non-2xx or 3xx responses' "$WORK/wrk.out"; then
	echo "FAIL: $(grep 'Non-2xx or 3xx responses' "$WORK/wrk.out")" >&2
	status=1
fi
if grep -q 'Socket errors' "$WORK/wrk.out"; then
	echo "FAIL: $(grep 'Socket errors' "$WORK/wrk.out")" >&2
	status=1
fi
rps=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
total=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
rebuilds=$(grep -c . "$WORK/serve.log" || true)
echo "result: $PAGES pages, $CONNECTIONS connections, ${DURATION}s: $total requests, $rps requests/s, p99 latency $p99, $saves saves, $rebuilds server log lines"
echo "flood: other requests' $flood; the server's peak resident memory (VmHWM) $((peak_kb / 1024)) MiB"
[ "$status" -eq 0 ] && echo "PASS: no failed request, flood test passed, peak memory under 300 MiB"
exit "$status"
