// Package output puts a build's files somewhere: in a staging folder beside
// the destination, swapped in whole when the build succeeds (Staging), or in
// memory as the difference from the previous build, for serve to put in
// place (Memory). Both take files through Sink, and a file written twice is
// an error that names both writers.
//
// It also guards the destination: CheckDestination refuses folders whose
// loss would destroy a user's files, and LockDestination makes builds into
// one destination take turns. Marker marks a folder sitegen made.
package output

import "io"

// Sink takes the files a build produces. Unless Keeps says so, it does not
// keep the data it is given past write, and callers reuse their buffers.
type Sink interface {
	Write(file string, data []byte, by string) error
	// Stream is Write for a file made piece by piece (see feeds.RSS).
	Stream(file, by string, fill func(io.Writer) error) error
	// Copy is Stream for a file copied as it is (see build's copyFiles): fill
	// may be called again, later, to give the same bytes.
	Copy(file, by string, fill func(io.Writer) error) error
	Keeps() bool
	Has(file string) bool
	Count() int
}
