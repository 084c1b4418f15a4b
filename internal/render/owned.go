package render

import "strings"

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
