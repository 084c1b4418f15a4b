// Package render is the render core: given a loaded site (Input) it
// renders every page into an output.Sink, through one path.
//
// A Renderer runs the stages in order: markdown (every page's body: its
// summary, table of contents, counts, links and ids), templates (every
// page's template in parallel; a list's once per pager page when it
// paginates), extras (RSS feeds, the sitemap, robots.txt, alias pages, the
// syntax stylesheet, [[outputs]], whose data items package dataitems
// lists), search (the search index), resources
// (processed images and assets), copy (static/ and bundle files) and links
// (every internal link of the Markdown checked against the files written).
// Each stage is timed through Stage. A page's Markdown is rendered when its
// template first needs it and its HTML given up once the template ran, so a
// site's HTML is never all in memory at once; the markdown stage's time
// includes that rendering (the workers' time in it divided by the
// workers), and the templates stage's does not.
//
// Given the State of a previous build (Prev), a Renderer redoes only what
// changed: Markdown of files read again (Fresh) or whose link targets
// moved, templates of pages that read a model key whose signature changed
// (package signature), copies of changed files; it leaves in Next what the
// following build needs. What a build keeps for the next is a StatePolicy
// chosen when the Renderer is made: KeepState, or DropState for a build
// no other follows (sitegen build), which keeps nothing for one.
package render
