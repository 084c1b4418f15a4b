package source

// A site keeps every page's terms for the whole build, so they are a
// slice rather than a map (bench/README.md, "A smaller model and less
// garbage").

// Terms are a page's terms by taxonomy, in the order of the site's
// taxonomy names.
type Terms []TaxonomyTerms

// TaxonomyTerms are the terms a page gives for one taxonomy.
type TaxonomyTerms struct {
	Plural string // the taxonomy's plural name ("tags")
	Terms  []string
}

// Get returns the terms for the taxonomy, or nil.
func (ts Terms) Get(plural string) []string {
	for _, t := range ts {
		if t.Plural == plural {
			return t.Terms
		}
	}
	return nil
}

// Map is the terms as a map, as templates read them (.Terms.tags).
func (ts Terms) Map() map[string][]string {
	m := make(map[string][]string, len(ts))
	for _, t := range ts {
		m[t.Plural] = t.Terms
	}
	return m
}
