package render

import (
	"context"
	"strings"
	"testing"
)

// A panic in a worker is a bug in sitegen; it must come back as an error,
// not end the process with a Go trace.
func TestParallelRecoversPanics(t *testing.T) {
	err := Parallel(context.Background(), 4, func(i int) string { return "content/x.md" }, func(i int) error {
		if i == 2 {
			var list []int
			_ = list[i] // an index out of range panics
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "content/x.md: internal error") {
		t.Fatalf("got %v", err)
	}
}
