package serve

import (
	"errors"
	"fmt"
	"maps"
)

// An edit to a page's front matter, or a page added or deleted, changes
// few files, but some of them are big: at 10,000 pages the home feed
// (5.7 MB), a section's feed (2 MB), the sitemap (0.9 MB). Writing them
// into the staging folder took a few milliseconds of each such save,
// between the build and the reload event, and more on a busy machine.
// Instead, an incremental build's files of at least Options.lateAt bytes
// are served from memory at first: the builder's own bytes, which stay
// as they are until its next build (build.Result), made visible under the
// requests' lock with the rest of the build, so the served site is still
// exactly one good build. Once the reload event is out, and before the
// next build may start, they are staged and exchanged into the folder as
// usual, and memory serves them no longer (settle). Requests read a copy
// of them, under the lock, as a slow client may still be reading when the
// builder writes over its bytes.
//
// If that fails (a full disk), the files stay served from memory: the
// builder is replaced, so nothing writes over them, and the next change
// rebuilds the site in full into a fresh folder, as after any failure to
// put files in place.

// defaultLateAt is Options.lateAt's default.
const defaultLateAt = 256 << 10

// late takes out of write the files st serves from memory at first (see
// above) and returns the others.
func (s *Server) late(st *stage, write map[string][]byte) map[string][]byte {
	if s.opts.lateAt <= 0 {
		return write
	}
	var small map[string][]byte
	for f, b := range write {
		if len(b) < s.opts.lateAt {
			continue
		}
		if small == nil {
			small = maps.Clone(write)
			st.late = map[string][]byte{}
		}
		delete(small, f)
		st.late[f] = b
	}
	if small == nil {
		return write
	}
	return small
}

// settle puts the files the last build left in memory into the folder
// (see above), after its reload event. On failure they stay served from
// memory, and the next change rebuilds in full.
func (s *Server) settle(st *stage) {
	if st == nil || len(st.late) == 0 {
		return
	}
	late := st.late
	st.names, st.late = st.names[:0], nil
	err := s.stageFiles(st, late, nil)
	if err == nil {
		var dead []*pack
		dead, err = s.putInPlace(s.root.Load(), st, nil)
		s.retire(st, dead)
	}
	if err == nil {
		return
	}
	s.removeStage(st)
	s.spare = nil
	if !errors.Is(err, errOutOfStep) {
		err = fmt.Errorf("%w (the new build is served, partly from memory)", err)
	}
	s.applyFailed(err) // a new builder: the old one's bytes stay as served
}
