package content

// A site keeps every page's model for the whole build, so what each page
// holds of its front matter is kept small: the terms in a slice rather than
// a map, and the decoded front matter not at all until a template asks for
// it (see Page.Params). The two maps were a large share of a big site's
// model (bench/README.md, "A smaller model and less garbage").

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

// Params are every key of the page's front matter, known or not, as
// decoded. They are decoded again when first asked for, not kept from the
// load: most templates read a few pages' params, and a site's worth of
// decoded maps would be most of its model. The text decoded without error
// when the site was loaded, so it does again.
func (p *Page) Params() map[string]any {
	p.paramsOnce.Do(func() {
		p.params, _ = decodeFront(p.File, p.Source)
		if p.params == nil {
			p.params = map[string]any{}
		}
	})
	return p.params
}

// IntParam is a front matter key that holds a whole number: set reports
// whether the page has the key, ok whether its value is a whole number.
func (p *Page) IntParam(key string) (n int, set, ok bool) {
	v, set := p.Params()[key]
	if !set {
		return 0, false, false
	}
	n, ok = toInt(v)
	return n, true, ok
}
