package build

import (
	"context"

	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/resources"
)

// resources writes the resources that pages and templates published
// (processed images, assets); a build that others follow keeps those the
// previous build wrote with the same bytes.
func (r *renderer) resources(ctx context.Context) error {
	store := r.site.Resources
	if store == nil {
		return nil
	}
	w := resources.Writer{Write: func(file string, data []byte) error { return r.out.write(file, data, "resources") }}
	if m, ok := r.out.(*memSink); ok {
		w.Had = func(file string) bool { _, ok := m.prev[file]; return ok }
		w.Keep = m.keep
	}
	if err := store.Flush(ctx, w); err != nil {
		return diag.At(assetsOrContent, 0, "%v", err)
	}
	return nil
}

// assetsOrContent names where a failed resource comes from when no page
// line is known: the resource's own path is in the message.
const assetsOrContent = "resources"
