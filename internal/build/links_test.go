package build

import "testing"

func TestIDSet(t *testing.T) {
	set := idSet("", []string{"b", "a", "b", "", "x\x00y"})
	if set != "\x00a\x00b\x00" {
		t.Fatalf("set %q", set)
	}
	set = idSet(set, []string{"c", "a"})
	for id, want := range map[string]bool{"a": true, "b": true, "c": true, "": false, "d": false, "a\x00b": false, "x": false} {
		if got := hasID(set, id); got != want {
			t.Errorf("hasID(%q, %q) = %v, want %v", set, id, got, want)
		}
	}
}
