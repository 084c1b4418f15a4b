package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/testsupport"

	"golang.org/x/sys/unix"
)

// sitegenBinary builds cmd/sitegen for a test that needs a real process
// (signals, two builds at once, peak memory); go's build cache makes all
// but the first quick.
func sitegenBinary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build sitegen with")
	}
	bin := filepath.Join(t.TempDir(), "sitegen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeBigSite writes a site of n pages, each with some text, titled by
// title, and returns its folder.
func writeBigSite(t *testing.T, n int, title string) string {
	t.Helper()
	src := t.TempDir()
	files := map[string]string{
		"sitegen.toml":        "baseURL = \"https://example.org/\"\ntitle = \"" + title + "\"\n",
		"content/_index.md":   "---\ntitle: Home\n---\nHome.\n",
		"templates/home.html": "<h1>{{ .Site.Title }}</h1>{{ range .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n",
		"templates/page.html": "<h1>{{ .Site.Title }}: {{ .Title }}</h1>{{ .Content }}\n",
	}
	text := strings.Repeat("Some *words* with [a link](/) and `code`. ", 60)
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("content/p%04d.md", i)] = fmt.Sprintf("---\ntitle: Page %d\n---\n%s\n\n## Part\n\n%s\n", i, text, text)
	}
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// tree hashes nothing: it reads every file under dir (the marker too).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[strings.TrimPrefix(p, dir)] = string(b)
		}
		return err
	})
	return out
}

// TestSignalStopsBuild: SIGINT or SIGTERM ends a real sitegen build
// within a couple of seconds, whether it is rendering or waiting for
// another build's lock; the previous output is left exactly as it was and
// no staging folder stays behind.
func TestSignalStopsBuild(t *testing.T) {
	bin := sitegenBinary(t)
	src := writeBigSite(t, 1500, "Before")
	dest := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(bin, "build", "--source", src, "--destination", dest, "--no-cache").CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := tree(t, dest)
	// A build that finished would change every page.
	os.WriteFile(filepath.Join(src, "sitegen.toml"), []byte("baseURL = \"https://example.org/\"\ntitle = \"After\"\n"), 0o644)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, while := range []string{"rendering", "waiting"} {
			t.Run(sig.String()+"_while_"+while, func(t *testing.T) {
				if while == "waiting" {
					defer holdLock(t, dest)()
				}
				var stderr syncBuf
				cmd := exec.Command(bin, "build", "--source", src, "--destination", dest, "--no-cache")
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				defer cmd.Process.Kill()
				ready := func() bool {
					if while == "waiting" {
						return strings.Contains(stderr.String(), "waiting for another sitegen build")
					}
					m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.sitegen-tmp-*"))
					return len(m) > 0
				}
				for deadline := time.Now().Add(30 * time.Second); !ready(); time.Sleep(2 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("the build never got %s:\n%s", while, stderr.String())
					}
				}
				sent := time.Now()
				cmd.Process.Signal(sig)
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				var err error
				select {
				case err = <-exited:
				case <-time.After(10 * time.Second):
					t.Fatalf("the build did not stop 10 s after %v", sig)
				}
				took := time.Since(sent)
				t.Logf("stopped %v after %v: %s", took.Round(time.Millisecond), sig, strings.TrimSpace(stderr.String()))
				if took > 3*time.Second {
					t.Errorf("the build took %v to stop", took)
				}
				if err == nil {
					t.Fatalf("the build finished despite %v", sig)
				}
				if !strings.Contains(stderr.String(), "stopped") {
					t.Errorf("stderr does not say the build stopped:\n%s", stderr.String())
				}
				if after := tree(t, dest); len(after) != len(before) || after["/index.html"] != before["/index.html"] || after["/"+output.Marker] != before["/"+output.Marker] {
					t.Errorf("the previous output changed: %d files, was %d", len(after), len(before))
				} else {
					for k, v := range before {
						if after[k] != v {
							t.Errorf("%s changed", k)
						}
					}
				}
				if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.sitegen-tmp-*")); len(m) > 0 {
					t.Errorf("the staging folder stayed: %v", m)
				}
			})
		}
	}
}

// TestTwoBuildProcessesAtOnce: two sitegen build processes started
// together on one destination, of one site or of two, in either order,
// both succeed and leave exactly one clean build, marker included.
func TestTwoBuildProcessesAtOnce(t *testing.T) {
	bin := sitegenBinary(t)
	sites := map[string]string{"A": writeBigSite(t, 120, "A"), "B": writeBigSite(t, 80, "B")}
	clean := map[string]map[string]string{}
	run := func(src, dest string) *exec.Cmd {
		return exec.Command(bin, "build", "--source", src, "--destination", dest, "--no-cache", "--quiet")
	}
	for name, src := range sites {
		dest := filepath.Join(t.TempDir(), "public")
		if out, err := run(src, dest).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		clean[name] = tree(t, dest)
	}
	for _, order := range []string{"AA", "AB", "BA"} {
		dest := filepath.Join(t.TempDir(), "public")
		cmds := []*exec.Cmd{run(sites[order[:1]], dest), run(sites[order[1:]], dest)}
		outs := make([]bytes.Buffer, 2)
		for i, c := range cmds {
			c.Stdout, c.Stderr = &outs[i], &outs[i]
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("%s: build %d: %v\n%s", order, i, err, outs[i].String())
			}
		}
		got := tree(t, dest)
		if _, ok := got["/"+output.Marker]; !ok {
			t.Errorf("%s: the marker is gone", order)
		}
		if !sameTree(got, clean[order[:1]]) && !sameTree(got, clean[order[1:]]) {
			t.Errorf("%s: the output (%d files) is no clean build (%d or %d files)", order, len(got), len(clean[order[:1]]), len(clean[order[1:]]))
		}
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*")); len(m) > 0 {
			t.Errorf("%s: left beside the output: %v", order, m)
		}
	}
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// holdLock takes the build lock of dest, as another build would.
func holdLock(t *testing.T, dest string) (release func()) {
	t.Helper()
	f, err := os.OpenFile(output.LockFile(dest), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	return func() { os.Remove(f.Name()); f.Close() }
}

// TestBigStaticFilePeakMemory: a real build that copies a 512 MiB static
// file peaks at a small fraction of it (the kernel's count of the
// process's largest resident set).
func TestBigStaticFilePeakMemory(t *testing.T) {
	bin := sitegenBinary(t)
	src := writeBigSite(t, 1, "Video")
	const size = 512 << 20
	f, err := os.Create(filepath.Join(src, "static", "video.mp4"))
	if err != nil {
		os.MkdirAll(filepath.Join(src, "static"), 0o755)
		if f, err = os.Create(filepath.Join(src, "static", "video.mp4")); err != nil {
			t.Fatal(err)
		}
	}
	f.Truncate(size)
	f.WriteAt([]byte("end"), size-3)
	f.Close()
	dest := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(bin, "build", "--source", src, "--destination", dest, "--no-cache")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB
	t.Logf("peak RSS %d MiB copying a %d MiB file", peak>>20, size>>20)
	if peak > 128<<20 {
		t.Errorf("peak RSS %d MiB: the file was read into memory", peak>>20)
	}
	if fi, err := os.Stat(filepath.Join(dest, "video.mp4")); err != nil || fi.Size() != size {
		t.Errorf("the copy is %v, %v", fi, err)
	}
}

type syncBuf = testsupport.SyncBuffer
