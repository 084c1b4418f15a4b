package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMeasure(t *testing.T) {
	site := fstest.MapFS{
		"index.html":     {Data: []byte(`<link rel="stylesheet" href="/css/a.css"><link href=/css/b.css rel=stylesheet>`)},
		"x/index.html":   {Data: []byte(`<link rel=stylesheet href=/css/a.css><link rel="icon" href="/i.css">`)},
		"css/a.css":      {Data: []byte("0123456789")},
		"css/b.css":      {Data: []byte("01234")},
		"css/unused.css": {Data: []byte("0123456789012345")},
		"feed/index.xml": {Data: []byte("<rss/>")},
		"remote.html":    {Data: []byte(`<link rel=stylesheet href=//cdn.example/x.css>`)},
	}
	s, err := measure(site)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(site["index.html"].Data) + len(site["x/index.html"].Data) + len(site["remote.html"].Data)
	if s.pages != int64(pages) || s.css != 15 || strings.Join(s.sheets, " ") != "css/a.css css/b.css" {
		t.Errorf("measured %+v, want pages %d, css 15 (a.css once and b.css)", s, pages)
	}
	if _, err := measure(fstest.MapFS{"a.html": {Data: []byte(`<link rel=stylesheet href=/gone.css>`)}}); err == nil {
		t.Error("a missing stylesheet was not an error")
	}
	got := table(sizes{pages: 200, css: 100}, sizes{pages: 150, css: 90, sheets: []string{"a.css"}})
	if !strings.Contains(got, "| pages and CSS | 300 B | 240 B | 20.0% |") {
		t.Errorf("table:\n%s", got)
	}
}
