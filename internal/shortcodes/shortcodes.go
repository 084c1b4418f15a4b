// Package shortcodes expands the shortcode calls of a page's Markdown, in
// Hugo's syntax, before the Markdown is rendered.
//
// # Calls
//
//	{{< name arg "quoted arg" >}}          positional arguments
//	{{< name key="value" other=bare >}}    named arguments
//	{{< name >}}inner text{{< /name >}}    paired
//	{{< name />}}                          self-closing
//	{{% name %}}*Markdown*{{% /name %}}    inner text and output are Markdown
//	{{</* name */>}}                       writes {{< name >}} as it is
//
// Arguments are separated by white space (newlines too); a value is bare
// (no spaces, quotes or "="), "quoted" with \" and \\ escapes, or `raw`.
// Values are strings: sitegen does not guess numbers or booleans (a video
// id of digits stays text). A call's arguments are all positional or all
// named. Names are letters, digits, "_", "-" and "." with "/" between the
// parts of a name in a subfolder of templates/shortcodes/.
//
// A call must be closed when its template reads .Inner or .InnerDeindent,
// and must not be otherwise; calls nest to MaxDepth.
//
// # Output
//
// A {{< >}} call's output is HTML: it stands in the Markdown as a
// placeholder of private-use characters, which Result.HTML replaces after
// the Markdown is rendered (a placeholder alone in a paragraph replaces
// the paragraph). In a link's address it is the address itself
// (Result.Inline), so [text]({{< relref "a.md" >}}) is a link the build
// checks.
//
// A {{% %}} call's output is Markdown, spliced into the page's Markdown and
// rendered once with it: headings in it are in the page's table of
// contents and its links are checked like the page's own. Raw HTML that the
// template itself wrote is written even where the site's Markdown allows
// none (Result.Trusted); raw HTML in the inner text follows the site's
// markup.unsafe setting like any other.
//
// Result.Line maps every byte of the expanded Markdown back to the line of
// the file as written (a call's output to the call's line), so errors of
// the rendered Markdown (a broken link) name the right line.
//
// # Templates
//
// templates/shortcodes/NAME.html; its dot is a *Call with .Get 0,
// .Get "key", .Params, .IsNamedParams, .Inner, .InnerDeindent, .Page,
// .Parent, .Site, .Position, .Ordinal and .Name. The built-in shortcodes
// (Builtins: figure, ref, relref, note, video, youtube, bilibili) are
// replaced by a site file of the same name.
//
// # Errors
//
// Each names the content file and the line of the call: an unknown
// shortcode (with the nearest name as a hint), a call not closed or closed
// wrongly, malformed arguments, positional mixed with named ones, an error
// of the template (its file and line too; errorf's message as written),
// calls nested deeper than MaxDepth. warnf's messages come back in
// Result.Warnings with the call's file and line.
package shortcodes
