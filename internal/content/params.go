package content

import "github.com/sitegen/sitegen/internal/source"

// A site keeps every page's model for the whole build, so what each page
// holds of its front matter is kept small: the terms in a slice rather than
// a map (source.Terms), and the decoded front matter not at all until a
// template asks for it (see Page.Params). The two maps were a large share
// of a big site's model (bench/README.md, "A smaller model and less
// garbage").

// Params are every key of the page's front matter, known or not, as
// decoded. They are decoded again when first asked for, not kept from the
// load: most templates read a few pages' params, and a site's worth of
// decoded maps would be most of its model. The text decoded without error
// when the site was loaded, so it does again.
func (p *Page) Params() map[string]any {
	p.paramsOnce.Do(func() {
		p.params, _ = source.DecodeFront(p.File, p.Source)
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
	n, ok = source.ToInt(v)
	return n, true, ok
}
