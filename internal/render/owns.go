package render

import "slices"

// Owns reports whether the site gives itself the output file (see
// ownFiles), for a build that renders a few pages and need not list them
// all.
func Owns(s *Input, file string) bool {
	_, copied := s.Sites.Copies["/"+file]
	_, copied2 := s.Sites.Copies[file]
	return copied || copied2 || slices.Contains(s.Static, "static/"+file)
}
