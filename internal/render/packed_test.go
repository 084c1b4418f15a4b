package render

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// A kept body comes back byte for byte, empty or big, Chinese or not,
// compressible or not (random bytes are kept as they are).
func TestPackRoundTrip(t *testing.T) {
	noise := make([]byte, 5000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	for _, h := range []template.HTML{"", "x", "<p>x</p>", template.HTML(strings.Repeat("<p>微信支付 платёж</p>\n", 2000)), template.HTML(noise)} {
		p := pack(h)
		if got := p.unpack(); got != h {
			t.Errorf("%d bytes came back as %d", len(h), len(got))
		}
		if len(h) > 1000 && len(p) > len(h)+16 {
			t.Errorf("%d bytes packed into %d", len(h), len(p))
		}
	}
	if big := template.HTML(strings.Repeat("<p>a line of text</p>\n", 500)); len(pack(big)) > len(big)/4 {
		t.Errorf("a repetitive body of %d bytes packed into %d", len(big), len(pack(big)))
	}
}
