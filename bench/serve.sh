#!/usr/bin/env bash
# Save-to-reload latency of sitegen serve for every edit kind of issue 18,
# at 1,000 and 10,000 pages, beside hugo server --disableFastRender on the
# same corpus and the same saves (when hugo is installed). Prints Markdown
# tables of medians and the peak resident memory of each server.
#
#   bash bench/serve.sh                 # 8 saves of each kind, sizes 1000 10000
#   SAVES=8 SIZES="1000" bash bench/serve.sh
#   HUGO=0 bash bench/serve.sh          # sitegen only
#
# The corpora are written to $TMPDIR (default /dev/shm) and removed at the
# end. 1,000 pages took 11 minutes on a loaded 2-core machine; 10,000
# take much longer, most of it Hugo's rebuilds and sitegen's edits that
# render every page (a template, data, a UI string).
set -euo pipefail
cd "$(dirname "$0")/.."
saves=${SAVES:-8}
sizes=${SIZES:-"1000 10000"}
tmp=${TMPDIR:-/dev/shm}
hugo=()
if [ "${HUGO:-1}" != 0 ] && command -v hugo >/dev/null; then
	hugo=(-hugo)
fi
work=$(mktemp -d "$tmp/serve-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/servelat" ./bench/servelat
go build -o "$work/gencorpus" ./bench/gencorpus
echo "commit $(git describe --always --dirty), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
	"$work/gencorpus" -pages "$n" -out "$work/site$n"
	"$work/servelat" -site "$work/site$n" -edit all -edits "$saves" "${hugo[@]}" 2>"$work/log$n" |
		grep -v '^\(pages\|hugo:\)' || { tail -20 "$work/log$n" >&2; exit 1; }
	rm -rf "$work/site$n"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
