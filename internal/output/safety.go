package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
)

// Marker is the file a build leaves in its output folder. A folder that
// holds it was made by sitegen and may be replaced; any other non-empty
// folder is only written over with --force.
const Marker = ".sitegen-output"

// CheckDestination refuses outputs that would destroy a user's files: the
// file system root, the home folder, the site folder or any folder above
// it, the site's own folders, and a non-empty folder sitegen did not make
// (unless force).
func CheckDestination(source, dest string, force bool) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	src = resolve(src)
	d := resolve(dest)
	refuse := func(why string) error {
		return fmt.Errorf("refusing to write the site to %s: %s", dest, why)
	}
	if d == filepath.Dir(d) {
		return refuse("it is the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil && d == resolve(home) {
		return refuse("it is your home folder")
	}
	if d == src || strings.HasPrefix(src, d+string(filepath.Separator)) {
		return refuse("it holds the site's own files (the source folder is inside it)")
	}
	for _, p := range config.Folders() { // the site's own folders are never an output
		pd := filepath.Join(src, p)
		if d == pd || strings.HasPrefix(d, pd+string(filepath.Separator)) {
			return refuse("it is inside the site's " + p + "/ folder")
		}
	}
	if fi, err := os.Lstat(dest); err == nil {
		if !fi.IsDir() {
			return refuse("it is not a folder")
		}
		if _, err := os.Lstat(filepath.Join(dest, Marker)); err != nil && !force {
			entries, _ := os.ReadDir(dest)
			if len(entries) > 0 {
				return fmt.Errorf("refusing to write the site to %s: the folder is not empty and sitegen did not create it (no %s); pass --force to replace it", dest, Marker)
			}
		}
	}
	return nil
}

// resolve follows symbolic links in as much of p as exists.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(filepath.Clean(p))
	if dir == "" || dir == p {
		return p
	}
	return filepath.Join(resolve(filepath.Clean(dir)), base)
}
