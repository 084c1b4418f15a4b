package resources

import (
	"path"
	"strings"
)

// List is a page's resources, in the order of their names.
type List []*Resource

// Get is the resource of that name, or nil (Hugo's .Resources.Get).
func (l List) Get(name string) *Resource {
	for _, r := range l {
		if r.name == name {
			return r
		}
	}
	return nil
}

// GetMatch is the first resource whose name matches the glob.
func (l List) GetMatch(pattern string) *Resource {
	if m := l.Match(pattern); len(m) > 0 {
		return m[0]
	}
	return nil
}

// Match is the resources whose names match a glob ("*.jpg", "img/*"),
// without regard to case, as Hugo does.
func (l List) Match(pattern string) List {
	var out List
	pattern = strings.ToLower(pattern)
	for _, r := range l {
		if ok, _ := path.Match(pattern, strings.ToLower(r.name)); ok {
			out = append(out, r)
		}
	}
	return out
}

// ByType is the resources of a main media type ("image") or a full one
// ("image/png").
func (l List) ByType(t string) List {
	var out List
	for _, r := range l {
		if r.mtype.MainType == t || r.mtype.Type == t {
			out = append(out, r)
		}
	}
	return out
}
