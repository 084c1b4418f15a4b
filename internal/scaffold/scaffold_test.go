package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFiles(t *testing.T) {
	files, err := Files([]string{"zh", "de"}, "2026-01-02")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"sitegen.toml", `defaultLanguage = "zh"`},
		{"sitegen.toml", "[languages.de]\nlanguageName = \"de\""}, // no words of its own: English texts, its code as name
		{"content/_index.md", `title: "我的活动"`},                    // the default language has no suffix
		{"content/posts/hello.de.md", "date: 2026-01-02\n"},
		{"i18n/zh.yaml", `skipToContent: "跳到正文"`},
		{"templates/list.html", `define "main"`},
	} {
		if !strings.Contains(files[tc.file], tc.want) {
			t.Errorf("%s does not contain %q:\n%s", tc.file, tc.want, files[tc.file])
		}
	}
	if _, ok := files["content/_index.zh.md"]; ok {
		t.Error("the default language's home page has a language suffix")
	}
}

func TestWriteRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []string{"en"}, "2026-01-02"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sitegen.toml")); err == nil {
		t.Error("wrote into a non-empty folder")
	}
	if err := Write(filepath.Join(dir, "new", "site"), []string{"en", "ru"}, "2026-01-02"); err != nil {
		t.Fatalf("a new folder: %v", err)
	}
}
