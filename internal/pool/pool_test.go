package pool

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sitegen/sitegen/internal/diag"
)

func TestRunsEveryJobOnce(t *testing.T) {
	for _, n := range []int{0, 1, 3, 1000} {
		counts := make([]atomic.Int32, n)
		workers := make([]atomic.Int32, Workers())
		err := Run(context.Background(), n, nil, func(w, i int) error {
			counts[i].Add(1)
			workers[w].Add(1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range counts {
			if c := counts[i].Load(); c != 1 {
				t.Fatalf("n=%d: job %d ran %d times", n, i, c)
			}
		}
	}
}

// TestErrorsSorted: every job's error comes back, by file and line.
func TestErrorsSorted(t *testing.T) {
	err := Run(context.Background(), 4, nil, func(_, i int) error {
		if i%2 == 1 {
			return nil
		}
		return diag.At(fmt.Sprintf("content/%d.md", 9-i), 1, "bad")
	})
	if err == nil || err.Error() != "content/7.md:1: bad\ncontent/9.md:1: bad" {
		t.Errorf("got %v", err)
	}
}

// TestPanicNamesTheFile: a panic in a job is that job's error, naming its
// file; the other jobs still run and report.
func TestPanicNamesTheFile(t *testing.T) {
	files := []string{"content/a.md", "content/b.md", "content/c.md"}
	err := Run(context.Background(), len(files), func(i int) string { return files[i] }, func(_, i int) error {
		switch i {
		case 1:
			var list []int
			_ = list[i] // an index out of range panics
		case 2:
			return diag.At(files[i], 3, "bad date")
		}
		return nil
	})
	if err == nil {
		t.Fatal("no error")
	}
	want := "content/b.md: internal error: runtime error: index out of range [1] with length 0 (hint: please report it with this file)\ncontent/c.md:3: bad date"
	if err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	// Without names, the message still asks for a report.
	err = Run(context.Background(), 1, nil, func(_, _ int) error { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "internal error: boom") {
		t.Errorf("got %v", err)
	}
}

// TestCancel: a cancelled context stops handing out jobs, and Run says
// why.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	err := Run(ctx, 10000, nil, func(_, i int) error {
		if ran.Add(1) == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
	if n := ran.Load(); n >= 10000 {
		t.Errorf("all %d jobs ran after the cancel", n)
	}
}

// TestWorkerState: a worker's number is its own, so state kept by it is
// never shared between two running jobs (run under -race by .ci/run).
func TestWorkerState(t *testing.T) {
	bufs := make([][]byte, Workers())
	err := Run(context.Background(), 500, nil, func(w, i int) error {
		bufs[w] = append(bufs[w][:0], byte(i))
		if bufs[w][0] != byte(i) {
			return fmt.Errorf("worker %d's buffer changed under job %d", w, i)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
