package resources

import (
	"fmt"
	"html/template"
	"strings"
)

// Picture is a responsive image made from an original: the widths of
// [images] widths that are no wider than it (the original's own width
// when it is narrower than all), in WebP and in the original's format.
// The default Markdown image markup is its HTML; a render hook
// (templates/_markup/render-image.html) gets it as .Picture.
type Picture struct {
	Src           string // the widest fallback image
	Srcset        string // fallback images, "url 480w, url 960w"
	WebPSrcset    string // the same widths in WebP
	Sizes         string
	Width, Height int // of the widest image: its ratio reserves the space
	Alt, Title    string
	Figure        bool   // a <figure> with the title as <figcaption>
	Type          string // the fallback's media type
}

// Picture publishes the responsive versions of r.
func (s *Store) Picture(r *Resource, alt, title string) (*Picture, error) {
	ow, err := r.Width()
	if err != nil {
		return nil, err
	}
	var widths []int
	for _, w := range s.o.Images.Widths {
		if w <= ow {
			widths = append(widths, w)
		}
	}
	if len(widths) == 0 {
		widths = []int{ow}
	}
	p := &Picture{Sizes: s.o.Images.Sizes, Alt: alt, Title: title}
	var fall, webp []string
	for _, w := range widths {
		for _, format := range []string{"", "webp"} {
			v, err := r.Resize(fmt.Sprintf("%dx %s", w, format))
			if err != nil {
				return nil, err
			}
			url, err := v.RelPermalink()
			if err != nil {
				return nil, err
			}
			entry := fmt.Sprintf("%s %dw", url, w)
			if format == "webp" {
				webp = append(webp, entry)
				continue
			}
			fall = append(fall, entry)
			p.Src, p.Width, p.Height, p.Type = url, v.w, v.h, v.mtype.Type
		}
	}
	p.Srcset, p.WebPSrcset = strings.Join(fall, ", "), strings.Join(webp, ", ")
	return p, nil
}

// pictureHTML's "element" is the <picture> alone; the whole adds the
// <figure> when asked.
var pictureHTML = template.Must(template.New("picture").Parse(
	`{{ define "element" }}<picture><source type="image/webp" srcset="{{ .WebPSrcset }}" sizes="{{ .Sizes }}">` +
		`<img src="{{ .Src }}" srcset="{{ .Srcset }}" sizes="{{ .Sizes }}" width="{{ .Width }}" height="{{ .Height }}" alt="{{ .Alt }}"{{ if and .Title (not .Figure) }} title="{{ .Title }}"{{ end }} loading="lazy" decoding="async">` +
		`</picture>{{ end }}` +
		`{{ if .Figure }}<figure>{{ end }}{{ template "element" . }}{{ if .Figure }}<figcaption>{{ .Title }}</figcaption></figure>{{ end }}`))

// HTML is the default markup: a <picture> with a WebP <source>, in a
// <figure> with a <figcaption> when there is a title.
func (p *Picture) HTML() template.HTML { return p.execute("picture") }

// Element is the <picture> alone, without a figure (the figure shortcode
// makes its own, with a caption and a credit).
func (p *Picture) Element() template.HTML { return p.execute("element") }

func (p *Picture) execute(name string) template.HTML {
	var b strings.Builder
	if err := pictureHTML.ExecuteTemplate(&b, name, p); err != nil {
		panic(err) // the template is fixed and its data plain strings and numbers
	}
	return template.HTML(b.String())
}

// Picture is the image's responsive Picture with an alt text, for
// templates: {{ (.Picture "The hall").Element }}.
func (r *Resource) Picture(alt string) (*Picture, error) {
	return r.s.Picture(r, alt, "")
}
