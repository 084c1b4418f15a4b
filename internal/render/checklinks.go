package render

import (
	"context"

	"github.com/sitegen/sitegen/internal/diag"
)

// checkLinks checks every link recorded once every output file is known.
func (r *Renderer) checkLinks(context.Context) error {
	w, err := r.Opts.BrokenLinks(r.Links.Check(r.Out.Has))
	r.warnings = append(append(r.warnings, w...), r.Links.Warnings()...)
	return err
}

// BrokenLinks are warnings with --links=warn, else the build's error.
func (o Options) BrokenLinks(errs diag.List) ([]string, error) {
	if len(errs) == 0 {
		return nil, nil
	}
	if !o.LinksWarn {
		return nil, errs.Err()
	}
	w := make([]string, len(errs))
	for i, e := range errs {
		w[i] = e.Error()
	}
	return w, nil
}
