package serve

import (
	"context"
	"github.com/sitegen/sitegen/internal/testsupport"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/build"
)

type syncBuffer = testsupport.SyncBuffer

// With --links=warn a broken link is a warning in the terminal, shown once
// however many rebuilds keep it.
func TestWarningsShownOnce(t *testing.T) {
	files := maps.Clone(smallSite)
	files["content/news/a.md"] = "---\ntitle: A\n---\nSee [gone](gone.md).\n"
	dir := writeSite(t, files)
	var log syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go Run(ctx, Options{Build: build.Options{Source: dir, LinksWarn: true}, Bind: "127.0.0.1", Ready: ready, Log: &log, Out: io.Discard})
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	for i := 0; i < 2; i++ {
		writeFile(t, filepath.Join(dir, "content/_index.md"), "---\ntitle: Home\n---\nEdit "+string(rune('a'+i))+".\n")
		time.Sleep(500 * time.Millisecond)
	}
	if n := strings.Count(log.String(), "warning: content/news/a.md:4: link to gone.md"); n != 1 {
		t.Errorf("warning shown %d times:\n%s", n, log.String())
	}
}
