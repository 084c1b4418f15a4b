package source

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func nested(levels int) string {
	var b strings.Builder
	for i := 0; i < levels; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- item " + strconv.Itoa(i) + "\n")
	}
	return b.String()
}

// A list nested thousands of levels deep would take goldmark minutes; it
// is refused at a line, quickly. Ordinary indentation is not.
func TestDeepIndentRefused(t *testing.T) {
	_, err := Split("content/a.md", []byte("---\ntitle: A\n---\n"+nested(5000)))
	if err == nil || !strings.Contains(err.Error(), "indented too deeply") {
		t.Fatalf("5,000 levels: %v", err)
	}
	checkDiag(t, "content/a.md", err)
	if msg := err.Error(); strings.HasPrefix(msg, "content/a.md:1:") || strings.HasPrefix(msg, "content/a.md:4:") {
		t.Errorf("error not at the line where the bound is passed: %v", err)
	}
	// Refused early, not after reading all 5,000 levels: the bound on the
	// work is passed near line 900 (the sum of depth × line length grows
	// with the cube of the depth). A line number, unlike a time, does not
	// depend on how busy the machine is.
	if m := regexp.MustCompile(`^content/a\.md:(\d+):`).FindStringSubmatch(err.Error()); m == nil {
		t.Errorf("no line in %v", err)
	} else if n, _ := strconv.Atoi(m[1]); n > 1200 {
		t.Errorf("refused only at line %d", n)
	}
	for name, src := range map[string]string{
		"200 levels":      nested(200),
		"code in a list":  strings.Repeat("- item\n\n        code line of some length, indented eight columns\n", 20000),
		"no front matter": strings.Repeat("\t\tx = 1\n", 50000),
	} {
		if _, err := Split("content/a.md", []byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Split("content/a.md", []byte(nested(5000))); err == nil {
		t.Error("5,000 levels without front matter accepted")
	}
}
