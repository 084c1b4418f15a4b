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
