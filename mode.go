package recorder

import (
	"fmt"
	"os"
	"strings"

	"github.com/tapedeck/recorder/internal/updateflag"
)

// Mode says when a Recorder replays, when it uses the network, and what it
// does to the cassette.
//
//	mode               replays                 network                          cassette afterwards
//	ModeOnce           if the cassette exists  only while it does not exist     created once
//	ModeReplay         yes                     never: a miss is an error        unchanged
//	ModeRecordMissing  matches                 for requests with no match       new interactions appended
//	ModeUpdate         fresh matches           for missing and stale requests   stale ones replaced in place
//	ModeRerecord       no                      every request                    replaced by this run
//	ModePassthrough    no                      every request                    untouched
//
// Unless WithMode sets it, the mode comes from the environment, first match
// wins: TAPEDECK_MODE (once, replay, record, update, rerecord, passthrough),
// then go test -update (ModeUpdate) or -update=all (ModeRerecord), then the
// CI variable (ModeReplay, so CI never records), then ModeOnce.
type Mode int

// The modes. The zero Mode is not valid; WithMode rejects it.
const (
	ModeOnce Mode = iota + 1
	ModeReplay
	ModeRecordMissing
	ModeUpdate
	ModeRerecord
	ModePassthrough
)

var modeNames = [...]string{
	ModeOnce:          "once",
	ModeReplay:        "replay",
	ModeRecordMissing: "record",
	ModeUpdate:        "update",
	ModeRerecord:      "rerecord",
	ModePassthrough:   "passthrough",
}

// String returns the name TAPEDECK_MODE uses for m.
func (m Mode) String() string {
	if m >= ModeOnce && m <= ModePassthrough {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode returns the Mode named s, as TAPEDECK_MODE spells it
// (case-insensitive).
func ParseMode(s string) (Mode, error) {
	for m := ModeOnce; m <= ModePassthrough; m++ {
		if strings.EqualFold(s, modeNames[m]) {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown tapedeck mode %q: use one of once, replay, record, update, rerecord, passthrough", s)
}

// network reports whether m may send a request with no fresh recording to
// the real transport, given whether the cassette file existed when the
// recorder started.
func (m Mode) network(cassetteExisted bool) bool {
	switch m {
	case ModeOnce:
		return !cassetteExisted
	case ModeRecordMissing, ModeUpdate, ModeRerecord, ModePassthrough:
		return true
	}
	return false
}

// environment is what mode resolution reads; tests replace it.
type environment struct {
	getenv func(string) string
	update func() updateflag.Level
}

var osEnvironment = environment{getenv: os.Getenv, update: updateflag.Current}

// resolveMode picks the mode: explicit > TAPEDECK_MODE > -update > CI > once.
// It also says where the mode came from, for error messages.
func resolveMode(explicit Mode, env environment) (Mode, string, error) {
	if explicit != 0 {
		return explicit, "WithMode", nil
	}
	if s := env.getenv("TAPEDECK_MODE"); s != "" {
		m, err := ParseMode(s)
		if err != nil {
			return 0, "", fmt.Errorf("TAPEDECK_MODE: %w", err)
		}
		return m, "TAPEDECK_MODE=" + s, nil
	}
	switch env.update() {
	case updateflag.Stale:
		return ModeUpdate, "-update", nil
	case updateflag.All:
		return ModeRerecord, "-update=all", nil
	}
	if ci := env.getenv("CI"); ci != "" && ci != "0" && !strings.EqualFold(ci, "false") {
		return ModeReplay, "CI=" + ci, nil
	}
	return ModeOnce, "default", nil
}
