package build

import (
	"context"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/output"
	"github.com/sitegen/sitegen/internal/render"
)

// modelSnapshot prints every exported field of every page and language
// site of a loaded site. Pointers print as addresses, so a field pointed
// elsewhere shows as well as a value changed.
func modelSnapshot(in *render.Input) string {
	var b strings.Builder
	fields := func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			switch f := t.Field(i); {
			case !f.IsExported() || f.Type.Kind() == reflect.Func:
			case f.Type.Kind() == reflect.Pointer: // not what it points to, which has lazily filled fields
				fmt.Fprintf(&b, " %s=%p", f.Name, v.Field(i).Interface())
			default:
				fmt.Fprintf(&b, " %s=%+v", f.Name, v.Field(i).Interface())
			}
		}
		b.WriteByte('\n')
	}
	for _, p := range in.Sites.Pages {
		fields(reflect.ValueOf(p).Elem())
	}
	for _, s := range in.Sites.Langs {
		fields(reflect.ValueOf(s).Elem())
	}
	return b.String()
}

// TestRenderLeavesModelAlone: the model is read-only once loaded. Render
// results (HTML, table of contents, summary, counts) live in the render
// state, so rendering the forum site, as a one-off build and as one that
// keeps its state for a next, changes nothing of its pages or sites.
// Under -race, it also checks that rendering's workers share the model
// only to read it.
func TestRenderLeavesModelAlone(t *testing.T) {
	root, _ := filepath.Abs("../..")
	for name, policy := range map[string]render.StatePolicy{"DropState": render.DropState{}, "KeepState": render.KeepState{}} {
		t.Run(name, func(t *testing.T) {
			o := Options{Source: root, Now: fixtureNow}
			o.defaults()
			in, err := Load(o)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Sites.Pages) < 20 {
				t.Fatalf("the forum site has %d pages", len(in.Sites.Pages))
			}
			before := modelSnapshot(in)
			out := output.NewMemory(maphash.MakeSeed(), map[string]uint64{})
			r := &render.Renderer{Site: in, Opts: o.render(), Out: out, Policy: policy, Stage: func(string, time.Duration) {}}
			if err := r.Render(context.Background()); err != nil {
				t.Fatal(err)
			}
			if len(out.Changed) < len(in.Sites.Pages)/2 {
				t.Fatalf("only %d files rendered", len(out.Changed))
			}
			if after := modelSnapshot(in); after != before {
				t.Errorf("rendering changed the model:\n%s", lineDiff(before, after))
			}
		})
	}
}

// A quick build (a body edit) renders the edited file's new text without
// putting it into the model: the pages keep the very Source they were
// loaded with, front matter slices and all, and the text lives in the
// renderer's Edited map for that build only.
func TestQuickPathLeavesModelAlone(t *testing.T) {
	b, src, _ := quickBuilder(t, Options{})
	in := b.last.site
	before := modelSnapshot(in)
	fronts := map[*content.Page]*byte{}
	for _, p := range in.Sites.Pages {
		if len(p.Source.Front) > 0 {
			fronts[p] = &p.Source.Front[0]
		}
	}
	if len(fronts) == 0 {
		t.Fatal("no page has front matter")
	}
	writeFileT(src, "content/news/a.md", "---\ntitle: A\n---\nFirst paragraph of A, edited.\n\n## Plans\n")
	res, err := b.Build(context.Background(), []string{"content/news/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Quick {
		t.Fatal("the body edit did not take the quick path")
	}
	if !strings.Contains(string(res.Write["news/a/index.html"]), "edited") {
		t.Errorf("the edit is not in the page: %q", res.Write["news/a/index.html"])
	}
	if b.last == nil || b.last.site != in {
		t.Fatal("the quick build replaced the model; this test looks at the old one")
	}
	if after := modelSnapshot(in); after != before {
		t.Errorf("the quick build changed the model:\n%s", lineDiff(before, after))
	}
	for p, front := range fronts {
		if &p.Source.Front[0] != front {
			t.Errorf("%s: the quick build replaced the page's Source", p.File)
		}
	}
}
