package feeds

import (
	"math/rand/v2"
	"net/url"
	"testing"
)

// TestPlainURL: the URLs escapeURL passes through unparsed are exactly
// what parsing and printing them gives, on listed and random addresses.
func TestPlainURL(t *testing.T) {
	parsed := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			return raw
		}
		return u.String()
	}
	urls := []string{"https://example.org/", "https://example.org", "http://example.org:8080/a/b-c_d.e~f/", "https://example.org//x//",
		"https://example.org/news/page-7/", "https://EXAMPLE.org/", "HTTPS://example.org/", "https://example.org/a b/",
		"https://example.org/%41/", "https://example.org/a?b", "https://example.org/a#b", "https://example.org:/", "https://:80/",
		"https://example.org/新闻/", "https://example.org/./a/../b", "https://user@example.org/", "https:///a", "ftp://example.org/"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09-._~/:%?#@ +é"
	for range 20000 {
		b := []byte("https://")
		for range rng.IntN(20) {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		urls = append(urls, string(b))
	}
	plain := 0
	for _, raw := range urls {
		if plainURL(raw) {
			plain++
			if got := parsed(raw); got != raw {
				t.Errorf("%q: passed through, but parsing gives %q", raw, got)
			}
		}
		if got, want := escapeURL(raw), parsed(raw); got != want {
			t.Errorf("escapeURL(%q) = %q, want %q", raw, got, want)
		}
	}
	if plain < 100 {
		t.Errorf("only %d plain URLs: the test shows little", plain)
	}
}
