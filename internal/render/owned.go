package render

import (
	"slices"
	"strings"
)

// ownFiles lists the output files that the site gives itself: static/
// files and content/ files copied as they are. Files the build generates
// for every site (robots.txt, sitemap.xml, the 404 pages, the syntax
// stylesheet) give way to them, as in Hugo: a site that brings its own
// robots.txt or 404 page gets it. Pages, aliases and [[outputs]] are the
// site's own too, so a clash between them and these files stays an error.
func ownFiles(s *Input) map[string]bool {
	own := make(map[string]bool, len(s.Static)+len(s.Sites.Copies))
	for _, f := range s.Static {
		own[strings.TrimPrefix(f, "static/")] = true
	}
	for dst := range s.Sites.Copies {
		own[strings.TrimPrefix(dst, "/")] = true
	}
	return own
}

// Owns reports whether the site gives itself the output file, by the rule
// of ownFiles, for a build that renders a few pages and need not list them
// all.
func Owns(s *Input, file string) bool {
	_, copied := s.Sites.Copies["/"+file]
	_, copied2 := s.Sites.Copies[file]
	return copied || copied2 || slices.Contains(s.Static, "static/"+file)
}
