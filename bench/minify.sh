#!/bin/sh
# bench/minify.sh: what minifying saves on the forum site (bench/README.md,
# "Images and minifying").
#
# Builds the site twice into WORK: "plain", from a copy of the site whose
# templates lose their `| minify` pipes, without --minify (nothing is
# minified); and "min", the site as it is, with --minify. Then prints the
# bytes of the HTML pages and of the stylesheets they link, and the command
# to time the two builds.
#
# usage: bench/minify.sh [WORK]   (default /dev/shm/sitegen-minify)
set -eu
W=${1:-/dev/shm/sitegen-minify}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$W"
mkdir -p "$W/site"
(cd "$ROOT" && go build -o "$W/sitegen" ./cmd/sitegen)
for d in sitegen.toml content templates i18n data static assets; do
	[ -e "$ROOT/$d" ] && cp -r "$ROOT/$d" "$W/site/"
done
find "$W/site/templates" -type f -exec sed -i 's/|[[:space:]]*minify[[:space:]]*//g' {} +
"$W/sitegen" build --source "$W/site" --destination "$W/plain" --cache-dir "$W/cache" --quiet
"$W/sitegen" build --source "$ROOT" --destination "$W/min" --cache-dir "$W/cache" --quiet --minify
(cd "$ROOT" && go run ./bench/minsize "$W/plain" "$W/min")
echo "time: hyperfine -w2 -r10 '$W/sitegen build --source $ROOT --destination $W/b --cache-dir $W/cache --quiet' '$W/sitegen build --source $ROOT --destination $W/b --cache-dir $W/cache --quiet --minify'"
