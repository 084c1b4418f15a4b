package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, Floor},
		{40 << 20, Floor},
		{200 << 20, 450<<20 + margin},
		{1 << 30, 9<<28 + margin},
	} {
		if got := Limit(c.live); got != c.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
	// serve's: 1.5 times the live heap
	if got, want := limit(200<<20, ServeFactor), int64(300<<20+margin); got != want {
		t.Errorf("serve's limit for 200 MiB live = %d MiB, want %d MiB", got>>20, want>>20)
	}
}

// Start follows the live heap up, and stop gives the runtime its settings
// back.
func TestStartFollowsLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	stop := StartWith(ServeFactor)
	if got := debug.SetMemoryLimit(-1); got < Floor {
		stop()
		t.Fatalf("limit %d MiB after Start, want at least %d MiB", got>>20, Floor>>20)
	}
	keep := make([][]byte, 0, 300)
	for range 300 { // 300 MiB live: over Floor
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.GC()
	want := limit(300<<20, ServeFactor)
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < want && time.Now().Before(deadline) {
		time.Sleep(every)
	}
	got := debug.SetMemoryLimit(-1)
	runtime.KeepAlive(keep)
	stop()
	if got < want {
		t.Errorf("limit %d MiB with 300 MiB live, want at least %d MiB", got>>20, want>>20)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("limit %d after stop, want none", l)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC %d after stop, want 100", p)
	}
}

// GOGC or GOMEMLIMIT in the environment means the user chose: Start leaves
// the runtime alone.
func TestStartLeavesUserSettings(t *testing.T) {
	t.Setenv("GOGC", "300")
	stop := Start()
	defer stop()
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("limit set to %d though GOGC is set", l)
	}
}
