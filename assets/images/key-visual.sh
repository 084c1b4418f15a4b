#!/usr/bin/env bash
# assets/images/key-visual.sh: render the forum site's key visual once, from the team's
# own drawing assets/images/key-visual.svg, to assets/images/key-visual.png
# (on the light page's ground) and key-visual-dark.png (on the dark page's),
# 960 x 720 px each, with headless Chromium. The PNGs are committed; the
# build never runs this. The site publishes them through the image pipeline
# (templates/home.html: WebP and JPEG at 480 and 960 px, the dark one for
# prefers-color-scheme: dark).
#
#   bash assets/images/key-visual.sh        (CHROMIUM=/path/to/chromium to choose one)
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium=${CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for scheme in light dark; do
  # The drawing inline, so that its style sees the class on <body>.
  { printf '<!doctype html><style>html,body{margin:0}svg{display:block}</style><body class="%s">' "$scheme"
    cat assets/images/key-visual.svg; } >"$tmp/$scheme.html"
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --window-size=960,720 --force-device-scale-factor=1 \
    --screenshot="$tmp/$scheme.png" "file://$tmp/$scheme.html" 2>/dev/null
done
cp "$tmp/light.png" assets/images/key-visual.png
cp "$tmp/dark.png" assets/images/key-visual-dark.png
ls -l assets/images/key-visual.png assets/images/key-visual-dark.png
