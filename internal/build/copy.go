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
	return parallel(ctx, len(jobs), func(i int) error {
		j := jobs[i]
		data, err := fs.ReadFile(r.opts.FS, j.src)
		if err != nil {
			return diag.At(j.src, 0, "%v", err)
		}
		return r.out.write(j.dst, data, j.src)
	})
}
