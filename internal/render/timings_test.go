package render

import (
	"fmt"
	"testing"
	"time"
)

func TestMarkdownFirst(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		took, md []time.Duration
		workers  int
		want     string
	}{
		// A cold build: 8 ms of Markdown on 2 workers inside templates.
		{ms(1, 10, 2), ms(1, 8, 0), 2, "[5ms 6ms 2ms]"},
		// Everything eager (an incremental build): nothing moves.
		{ms(7, 10, 2), ms(12, 0, 0), 2, "[7ms 10ms 2ms]"},
		// Never more than the step took.
		{ms(1, 10, 2), ms(0, 40, 0), 2, "[11ms 0s 2ms]"},
		// Later steps too (pages no template showed, links).
		{ms(0, 4, 4), ms(0, 4, 4), 1, "[8ms 0s 0s]"},
	} {
		got := markdownFirst(tc.took, tc.md, tc.workers)
		if fmt.Sprint(got) != tc.want {
			t.Errorf("markdownFirst(%v, %v, %d) = %v, want %s", tc.took, tc.md, tc.workers, got, tc.want)
		}
		var a, b time.Duration
		for i := range got {
			a, b = a+got[i], b+tc.took[i]
		}
		if a != b {
			t.Errorf("the stages add up to %v, not %v", a, b)
		}
	}
}
