package render

import (
	"context"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/resources"
)

// copyFiles copies static/ and the content folder's other files.
func (r *Renderer) copyFiles(ctx context.Context) error {
	type job struct{ src, dst string }
	var jobs []job
	for _, f := range r.Site.Static {
		jobs = append(jobs, job{f, strings.TrimPrefix(f, "static/")})
	}
	for _, dst := range slices.Sorted(maps.Keys(r.Site.Sites.Copies)) {
		jobs = append(jobs, job{r.Site.Sites.Copies[dst], strings.TrimPrefix(dst, "/")})
	}
	for _, j := range jobs {
		r.Next.Copies[j.dst] = j.src
	}
	return Parallel(ctx, len(jobs), func(i int) string { return jobs[i].src }, func(i int) error {
		j := jobs[i]
		if r.Changed != nil && !r.Changed[j.src] && r.Prev.Copies[j.dst] == j.src {
			r.Keep(j.dst) // unchanged since the previous build
			return nil
		}
		if isJPEG(j.src) {
			// A photo's Exif segment is checked, and a bundle's cleaned,
			// in memory: photos are small beside the videos that
			// copyFile streams.
			data, err := fs.ReadFile(r.Opts.FS, j.src)
			if err != nil {
				return diag.At(j.src, 0, "%v", err)
			}
			r.checkPrivacy(j.src, data)
			return r.Out.Write(j.dst, data, j.src)
		}
		return r.Out.Copy(j.dst, j.src, func(w io.Writer) error { return copyFile(r.Opts.FS, j.src, w) })
	})
}

func isJPEG(file string) bool {
	switch strings.ToLower(path.Ext(file)) {
	case ".jpg", ".jpeg":
		return true
	}
	return false
}

// copyFile streams the file src of fsys into w: a video of gigabytes
// takes no more memory than a small file. Between two files of the
// operating system, io.Copy hands the copy to the kernel
// (copy_file_range, which may share the blocks where the file system can),
// so the bytes need not pass through sitegen at all.
func copyFile(fsys fs.FS, src string, w io.Writer) error {
	f, err := fsys.Open(src)
	if err != nil {
		return diag.At(src, 0, "%v", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return diag.At(src, 0, "cannot copy: %v", output.WithoutPath(err))
	}
	return nil
}

// checkPrivacy takes the GPS position and camera serial numbers out of a
// bundle's JPEG as it is copied (in place: data is the build's own copy),
// unless [images] keepMetadata; a static/ file is copied untouched, with a
// warning when it carries a GPS position.
func (r *Renderer) checkPrivacy(src string, data []byte) {
	if strings.HasPrefix(src, config.StaticDir+"/") {
		if resources.HasGPS(data) {
			r.warnMu.Lock()
			r.warnings = append(r.warnings, src+": carries a GPS position, published as it is (static/ files are copied untouched; put the photo in a page bundle to have it removed)")
			r.warnMu.Unlock()
		}
		return
	}
	if !r.Site.Config.Images.KeepMetadata {
		resources.StripPrivate(data)
	}
}
