//go:build race

package serve

// raceEnabled: the race detector multiplies memory several times over, so
// memory bounds are checked only without it (and on the real binary in
// hardening/load.sh).
const raceEnabled = true
