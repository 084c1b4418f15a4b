#!/bin/sh
# bench/images.sh: the image benchmark of bench/README.md ("Images").
#
# Makes N photo-like 4000x3000 JPEGs (bench/genphotos) and three sites
# around them in WORK:
#   sg      sitegen: its home page turns every photo into 480, 960 and
#           1600 px widths in WebP and in JPEG (resources.Get | .Resize)
#   sg0     the same sitegen site without the images
#   hugo    the same page for Hugo (layouts/index.html, the same calls)
# and prints the commands to time. Then, for example:
#   hyperfine -w1 -r5 -p 'rm -rf WORK/sg/public WORK/cache' \
#     'WORK/sitegen build --source WORK/sg --cache-dir WORK/cache --quiet' \
#     -p 'rm -rf WORK/hugo/public WORK/hugo/resources WORK/hcache' \
#     'hugo --source WORK/hugo --cacheDir WORK/hcache --quiet'
#   /usr/bin/time -v WORK/sitegen build --source WORK/sg --cache-dir WORK/cache --quiet
#
# usage: bench/images.sh [WORK]   (default /dev/shm/sitegen-images; N=60)
set -eu
W=${1:-/dev/shm/sitegen-images}
N=${N:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$W"
(cd "$ROOT" && go build -o "$W/sitegen" ./cmd/sitegen)
if [ "$(ls "$W/photos" 2>/dev/null | wc -l)" != "$N" ]; then
	rm -rf "$W/photos"
	(cd "$ROOT" && go run ./bench/genphotos -n "$N" "$W/photos")
fi
rm -rf "$W/sg" "$W/sg0" "$W/hugo"
mkdir -p "$W/sg/templates" "$W/sg/assets" "$W/sg0/templates" "$W/hugo/layouts" "$W/hugo/assets"
cp -al "$W/photos" "$W/sg/assets/photos"
cp -al "$W/photos" "$W/hugo/assets/photos"
page() { # the same template text for both generators
	echo '<!DOCTYPE html><html lang="en"><head><title>Photos</title></head><body>'
	for f in $(cd "$W/photos" && ls); do
		if [ "$1" = images ]; then
			echo "{{ with resources.Get \"photos/$f\" }}"
			for w in 480 960 1600; do
				echo "<img src=\"{{ (.Resize \"${w}x webp\").RelPermalink }}\" alt=\"\"><img src=\"{{ (.Resize \"${w}x jpg\").RelPermalink }}\" alt=\"\">"
			done
			echo "{{ end }}"
		else
			echo "<p>$f</p>"
		fi
	done
	echo '</body></html>'
}
printf 'title = "Photos"\nbaseURL = "https://example.org/"\n' > "$W/sg/sitegen.toml"
cp "$W/sg/sitegen.toml" "$W/sg0/sitegen.toml"
page images > "$W/sg/templates/home.html"
page none > "$W/sg0/templates/home.html"
cat > "$W/hugo/config.toml" <<'TOML'
title = "Photos"
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
page images > "$W/hugo/layouts/index.html"
echo "sites in $W: sg (images), sg0 (no images), hugo"
