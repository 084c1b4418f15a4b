package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// builderTime reads serve's summary lines as they are printed, keeping
// the builder's time of the last build, and passes them on to w.
type builderTime struct {
	w    io.Writer
	mu   sync.Mutex
	line []byte
	ms   int
}

var summaryTime = regexp.MustCompile(`files written in (\d+) ms`)

func (b *builderTime) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.line = append(b.line, p...)
	for {
		i := bytes.IndexByte(b.line, '\n')
		if i < 0 {
			break
		}
		if m := summaryTime.FindSubmatch(b.line[:i]); m != nil {
			b.ms, _ = strconv.Atoi(string(m[1]))
		}
		b.line = b.line[i+1:]
	}
	b.mu.Unlock()
	return b.w.Write(p)
}

// last is the builder's time of the last build: serve prints its summary
// before it sends the reload event.
func (b *builderTime) last() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return time.Duration(b.ms) * time.Millisecond
}

// printShares prints, and forgets, each series' p50 of the saves' latency
// less the builder's time.
func printShares(shares map[string][]time.Duration) {
	for _, series := range slices.Sorted(maps.Keys(shares)) {
		d := shares[series]
		fmt.Fprintf(os.Stderr, "share %s: p50 %v over %d saves (save to reload event, less the builder's time in whole ms)\n", series, quantile(d, 0.5), len(d))
		delete(shares, series)
	}
}
