#!/usr/bin/env bash
# gates/run.sh: build the site into a temporary folder and run every quality
# gate on it, in order: checks (iCalendar, JSON-LD), vnu (Nu HTML Checker),
# axe (axe-core in Chromium, third-party requests, page weight), layout (at
# 360 px without JavaScript: banner height, no word split in a table cell),
# lighthouse.
# Every gate runs even if an earlier one failed; any failure fails the run.
#
#   bash gates/run.sh            build with `go run ./cmd/sitegen`, then gate
#   bash gates/run.sh SITE_DIR   gate an already built folder
#
# Needs: Go, Node 20 with `npm ci` done at the repo root, Java 17+ and
# Chromium (/usr/bin/chromium, or CHROME_PATH). Env: LH_MIN (default 100),
# LH_RUNS (default 7), LH_QUIET_MAX (default 90 s), LH_PAGES, KEEP_SITE=1 keeps the built folder.
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core || ! -d node_modules/lighthouse || ! -d node_modules/vnu-jar ]]; then
  echo "gates: node_modules is missing or incomplete; run 'npm ci' at the repo root first" >&2
  exit 2
fi

start=$SECONDS
if [[ $# -ge 1 ]]; then
  OUT=$(cd "$1" && pwd)
  echo "== gates: using the built site in $OUT"
else
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/site-gates.XXXXXX")
  if [[ "${KEEP_SITE:-}" != 1 ]]; then trap 'rm -rf "$OUT"' EXIT; fi
  echo "== gates: build (go run ./cmd/sitegen build --destination $OUT --force)"
  t=$SECONDS
  if ! go run ./cmd/sitegen build --destination "$OUT" --force; then
    echo "gates: FAIL: the site did not build" >&2
    exit 1
  fi
  echo "   build took $((SECONDS - t)) s"
fi

declare -a names results times
fail=0
for gate in checks vnu axe layout lighthouse; do
  echo
  echo "== gates: $gate (node gates/$gate.js)"
  t=$SECONDS
  if node "gates/$gate.js" "$OUT"; then
    r=ok
  else
    r=FAIL
    fail=1
  fi
  names+=("$gate")
  results+=("$r")
  times+=("$((SECONDS - t))")
done

echo
echo "== gates: summary"
for i in "${!names[@]}"; do
  printf '   %-11s %-5s %4s s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
echo "   total $((SECONDS - start)) s"
if [[ $fail -ne 0 ]]; then
  echo "gates: FAIL (see the reports above)"
  exit 1
fi
echo "gates: all passed"
