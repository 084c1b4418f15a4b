package content

import "slices"

// smallSet is a set that an edit makes, of a few items: tested against
// each of a list of 10,000, comparing a handful costs less than hashing
// each item. Past a few dozen it is a map.
type smallSet[T comparable] struct {
	list []T
	m    map[T]bool
}

// pageSet is an edit's few pages.
type pageSet = smallSet[*Page]

func (s *smallSet[T]) has(x T) bool {
	if s.m != nil {
		return s.m[x]
	}
	return slices.Contains(s.list, x)
}

func (s *smallSet[T]) add(x T) {
	if s.has(x) {
		return
	}
	s.list = append(s.list, x)
	if s.m != nil {
		s.m[x] = true
	} else if len(s.list) > 32 {
		s.m = make(map[T]bool, 2*len(s.list))
		for _, y := range s.list {
			s.m[y] = true
		}
	}
}

func (s *smallSet[T]) len() int { return len(s.list) }

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
