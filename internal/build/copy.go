package build

import (
	"context"
	"io"
	"io/fs"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
)

// copyFiles copies static/ and the content folder's other files.
func (r *renderer) copyFiles(ctx context.Context) error {
	type job struct{ src, dst string }
	var jobs []job
	for _, f := range r.site.Static {
		jobs = append(jobs, job{f, strings.TrimPrefix(f, "static/")})
	}
	for _, dst := range sortedKeys(r.site.Sites.Copies) {
		jobs = append(jobs, job{r.site.Sites.Copies[dst], strings.TrimPrefix(dst, "/")})
	}
	for _, j := range jobs {
		r.next.copies[j.dst] = j.src
	}
	return parallel(ctx, len(jobs), func(i int) string { return jobs[i].src }, func(i int) error {
		j := jobs[i]
		if r.changed != nil && !r.changed[j.src] && r.prev.copies[j.dst] == j.src {
			r.keep(j.dst) // unchanged since the previous build
			return nil
		}
		return r.out.copy(j.dst, j.src, func(w io.Writer) error { return copyFile(r.opts.FS, j.src, w) })
	})
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
		return diag.At(src, 0, "cannot copy: %v", withoutPath(err))
	}
	return nil
}
