// Package content reads a site's content/ and data/ folders and builds the
// site model that templates read: every page of every language, with its
// place in the tree, its URLs, translations, taxonomies and menus.
//
// # Files
//
// [Walk] lists the Markdown files (*.md) and the other files (assets) under
// a folder of an fs.FS. It skips editors' temporary, swap, backup and lock
// files and hidden files ([Ignored]), and never follows a symbolic link: it
// returns the links, so that the caller can warn. [ReadFiles] reads and
// parses files in parallel; [ReadFronts] does the same but lets each body
// go once its front matter is parsed, and [ReadBody] reads a body again
// when it is rendered, so a big site's text is never all in memory. A
// Markdown file is UTF-8 (a byte order mark is dropped), holds no NUL byte
// and is at most [MaxFileSize].
//
// A file's name gives its language and place: "news/x.zh.md" is the page
// "news/x" in Chinese when zh is a configured language, and in the default
// language otherwise. "_index.md" is a list page (the home page, or the
// section of its folder); "index.md" is a page bundle, whose folder's other
// files are copied beside the page.
//
// # Front matter
//
// [Split] separates the front matter (YAML between --- lines, TOML between
// +++ lines) from the body; [ParseFront] decodes it into the keys sitegen
// knows ([FrontMatter]: title, dates, draft, slug, url, aliases, weight,
// layout, translationKey, summary, each taxonomy) and keeps every key,
// known or not, for .Params, decoded again when a template first asks
// ([Page.Params]).
//
// # The model
//
// [Build] assembles [Sites] from the parsed files, the asset paths and the
// data: one [Site] per configured language (what templates see as .Site),
// and the pages of each. A page is published unless it is a draft, dated
// (publishDate, else date) after Options.Now or expired, each of which
// Options can let through. Each language has a home page, a section page
// for every folder that holds content (with or without an _index.md), a
// page per regular file, a taxonomy page per taxonomy and a term page per
// term used, and a 404 page; pages of one language sort by weight, then
// date (newest first), then title.
//
// A page's Path is its site path without the base path: the default
// language at "/", the others under "/CODE/"; slug, url and the config's
// [permalinks] patterns change it, and every segment is [Urlize]d, keeping
// letters of every script. RelPermalink adds the base URL's path and
// Permalink its origin. Translations are the pages of other languages with
// the same content path or translationKey.
//
// # Updating in place
//
// [Sites.Update] applies edits to regular pages' files (front matter, a
// new, deleted, renamed or moved page) to a model Build made, in time that
// grows with the lists the page is in rather than with the site, and
// gives the model Build would make of the edited files. It reports false
// for the edits it leaves to Build (section and bundle index files,
// aliases, new or emptied folders, URL clashes, fallback languages);
// update.go says why each is left.
//
// # Data
//
// [LoadData] reads data/ (YAML, TOML and JSON, nested by folder and file
// name) into .Site.Data; [DecodeData] decodes one such file.
//
// # Errors
//
// Every problem is an error of package diag, naming the file and, where it
// is known, the line: front matter that does not parse, an unknown date,
// two pages at one URL, a menu entry whose pageRef names no page. Build
// reports all of them at once.
//
// # Memory
//
// A site keeps every page's model for the whole build, so a page holds
// little: its terms in a slice, its front matter undecoded, its strings in
// shared blocks (package strblock), and pages themselves are allocated in
// blocks.
package content
