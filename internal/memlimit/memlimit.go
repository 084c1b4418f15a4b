// Package memlimit bounds sitegen's memory by what it holds, not by how
// much garbage it makes.
//
// # Why
//
// Go's collector lets the heap grow to twice what was live at the last
// collection (GOGC=100). Rendering makes much short-lived garbage (chroma's
// tokenizer above all), so the time spent collecting depends on that
// headroom, and a build's peak memory is about twice its live heap plus what
// the runtime has not yet given back to the system.
//
// # What
//
// Start turns the percentage-based trigger off and sets the runtime's soft
// memory limit instead: 2.25 times the live heap plus a margin, and at least
// Floor, following the live heap as it grows. A small site then stays near
// Floor; a big one collects a little less often than with GOGC=100, and the
// limit makes the runtime give freed memory back to the system promptly, so
// its resident size stays near the limit.
//
// # The factor
//
// A big site's model is live from start to end, and every collection
// marks it, so the collector's share of a build grows with the site unless
// its headroom does. The factor is the largest that keeps a 100,000-page
// build under 1 GiB: a smaller one spends more time collecting, a larger
// one buys nothing measurable for its memory. The measurements that chose
// it are in bench/README.md ("Choosing the policy's factor").
//
// # Serving
//
// sitegen serve keeps a site's model, render state and kept bodies live
// between builds, and most of its builds (a text or front-matter edit)
// make little garbage; only those that render the site whole (a template
// edit) make much. Its peak is the limit, so it runs with a smaller factor
// (ServeFactor), which the 300 MiB budget at 10,000 pages asks for; the
// measurements are in bench/README.md ("serve: packs, ids and a policy for
// serving").
//
// Setting GOGC or GOMEMLIMIT in the environment leaves the runtime's own
// settings alone.
package memlimit

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Floor is the least limit: below it, the heap is let grow.
const Floor = 128 << 20

// margin covers what the limit counts besides the heap: stacks, the
// runtime's own structures, fragmentation.
const margin = 32 << 20

// every is how often the limit follows the live heap. Between two looks the
// live heap can outgrow the limit; the collector then runs more often (at
// most half the CPU, by the runtime's own guard) until the next look.
const every = 10 * time.Millisecond

// BuildFactor and ServeFactor are the heap's room over the live heap, in
// quarters: 2.25 for a build, 1.5 for serve.
const (
	BuildFactor = 9
	ServeFactor = 6
)

// Limit is the memory limit for a live heap of the given size.
func Limit(live uint64) int64 { return limit(live, BuildFactor) }

func limit(live uint64, quarters int64) int64 {
	return max(Floor, int64(live)*quarters/4+margin)
}

// Start applies the limit until stop is called. It does nothing if GOGC or
// GOMEMLIMIT is set.
func Start() (stop func()) { return StartWith(BuildFactor) }

// StartWith is Start with a factor of quarters/4 (BuildFactor,
// ServeFactor).
func StartWith(quarters int64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(Floor)
	oldPercent := debug.SetGCPercent(-1)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(limit(s[0].Value.Uint64(), quarters))
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
