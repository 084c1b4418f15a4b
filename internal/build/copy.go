package build

import (
	"context"
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
		data, err := fs.ReadFile(r.opts.FS, j.src)
		if err != nil {
			return diag.At(j.src, 0, "%v", err)
		}
		return r.out.write(j.dst, data, j.src)
	})
}
