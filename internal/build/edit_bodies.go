package build

import (
	"slices"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/linkcheck"
	"github.com/sitegen/sitegen/internal/source"
)

// bodyIndex finds the bodies the model path must render again without
// asking it of each of a big site's 10,000 pages: a body whose shortcodes
// read a model key that changed, or with a link to a content file of an
// edited base name (see modelBuild.markdown). It maps "k\x00KEY" to the
// pages whose shortcodes read KEY, and "f\x00BASE" to the pages with a
// link through a file of BASE ("news/x"); a superset of what the
// markdown step then checks page by page. It is made from the last
// build's state when first needed and follows each page whose links the
// quick and model paths replace (relink).
type bodyIndex struct {
	cfg *config.Config
	by  map[string][]string
}

// bodies is the index, made if need be.
func (m *modelBuild) bodyIndex() *bodyIndex {
	l := m.last
	if l.bodies == nil {
		l.bodies = &bodyIndex{cfg: m.site.Config, by: map[string][]string{}}
		for path, ps := range m.b.state.Pages {
			if ps.File != "" {
				l.bodies.change(path, nil, ps.Links)
			}
		}
	}
	return l.bodies
}

// relink notes that the page at path, with a content file, has the links
// now instead of was (nil for none).
func (l *lastBuild) relink(path string, was, now *linkcheck.Links) {
	if l.bodies != nil {
		l.bodies.change(path, was, now)
	}
}

func (ix *bodyIndex) change(path string, was, now *linkcheck.Links) {
	for _, k := range ix.keys(was) {
		unlist(ix.by, k, path)
	}
	for _, k := range ix.keys(now) {
		ix.by[k] = append(ix.by[k], path)
	}
}

// keys are a body's index keys, each once.
func (ix *bodyIndex) keys(pl *linkcheck.Links) []string {
	if pl == nil {
		return nil
	}
	var keys []string
	if len(pl.Shortcodes) > 0 {
		for _, d := range pl.Deps {
			keys = append(keys, "k\x00"+d)
		}
	}
	pl.EachTarget(func(rel string) {
		_, base, _ := source.SplitName(ix.cfg, rel)
		keys = append(keys, "f\x00"+base)
	})
	slices.Sort(keys)
	return slices.Compact(keys)
}

// candidates are the paths of the pages whose shortcodes read one of keys
// or, when urls, that link through a file of one of bases.
func (ix *bodyIndex) candidates(keys, bases map[string]bool, urls bool) map[string]bool {
	out := map[string]bool{}
	for k := range keys {
		for _, path := range ix.by["k\x00"+k] {
			out[path] = true
		}
	}
	if urls {
		for b := range bases {
			for _, path := range ix.by["f\x00"+b] {
				out[path] = true
			}
		}
	}
	return out
}
