package render

import (
	"html/template"
	"strings"
	"testing"
)

// A kept body comes back byte for byte, empty or big, Chinese or not.
func TestPackRoundTrip(t *testing.T) {
	for _, h := range []template.HTML{"", "<p>x</p>", template.HTML(strings.Repeat("<p>微信支付 платёж</p>\n", 2000))} {
		if got := pack(h).unpack(); got != h {
			t.Errorf("%d bytes came back as %d", len(h), len(got))
		}
	}
}
