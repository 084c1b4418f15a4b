package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// mkdir makes a file's folder however it finds it: missing with its
// parents, there already, being made by other writers at the same time, or
// taken by a file.
func TestMkdir(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "news", "2016", "tour")
	for range 2 { // the second time, as for a folder's second file
		if err := mkdir(deep); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(deep); err != nil || !fi.IsDir() {
		t.Fatalf("%s not made: %v", deep, err)
	}

	shared := filepath.Join(root, "tags", "wechat")
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = mkdir(shared) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("concurrent mkdir: %v", err)
		}
	}

	file := filepath.Join(root, "page")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{file, filepath.Join(file, "sub")} {
		if err := mkdir(dir); err == nil {
			t.Errorf("mkdir %s: no error, though a file stands there", dir)
		}
	}
}
