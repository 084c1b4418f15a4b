package build

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/testsupport"

	"golang.org/x/sys/unix"
)

// bigSmallSite is smallSite with n more pages under a title: big enough
// that two builds of it overlap.
func bigSmallSite(t *testing.T, title string, n int) string {
	t.Helper()
	src := newSite(t)
	for i := 0; i < n; i++ {
		write(t, filepath.Join(src, "content", fmt.Sprintf("%s-%03d.md", title, i)),
			fmt.Sprintf("---\ntitle: %s %d\n---\n%s\n\n## Part\n\n%s\n", title, i, strings.Repeat("Some *text* here. ", 40), strings.Repeat("More [text](/). ", 40)))
	}
	return src
}

// TestConcurrentBuildsTakeTurns: two builds into one destination at once,
// of the same site or of two, whichever starts first and wherever the
// first is when the second starts, both succeed and leave exactly one
// clean build's output, marker included, and no staging folder. The first
// is held at each step of its build until the second says it waits (or,
// were there no lock, has finished); "none" starts both together.
func TestConcurrentBuildsTakeTurns(t *testing.T) {
	sites := map[string]string{"X": bigSmallSite(t, "x", 40), "Y": bigSmallSite(t, "y", 20)}
	want := map[string]map[string][]byte{}
	for name, src := range sites {
		dest := filepath.Join(t.TempDir(), "public")
		if err := buildTo(src, dest, false); err != nil {
			t.Fatal(err)
		}
		want[name] = snapshot(t, dest)
	}
	for _, order := range []string{"XX", "XY", "YX"} {
		for _, hold := range []string{"none", "locked", "loaded", "staged", "rendered"} {
			t.Run(order+"_first_held_"+hold, func(t *testing.T) {
				parent := t.TempDir()
				dest := filepath.Join(parent, "public")
				held, resume := make(chan bool), make(chan bool)
				first := Options{Source: sites[order[:1]], Destination: dest, Now: fixtureNow}
				first.at = func(step string) {
					if step == hold {
						held <- true
						<-resume
					}
				}
				second := Options{Source: sites[order[1:]], Destination: dest, Now: fixtureNow}
				var log syncBuffer
				second.Log = &log
				errs := make(chan error, 2)
				go func() { _, err := Build(context.Background(), first); errs <- err }()
				if hold != "none" {
					<-held
				}
				go func() { _, err := Build(context.Background(), second); errs <- err }()
				if hold != "none" {
					waitFor(t, &log, "waiting for another sitegen build")
					close(resume)
				}
				for range 2 {
					if err := <-errs; err != nil {
						t.Fatalf("a build of %s failed: %v", order, err)
					}
				}
				got := snapshot(t, dest)
				if _, ok := got[output.Marker]; !ok {
					t.Errorf("the marker %s is gone", output.Marker)
				}
				last := want[order[1:]]
				if hold == "none" && compareTrees(want[order[:1]], got) == "" {
					last = want[order[:1]]
				}
				if d := compareTrees(last, got); d != "" {
					t.Errorf("the output is not the clean build of the last build:\n%s", d)
				}
				onlyEntries(t, parent, "public")
				if err := buildTo(sites["X"], dest, false); err != nil {
					t.Errorf("a later build refuses the output: %v", err)
				}
			})
		}
	}
}

// onlyEntries fails unless dir holds exactly the names.
func onlyEntries(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

// TestSecondBuildSaysItWaits: a build that finds the lock taken says so,
// naming the holder, and goes on when it is released; cancelled while it
// waits, it stops at once and writes nothing.
func TestSecondBuildSaysItWaits(t *testing.T) {
	src := newSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	unlock, err := output.LockDestination(context.Background(), dest, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	done := make(chan error, 1)
	go func() {
		_, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Log: &log})
		done <- err
	}()
	waitFor(t, &log, "waiting for another sitegen build into "+dest)
	if !strings.Contains(log.String(), fmt.Sprintf("(process %d)", os.Getpid())) {
		t.Errorf("the message does not name the holder: %q", log.String())
	}
	select {
	case err := <-done:
		t.Fatalf("the build did not wait: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mustExist(t, filepath.Join(dest, output.Marker))

	unlock, err = output.LockDestination(context.Background(), dest, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	before := snapshot(t, dest)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		_, err := Build(ctx, Options{Source: src, Destination: dest, Now: fixtureNow, Log: &log})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "is as it was") {
			t.Errorf("a cancelled wait says %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled build kept waiting")
	}
	if d := compareTrees(before, snapshot(t, dest)); d != "" {
		t.Errorf("a cancelled build changed the output:\n%s", d)
	}
}

// TestLockReleasedWhenHolderDies: a build killed while it holds the lock
// (SIGKILL: no clean-up of its own) does not stop the next one.
func TestLockReleasedWhenHolderDies(t *testing.T) {
	src := newSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "SITEGEN_HOLD_LOCK="+dest)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		cmd.Process.Kill()
		t.Fatalf("the helper did not take the lock: %q %v", line, err)
	}
	var log syncBuffer
	done := make(chan error, 1)
	go func() {
		_, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: fixtureNow, Log: &log})
		done <- err
	}()
	waitFor(t, &log, fmt.Sprintf("(process %d)", cmd.Process.Pid))
	cmd.Process.Kill()
	cmd.Wait()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the lock of a killed build was not released")
	}
	mustExist(t, filepath.Join(dest, output.Marker))
	onlyEntries(t, filepath.Dir(dest), "public") // the dead build's lock file is cleared too
}

// TestHelperHoldLock is not a test: TestLockReleasedWhenHolderDies runs it
// in a child process that takes the lock and waits to be killed.
func TestHelperHoldLock(t *testing.T) {
	dest := os.Getenv("SITEGEN_HOLD_LOCK")
	if dest == "" {
		t.Skip("a helper process of TestLockReleasedWhenHolderDies")
	}
	if _, err := output.LockDestination(context.Background(), dest, io.Discard); err != nil {
		t.Fatal(err)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
}

// TestLockFileRefusedWhenNotRegular: a pipe or a link where the lock file
// goes is refused, not opened (a pipe would block).
func TestLockFileRefusedWhenNotRegular(t *testing.T) {
	for _, kind := range []string{"fifo", "symlink", "folder"} {
		t.Run(kind, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			lock := output.LockFile(dest)
			switch kind {
			case "fifo":
				mkfifo(t, lock)
			case "symlink":
				os.WriteFile(lock+".target", nil, 0o644)
				os.Symlink(lock+".target", lock)
			case "folder":
				os.Mkdir(lock, 0o755)
			}
			err := buildTo(newSite(t), dest, false)
			if err == nil || !strings.Contains(err.Error(), lock) {
				t.Errorf("got %v, want an error naming %s", err, lock)
			}
		})
	}
}

type syncBuffer = testsupport.SyncBuffer

// waitFor waits until the log holds s.
func waitFor(t *testing.T, log *syncBuffer, s string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(log.String(), s) {
			return
		}
	}
	t.Fatalf("the log never said %q:\n%s", s, log.String())
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}
