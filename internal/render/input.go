package render

import (
	"io/fs"
	"time"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/content"
	"github.com/sitegen/sitegen/internal/markdown"
	"github.com/sitegen/sitegen/internal/resources"
	"github.com/sitegen/sitegen/internal/templates"
)

// Options are what rendering takes of a build's options.
type Options struct {
	FS        fs.FS // the site folder's files
	LinksWarn bool  // report broken links as warnings instead of errors
	Minify    bool  // minify HTML pages, feeds and the sitemap, whatever [minify] says
}

// Input is a loaded site, ready to render: the model and what renders it.
// Rendering never changes it.
type Input struct {
	Config    *config.Config
	Sites     *content.Sites
	Templates *templates.Templates
	Markdown  *markdown.Renderer
	Static    []string // files under static/, relative to the site folder
	Warnings  []string
	Resources *resources.Store
}

// Stats summarise a build, as Hugo's summary does.
type Stats struct {
	Pages    map[string]int // regular and list pages per language
	Sections int
	Terms    int
	Aliases  int
	Static   int
	Files    int // every file written
	Duration time.Duration
	Timings  []Timing
	URLs     map[string]string // content file -> its page's URL
	// URLsWere, when not nil, are the URLs before this build of the
	// content files whose entry in URLs it changed ("" for a file that had
	// none): the build changed the last build's URLs in place (a page-set
	// edit, as copying a big site's 10,000 cost more than the rest of its
	// stats), and that map no longer holds what the last build had.
	URLsWere  map[string]string
	Warnings  []string // symbolic links passed over, broken links with --links=warn
	Quick     bool     // only edited bodies and what shows them were rendered (see package build's quick path)
	Bodies    int      // pages' Markdown rendered (not taken from the previous build)
	Templates int      // pages whose template ran (not kept from the previous build)
}

// Timing is how long a stage took.
type Timing struct {
	Stage string
	Took  time.Duration
}
