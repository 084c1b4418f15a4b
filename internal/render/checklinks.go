package build

import (
	"context"

	"github.com/sitegen/sitegen/internal/diag"
)

// checkLinks checks every link recorded once every output file is known.
func (r *renderer) checkLinks(context.Context) error {
	w, err := r.opts.brokenLinks(r.links.Check(r.out.Has))
	r.warnings = append(append(r.warnings, w...), r.links.Warnings()...)
	return err
}

// brokenLinks are warnings with --links=warn, else the build's error.
func (o Options) brokenLinks(errs diag.List) ([]string, error) {
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
