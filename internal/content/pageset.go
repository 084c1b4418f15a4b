package content

import "slices"

// pageSet is a set of pages, an edit's few: tested against every page of
// a list of 10,000, comparing a handful of pointers costs less than
// hashing each page. Past a few dozen it is a map.
type pageSet struct {
	list []*Page
	m    map[*Page]bool
}

func (s *pageSet) has(p *Page) bool {
	if s.m != nil {
		return s.m[p]
	}
	return slices.Contains(s.list, p)
}

func (s *pageSet) add(p *Page) {
	if s.has(p) {
		return
	}
	s.list = append(s.list, p)
	if s.m != nil {
		s.m[p] = true
	} else if len(s.list) > 32 {
		s.m = make(map[*Page]bool, 2*len(s.list))
		for _, q := range s.list {
			s.m[q] = true
		}
	}
}

func (s *pageSet) len() int { return len(s.list) }

// without is list without the pages of the sets, in a new slice with room
// for extra more. An edit's few pages are found by comparing pointers and
// the rest copied in runs, rather than each of 10,000 tested in turn.
func without(list []*Page, extra int, sets ...*pageSet) []*Page {
	var at []int // the indexes to drop
	for _, s := range sets {
		if s.m != nil { // many: test each page once
			out := make([]*Page, 0, len(list)+extra)
			for _, p := range list {
				if !slices.ContainsFunc(sets, func(s *pageSet) bool { return s.has(p) }) {
					out = append(out, p)
				}
			}
			return out
		}
		for _, p := range s.list {
			for i := 0; i < len(list); {
				j := slices.Index(list[i:], p)
				if j < 0 {
					break
				}
				at = append(at, i+j)
				i += j + 1
			}
		}
	}
	slices.Sort(at)
	at = slices.Compact(at)
	out := make([]*Page, 0, len(list)-len(at)+extra)
	start := 0
	for _, i := range at {
		out = append(out, list[start:i]...)
		start = i + 1
	}
	return append(out, list[start:]...)
}
