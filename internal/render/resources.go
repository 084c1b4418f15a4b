package render

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/diag"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/templates"
)

// resources writes the resources that pages and templates published
// (processed images, assets); a build that others follow keeps those the
// previous build wrote with the same bytes.
func (r *Renderer) Resources(ctx context.Context) error {
	store := r.Site.Resources
	if store == nil {
		return nil
	}
	w := resources.Writer{Write: func(file string, data []byte) error { return r.Out.Write(file, data, "resources") }}
	if m, ok := r.Out.(*output.Memory); ok {
		w.Had = m.Had
		w.Keep = m.Keep
	}
	if err := store.Flush(ctx, w); err != nil {
		return diag.At(assetsOrContent, 0, "%v", err)
	}
	return nil
}

// assetsOrContent names where a failed resource comes from when no page
// line is known: the resource's own path is in the message.
const assetsOrContent = "resources"

// imageHook renders a page's Markdown images: a bundle image becomes a
// responsive <picture> (or what templates/_markup/render-image.html
// makes of it); an image without alt text is a warning, or an error with
// [images] requireAlt.
func (r *Renderer) imageHook(p *content.Page) markdown.ImageHook {
	store := r.Site.Resources
	if store == nil {
		return nil
	}
	cfg := r.Site.Config.Images
	return func(im markdown.Image) (string, bool, error) {
		line := p.BodyLine() + im.Line - 1
		if strings.TrimSpace(im.Alt) == "" {
			if cfg.RequireAlt {
				return "", false, diag.At(p.File, line, "image %q has no alt text", im.Dest).
					WithHint("describe the image: ![what it shows](" + im.Dest + "); [images] requireAlt is on")
			}
			r.warnMu.Lock()
			r.warnings = append(r.warnings, fmt.Sprintf("%s:%d: image %q has no alt text", p.File, line, im.Dest))
			r.warnMu.Unlock()
		}
		res := bundleImage(store, p, im.Dest)
		if res == nil {
			return "", false, nil
		}
		pic, err := store.Picture(res, im.Alt, im.Title)
		if err != nil {
			return "", false, diag.At(p.File, line, "%v", err)
		}
		pic.Figure = im.Standalone && im.Title != ""
		set := r.Site.Templates.Set(p.Lang)
		if !set.Has(templates.ImageHook) {
			return string(pic.HTML()), true, nil
		}
		var b strings.Builder
		data := ImageHookData{Destination: im.Dest, Text: im.Alt, PlainText: im.Alt, Title: im.Title, IsBlock: im.Standalone,
			Page: templates.Untracked().Page(p), Resource: res, Picture: pic}
		if err := set.Execute(&b, templates.ImageHook, data); err != nil {
			return "", false, fmt.Errorf("%s:%d: %w", p.File, line, err)
		}
		return b.String(), true, nil
	}
}

// ImageHookData is what templates/_markup/render-image.html sees (Hugo's
// names, plus the bundle image and its default responsive Picture).
type ImageHookData struct {
	Destination, Text, PlainText, Title string
	IsBlock                             bool
	Page                                *templates.Page
	Resource                            *resources.Resource
	Picture                             *resources.Picture
}

// bundleImage is the page's bundle image a Markdown destination names, or
// nil (a URL, a file elsewhere, or not a raster image).
func bundleImage(store *resources.Store, p *content.Page, dest string) *resources.Resource {
	if dest == "" || strings.Contains(dest, ":") || strings.HasPrefix(dest, "/") || strings.Contains(dest, "?") || strings.Contains(dest, "#") {
		return nil
	}
	name := path.Clean(dest)
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
	default:
		return nil
	}
	for _, f := range p.Resources {
		if p.ResourceName(f) == name {
			if l := store.Bundle([]string{f}, []string{name}, p.Path); len(l) == 1 {
				return l[0]
			}
		}
	}
	return nil
}
