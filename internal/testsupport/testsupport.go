// Package testsupport holds what the tests of several packages share: a
// log that a running build or server writes while the test reads it, and
// headless Chromium for the browser tests. Only tests import it.
package testsupport

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// SyncBuffer is a bytes.Buffer that one goroutine (or process) writes
// while another reads it.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Browser starts headless Chromium with the flags this machine's closed
// network needs and returns a context for chromedp. Where no Chromium is
// installed the test is skipped, saying so (.ci/run installs Debian's).
func Browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("SKIP: no chromium on this machine; install Debian's chromium package to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The browser starts on a context without a deadline (a deadline on
	// the first Run would end the browser with it); the test's actions get
	// one, so that a browser that stops answering (a dialog left open, a
	// tab hung on a loaded machine) fails the test with a message, instead
	// of holding the package until go test's own timeout.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	ctx, cancelT := context.WithTimeout(bctx, BrowserDeadline)
	t.Cleanup(cancelT)
	return ctx
}

// BrowserDeadline bounds all of one test's browser actions: the longest
// browser test takes seconds.
const BrowserDeadline = 4 * time.Minute

// Until evaluates a JavaScript expression until it is true, for up to
// wait; errors while the page navigates away under the evaluation are
// retried.
func Until(expr string, wait time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(wait)
		var last error
		for time.Now().Before(deadline) {
			// Each look is bounded too: one evaluation that never returns
			// would outlast the loop's own deadline.
			ectx, cancel := context.WithDeadline(ctx, deadline)
			ok, err := chromedp.Evaluate[bool](expr)(ectx, t)
			cancel()
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			last = err
			time.Sleep(30 * time.Millisecond)
		}
		return chromedp.Void{}, fmt.Errorf("%s stayed false (last error %v)", expr, last)
	}
}
