#!/bin/sh
# bench/images-serve.sh: save -> reload under `sitegen serve` for text
# edits of a page with ten photos, beside a page without images (bench/
# README.md, "Images and minifying").
#
# Makes in WORK a 1,000-page corpus (bench/gencorpus) plus a bundle page,
# content/events/photos/index.md, whose Markdown shows ten photo-like
# 4000x3000 JPEGs (bench/genphotos), each one a responsive <picture> (3
# widths in WebP and JPEG); warms the image cache with one build; then
# times EDITS saves of that page and of a plain corpus page with
# bench/imgserve against the real binary.
#
# usage: bench/images-serve.sh [WORK]   (default /dev/shm/sitegen-imgserve; EDITS=40)
set -eu
W=${1:-/dev/shm/sitegen-imgserve}
EDITS=${EDITS:-40}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$W"
(cd "$ROOT" && go build -o "$W/sitegen" ./cmd/sitegen && go build -o "$W/imgserve" ./bench/imgserve)
if [ "$(ls "$W/photos" 2>/dev/null | wc -l)" != 10 ]; then
	rm -rf "$W/photos"
	(cd "$ROOT" && go run ./bench/genphotos -n 10 "$W/photos")
fi
rm -rf "$W/site"
(cd "$ROOT" && go run ./bench/gencorpus -pages 1000 -out "$W/site" >/dev/null)
B="$W/site/content/events/photos"
mkdir -p "$B"
cp "$W"/photos/*.jpg "$B/"
{
	printf -- '---\ntitle: "Photos of the day"\ndate: 2018-03-01T10:00:00Z\n---\n\nThe day in ten photos.\n'
	i=0
	for f in $(cd "$B" && ls *.jpg); do
		i=$((i + 1))
		printf '\n![Photo %d of the day](%s "Photo %d")\n' "$i" "$f" "$i"
	done
} > "$B/index.md"
"$W/sitegen" build --source "$W/site" --cache-dir "$W/cache" --destination "$W/public" --quiet
PLAIN=$(cd "$W/site" && ls content/events/page-*.md | head -1)
uptime
"$W/imgserve" -sitegen "$W/sitegen" -site "$W/site" -cache-dir "$W/cache" -edits "$EDITS" -page content/events/photos/index.md
"$W/imgserve" -sitegen "$W/sitegen" -site "$W/site" -cache-dir "$W/cache" -edits "$EDITS" -page "$PLAIN"
uptime
