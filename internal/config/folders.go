package config

// The site's own top-level folders. Every part of sitegen that needs them
// (the loader, serve's watcher, the output safety check, sitegen new) takes
// them from here, so that a new folder is added in one place.
const (
	ContentDir    = "content"
	TemplatesDir  = "templates"
	StaticDir     = "static"
	DataDir       = "data"
	I18nDir       = "i18n"
	ArchetypesDir = "archetypes"
	AssetsDir     = "assets" // global resources: published only when a template uses one
)

// Folders returns the site's own top-level folders, a new slice each call
// so that no caller can change another's list.
func Folders() []string {
	return []string{ContentDir, TemplatesDir, StaticDir, DataDir, I18nDir, ArchetypesDir, AssetsDir}
}
