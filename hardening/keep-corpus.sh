#!/usr/bin/env bash
# Copies a sample of the inputs that `go test -fuzz` found interesting (kept
# in Go's build cache) into each package's testdata/fuzz/FuzzXxx/, where
# every `go test` runs them as seeds. Inputs over 4 KB are left out; the
# sample is spread over the sizes. Existing files (crashers) are kept.
#
# Usage: hardening/keep-corpus.sh [N per target, default 16]
set -euo pipefail
N=${1:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$(go env GOCACHE)/fuzz/github.com/sitegen/sitegen
for dir in "$CACHE"/internal/*/Fuzz*; do
	[ -d "$dir" ] || continue
	pkg=$(basename "$(dirname "$dir")")
	target=$(basename "$dir")
	out=$ROOT/internal/$pkg/testdata/fuzz/$target
	grep -q "func $target(" "$ROOT"/internal/"$pkg"/*_test.go 2>/dev/null || continue
	mapfile -t files < <(find "$dir" -type f -size -4k -printf '%s %p\n' | sort -n | awk '{print $2}')
	total=${#files[@]}
	[ "$total" -gt 0 ] || continue
	mkdir -p "$out"
	step=$(( total > N ? total / N : 1 ))
	kept=0
	for ((i = 0; i < total && kept < N; i += step)); do
		cp -n "${files[$i]}" "$out/"
		kept=$((kept + 1))
	done
	echo "$pkg/$target: kept $kept of $total"
done
