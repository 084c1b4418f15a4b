package build

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/source"
)

// model keeps the last site model between a Builder's builds, so that an
// edit to regular pages' Markdown files (front matter, a new, deleted,
// renamed or moved page) updates it in place (content.Sites.Update)
// instead of building it from every file. The loader's copies share it: a
// failed load goes back to the last good loader (see Builder.Build), and
// that must not bring back a model an update has half changed.
type model struct {
	sites   *content.Sites
	updates int // models updated in place, for tests
}

// sites returns the model of l.files: the last one updated in place when
// only Markdown files under content/ changed and Update can do it, built
// from all files otherwise. before are the files of the last load.
func (l *loader) sites(before map[string]*source.File, touch int) (*content.Sites, error) {
	if l.model == nil {
		l.model = &model{}
	}
	o := content.Options{Drafts: l.opts.Drafts, Future: l.opts.Future, Expired: l.opts.Expired, Now: l.opts.Now}
	last := l.model.sites
	l.model.sites = nil // until this load succeeds
	if last != nil && touch == touchContent && before != nil {
		diff := l.diff // known when only changed files were read (updateContent)
		if diff == nil {
			diff = filesChanged(before, l.files)
		}
		if last.Update(l.files, diff, o) {
			l.model.sites = last
			l.model.updates++
			return last, nil
		}
	}
	files := make([]*source.File, 0, len(l.files))
	for _, f := range l.files {
		files = append(files, f)
	}
	sites, err := content.Build(l.cfg, files, l.assets, l.data, o)
	if err != nil {
		return nil, err
	}
	l.model.sites = sites
	return sites, nil
}

// filesChanged lists the Markdown files that are new, gone, or read
// again (a different *File) between two loads.
func filesChanged(before, after map[string]*source.File) []string {
	var out []string
	for p, f := range after {
		if before[p] != f {
			out = append(out, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// knownChanges tells, for each changed file under content/, whether it
// exists now, when every change is a Markdown file under content/ that is
// a regular file or gone, in folders that are neither links nor hidden:
// the files a walk would find are then the last load's with these changes,
// and an edit costs a few Lstat calls, not a walk of the site's folders.
// ok is false otherwise.
func (l *loader) knownChanges(changed []string) (exists map[string]bool, ok bool) {
	if l.files == nil || classify(changed) != touchContent {
		return nil, false
	}
	exists = map[string]bool{}
	for _, c := range changed {
		if !strings.HasPrefix(c, config.ContentDir+"/") {
			continue // a folder the build does not read (archetypes/): no content
		}
		there, ok := l.contentFile(c)
		if !ok {
			return nil, false
		}
		exists[c] = there
	}
	return exists, true
}

// updateContent is loadContent for known changes (knownChanges): it reads
// the files that exist and puts them in the last load's list in place,
// noting in l.diff the files that came, went or were read again, so that
// an edit of one file does not go through (or copy) all 10,000. l.undo
// takes a failed load's changes back out (see load).
func (l *loader) updateContent(changed []string, exists map[string]bool) (map[string]bool, error) {
	var read []string
	for c, there := range exists {
		if there {
			read = append(read, c)
		}
	}
	slices.Sort(read)
	files, err := source.ReadFronts(l.opts.FS, l.cfg, read)
	if err != nil {
		return nil, err
	}
	next := l.files
	fresh := map[string]bool{}
	for _, c := range changed {
		fresh[c] = true
	}
	diff := []string{}
	l.undo = map[string]*source.File{}
	for c, there := range exists {
		if old, was := next[c]; !there && was {
			l.undo[c] = old
			delete(next, c)
			diff = append(diff, c)
		}
	}
	for _, f := range files {
		if _, ok := l.undo[f.Path]; !ok {
			l.undo[f.Path] = next[f.Path] // nil: it was not there
		}
		next[f.Path] = f
		fresh[f.Path] = true
		diff = append(diff, f.Path)
	}
	slices.Sort(diff)
	l.diff = diff
	return fresh, nil
}

// revert takes the changes updateContent made to the file list back out,
// after a load that failed: the builder goes back to the last good
// loader (Builder.Build), which shares the list.
func (l *loader) revert() {
	for p, f := range l.undo {
		if f == nil {
			delete(l.files, p)
		} else {
			l.files[p] = f
		}
	}
	l.undo = nil
}

// contentFile reports whether the Markdown file at p (under content/)
// exists as a file a walk lists; ok is false when a walk must decide.
func (l *loader) contentFile(p string) (exists, ok bool) {
	segs := strings.Split(p, "/")
	for i, s := range segs[1:] {
		if source.Ignored(s) {
			return false, false
		}
		fi, err := fs.Lstat(l.opts.FS, strings.Join(segs[:i+2], "/"))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return false, true
		case err != nil:
			return false, false
		case i == len(segs)-2: // a link or a pipe: a walk warns or passes over it
			return true, fi.Mode().IsRegular()
		case !fi.IsDir():
			return false, false
		}
	}
	return false, false
}
