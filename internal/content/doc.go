// Package content builds the site model that templates read from the
// files package source read: every page of every language, with its place
// in the tree, its URLs, translations, taxonomies and menus. It imports
// source (files, front matter, data), never the reverse; what it adds is
// the model.
//
// A file's name gives its language and place (source.SplitName):
// "news/x.zh.md" is the page "news/x" in Chinese when zh is a configured
// language, and in the default language otherwise. "_index.md" is a list
// page (the home page, or the section of its folder); "index.md" is a page
// bundle, whose folder's other files are copied beside the page. A page
// keeps its front matter undecoded (source.Source) and decodes it again
// when a template first asks for .Params ([Page.Params]).
//
// # The model
//
// [Build] assembles [Sites] from the parsed files (source.File), the asset
// paths and the data (source.LoadData): one [Site] per configured language
// (what templates see as .Site), and the pages of each. A page is
// published unless it is a draft, dated (publishDate, else date) after
// Options.Now or expired, each of which Options can let through. Each
// language has a home page, a section page for every folder that holds
// content (with or without an _index.md), a page per regular file, a
// taxonomy page per taxonomy and a term page per term used, and a 404
// page; pages of one language sort by weight, then date (newest first),
// then title.
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
// # Errors
//
// Every problem is an error of package diag, naming the file and, where it
// is known, the line: two pages at one URL, two pages of one language with
// one translationKey, an alias that clashes, a menu entry whose pageRef
// names no page. Build reports all of them at once; the files' own
// problems (front matter, encoding) are source's.
//
// # Memory
//
// A site keeps every page's model for the whole build, so a page holds
// little: its terms in a slice, its front matter undecoded, its strings in
// shared blocks (package strblock), and pages themselves are allocated in
// blocks.
package content
