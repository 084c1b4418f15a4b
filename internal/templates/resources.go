package templates

import (
	"fmt"

	"github.com/sitegen/sitegen/internal/resources"
)

// resHolder is the build's resource store, shared by every language's
// functions; the build sets it after loading (UseResources).
type resHolder struct{ s *resources.Store }

// UseResources makes templates reach resources through s: resources.Get,
// .Resources, minify, fingerprint.
func (t *Templates) UseResources(s *resources.Store) { t.res.s = s }

// Resources is the store templates use; nil before UseResources.
func (t *Templates) Resources() *resources.Store { return t.res.s }

// resourcesNS is Hugo's resources namespace: {{ resources.Get "css/x.css" }}.
type resourcesNS struct{ h *resHolder }

func (n resourcesNS) store() (*resources.Store, error) {
	if n.h.s == nil {
		return nil, fmt.Errorf("resources are not available here")
	}
	return n.h.s, nil
}

// Get is a file under assets/.
func (n resourcesNS) Get(name string) (*resources.Resource, error) {
	s, err := n.store()
	if err != nil {
		return nil, err
	}
	return s.Get(name)
}

// GetMatch is the first file under assets/ matching a glob, or nil.
func (n resourcesNS) GetMatch(pattern string) (*resources.Resource, error) {
	s, err := n.store()
	if err != nil {
		return nil, err
	}
	return s.GetMatch(pattern)
}

// Minify is r minified.
func (n resourcesNS) Minify(r *resources.Resource) (*resources.Resource, error) {
	s, err := n.store()
	if err != nil {
		return nil, err
	}
	return s.Minify(r)
}

// Fingerprint is r at a URL holding its hash, with .Data.Integrity.
func (n resourcesNS) Fingerprint(r *resources.Resource) (*resources.Resource, error) {
	s, err := n.store()
	if err != nil {
		return nil, err
	}
	return s.Fingerprint(r)
}

// Concat joins resources of one type into one at name.
func (n resourcesNS) Concat(name string, rs any) (*resources.Resource, error) {
	s, err := n.store()
	if err != nil {
		return nil, err
	}
	var list []*resources.Resource
	switch v := rs.(type) {
	case []*resources.Resource:
		list = v
	case resources.List:
		list = v
	case []any:
		for _, e := range v {
			r, ok := e.(*resources.Resource)
			if !ok {
				return nil, fmt.Errorf("resources.Concat %q: %T is not a resource", name, e)
			}
			list = append(list, r)
		}
	default:
		return nil, fmt.Errorf("resources.Concat %q: want a slice of resources, got %T", name, rs)
	}
	return s.Concat(name, list)
}

func resourceFuncs(h *resHolder) map[string]any {
	ns := resourcesNS{h}
	return map[string]any{
		"resources":   func() resourcesNS { return ns },
		"minify":      ns.Minify,
		"fingerprint": ns.Fingerprint,
	}
}

// Resources is the page's bundle files (Hugo's .Resources): .Get "x.jpg",
// .Match "*.jpg", .ByType "image".
func (v *Page) Resources() resources.List {
	p := v.m()
	if v.t.res == nil || len(p.Resources) == 0 {
		return nil
	}
	names := make([]string, len(p.Resources))
	for i, f := range p.Resources {
		names[i] = p.ResourceName(f)
	}
	return v.t.res.Bundle(p.Resources, names, p.Path)
}
