package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sitegen/sitegen/internal/regular"
)

// lockPoll is how often a build waiting for another one tries the lock.
const lockPoll = 50 * time.Millisecond

// LockFile is the name of the lock beside a destination (".public.sitegen-lock").
func LockFile(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".sitegen-lock")
}

// LockDestination makes builds on one destination take turns: each starts
// by clearing the staging folders beside the destination, which must not
// be another build's live one. The lock is flock(2) on a file beside the
// destination, which the kernel releases when its holder exits, however it
// exits. A second build says once that it waits, and waits until the first
// is done or ctx ends.
//
// The holder removes the file before it lets go, so that nothing is left
// beside the output; a build that then gets the lock of a removed file
// (it opened the file before the removal) finds that the name no longer
// leads to it, and starts again on the name's new file.
func LockDestination(ctx context.Context, dest string, log io.Writer) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	name := LockFile(dest)
	said := false
	for {
		f, err := openLock(name)
		if err != nil {
			return nil, err
		}
		err = flock(ctx, f, func() {
			if !said {
				said = true
				fmt.Fprintf(log, "waiting for another sitegen build into %s%s to finish\n", dest, holder(f))
			}
		})
		if err != nil {
			f.Close()
			return nil, err
		}
		if held(f, name) {
			// The holder's process id, for the message of a build that waits.
			if f.Truncate(0) == nil {
				f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			}
			return func() {
				os.Remove(name)
				f.Close() // closing the last descriptor releases the lock
			}, nil
		}
		f.Close()
	}
}

// openLock opens (or makes) the lock file, refusing anything but a
// regular file: not a link, and not a pipe, whose open would block.
func openLock(name string) (*os.File, error) {
	f, err := regular.OpenFile(name, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
	if err != nil {
		return nil, fmt.Errorf("the build lock %s: %w; remove it if no build is running", name, WithoutPath(err))
	}
	return f, nil
}

// flock takes the lock of f, calling busy each time another holds it,
// until it gets it or ctx ends.
func flock(ctx context.Context, f *os.File, busy func()) error {
	fd := int(f.Fd())
	for {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) {
			return fmt.Errorf("the build lock %s: %w", f.Name(), err)
		}
		busy()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// held reports whether the locked f is still the file of that name.
func held(f *os.File, name string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Lstat(name)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// holder names the process that holds the lock, as it wrote itself down.
func holder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	if pid := strings.TrimSpace(string(b[:n])); pid != "" {
		return " (process " + pid + ")"
	}
	return ""
}
