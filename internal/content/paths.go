package content

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sitegen/sitegen/internal/diag"
)

// MaxName is the longest name of a file or folder in the output: 255 bytes
// (NAME_MAX) on Linux's, macOS's and Windows' file systems alike.
const MaxName = 255

// maxOutputPath bounds a whole output path, leaving room in the system's
// 4096 bytes (PATH_MAX) for the destination folder's own path.
const maxOutputPath = 3072

// badPath says why the site path p cannot name an output file, or "": a
// control character (a NUL cannot be in a file name at all), a name
// longer than file systems allow, or a path too long as a whole.
func badPath(p string) string {
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return fmt.Sprintf("holds the control character %U", r)
		}
	}
	f := OutputFile(p)
	if len(f) > maxOutputPath {
		return fmt.Sprintf("is %d bytes long; sitegen writes output paths of up to %d bytes", len(f), maxOutputPath)
	}
	for _, name := range strings.Split(f, "/") {
		if len(name) > MaxName {
			return fmt.Sprintf("has a name of %d bytes (%s); file systems allow names of up to %d bytes", len(name), short(name), MaxName)
		}
	}
	return ""
}

// short is s cut to a length fit for a message.
func short(s string) string {
	if len(s) <= 40 {
		return fmt.Sprintf("%q", s)
	}
	cut := 40
	for cut > 0 && s[cut]&0xc0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}

// pathAt is where a person changes the page's path: the front matter key
// that makes it (url, slug or, through a permalink, title), the front
// matter line of the term in the first page that uses a term, or a
// section's folder.
func (p *Page) pathAt() (file string, line int) {
	switch {
	case p.File != "":
		for _, k := range []string{"url", "slug", "title"} {
			if _, ok := p.Params()[k]; ok {
				return p.File, p.Source.KeyLine(k)
			}
		}
		return p.File, 1
	case p.Kind == KindTerm && len(p.children) > 0 && p.Parent != nil:
		c := p.children[0]
		return c.File, c.Source.KeyLine(p.Parent.Term)
	case p.Kind == KindSection && p.dir != "":
		return "content/" + p.dir + "/", 0
	}
	return "", 0
}

// checkPath adds an error, at the place to edit, for a page whose path
// cannot be written, and reports whether it can.
func (b *builder) checkPath(p *Page) bool {
	why := badPath(p.Path)
	if why == "" {
		return true
	}
	file, line := p.pathAt()
	hint := "shorten the title, slug, url or term that makes it"
	if strings.HasPrefix(why, "holds") {
		hint = "remove the character"
	}
	b.errs.Add(diag.At(file, line, "the URL %s of %s %s", short(p.Path), describe(p), why).WithHint(hint))
	return false
}

// sameLanguage adds an error for each language in which pages of one
// translation group share a translationKey: a page would get two
// alternates of one language.
func (b *builder) sameLanguage(g []*Page) {
	byLang := map[string][]string{}
	for _, p := range g {
		if p.File != "" {
			byLang[p.Lang] = append(byLang[p.Lang], p.File)
		}
	}
	for lang, files := range byLang {
		if len(files) < 2 {
			continue
		}
		sort.Strings(files)
		for _, f := range files[1:] {
			q := b.byFile(f)
			b.errs.Add(diag.At(f, q.Source.KeyLine("translationKey"), "%s and %s both have translationKey %q in language %s",
				files[0], f, strings.TrimPrefix(q.key, "key:"), lang).
				WithHint("a translationKey joins one page of each language; give one of them another key"))
		}
	}
}

func (b *builder) byFile(f string) *Page {
	for _, p := range b.Pages {
		if p.File == f {
			return p
		}
	}
	return nil
}
