#!/usr/bin/env bash
# The search bench: sitegen's search against Pagefind 1.6 extended on the
# same built site, in headless Chromium. See bench/README.md.
#
#   bash bench/search/run.sh [PAGES] [TRANSLATED] [DIR]
#
# PAGES English pages (default 10000), of which the first TRANSLATED
# (default 2000) also in Chinese and Russian; DIR (default a new temporary
# folder) keeps the corpus and the output. Needs Go, chromium and
# `npm ci` (for node_modules/.bin/pagefind's pagefind_extended).
# VERBOSE=1 prints every query, PHASES=1 also its requests (resource timing).
set -euo pipefail
cd "$(dirname "$0")/../.."
pages=${1:-10000}
translated=${2:-2000}
dir=${3:-$(mktemp -d)}
pagefind=$(ls node_modules/@pagefind/*/bin/pagefind_extended 2>/dev/null | head -n 1)
[[ -x "$pagefind" ]] || { echo "no pagefind_extended: run npm ci" >&2; exit 1; }

go build -o "$dir/sitegen" ./cmd/sitegen
go run ./bench/gencorpus -pages "$pages" -translate "$translated" -out "$dir/site"
rm -rf "$dir/out"
echo "== sitegen build (with the search index)"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$dir/sitegen" build --quiet --no-cache --source "$dir/site" --destination "$dir/out"
echo "== pagefind_extended $("$pagefind" --version)"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$pagefind" --site "$dir/out" --output-subdir pagefind --silent
echo "== queries (gzip, no cache, headless chromium)"
go run ./bench/search -site "$dir/out" -queries "$dir/site/queries.json" ${VERBOSE:+-v} ${PHASES:+-phases}
echo "corpus and output kept in $dir"
