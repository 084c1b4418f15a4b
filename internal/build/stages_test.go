package build

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestStageTimings: a build's stages are the pipeline's, in order, and
// add up to no more than the whole.
func TestStageTimings(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, codeSite())
	st, err := Build(context.Background(), Options{Source: src, Destination: filepath.Join(t.TempDir(), "public"), Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var sum time.Duration
	for _, tm := range st.Timings {
		names = append(names, tm.Stage)
		sum += tm.Took
		if tm.Took < 0 {
			t.Errorf("%s took %v", tm.Stage, tm.Took)
		}
	}
	if fmt.Sprint(names) != "[load markdown templates extras search resources copy links swap]" {
		t.Errorf("stages %v", names)
	}
	if sum > st.Duration {
		t.Errorf("the stages took %v, the build %v", sum, st.Duration)
	}
}
