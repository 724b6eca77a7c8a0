package recorder

import (
	"fmt"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/internal/updateflag"
)

// planRow is one line of the README's tables: a mode, whether the cassette
// file existed when the recorder opened, and what a request gets in each
// situation. The stale columns are the three strategies (OnStale); failNew
// is StaleFail under New, failOpen under Open.
type planRow struct {
	mode                    Mode
	existed                 bool
	missing, fresh          action
	warn, failNew, failOpen action
	refresh                 action
	notStorable             action // a do-not-record request (or a method AsCache does not store)
	notModified             action // a fresh recording that satisfies the request's own validators (facts.notModified, set only under AsHTTPCache)
	behind                  action // a stale recording within stale-while-revalidate, under StaleRefresh (facts.behind, set only under AsHTTPCache)
}

// planTable is the Modes table and the Stale recordings table of the README
// as one list, written out cell by cell.
var planTable = []planRow{
	// ModeOnce records while the cassette is new, and then only replays.
	{ModeOnce, false, actRecord, actReplay, actReplayStale, actStaleFail, actStaleError, actRefresh, actPass, actNotModified, actRefreshBehind},
	{ModeOnce, true, actMiss, actReplay, actReplayStale, actStaleFail, actStaleError, actReplayStale, actPass, actNotModified, actReplayStale},
	// ModeReplay never uses the network (the file must exist to open).
	{ModeReplay, true, actMiss, actReplay, actReplayStale, actStaleFail, actStaleError, actReplayStale, actRefuse, actNotModified, actReplayStale},
	// ModeRecordMissing records what has no recording.
	{ModeRecordMissing, false, actRecord, actReplay, actReplayStale, actStaleFail, actStaleError, actRefresh, actPass, actNotModified, actRefreshBehind},
	{ModeRecordMissing, true, actRecord, actReplay, actReplayStale, actStaleFail, actStaleError, actRefresh, actPass, actNotModified, actRefreshBehind},
	// ModeUpdate refreshes stale recordings whatever the strategy.
	{ModeUpdate, false, actRecord, actReplay, actRefresh, actRefresh, actRefresh, actRefresh, actPass, actNotModified, actRefresh},
	{ModeUpdate, true, actRecord, actReplay, actRefresh, actRefresh, actRefresh, actRefresh, actPass, actNotModified, actRefresh},
	// ModeRerecord records every request; ModePassthrough replays nothing
	// and records nothing.
	{ModeRerecord, false, actRecord, actRecord, actRecord, actRecord, actRecord, actRecord, actPass, actRecord, actRecord},
	{ModeRerecord, true, actRecord, actRecord, actRecord, actRecord, actRecord, actRecord, actPass, actRecord, actRecord},
	{ModePassthrough, false, actPass, actPass, actPass, actPass, actPass, actPass, actPass, actPass, actPass},
	{ModePassthrough, true, actPass, actPass, actPass, actPass, actPass, actPass, actPass, actPass, actPass},
}

// planned decides as decide does: with the facts known before the body is
// read, and, when plan asks for the recording, again with the rest.
func planned(s *settings, f facts) action {
	before := f
	before.looked, before.found, before.stale, before.notModified, before.behind = false, false, false, false, false
	if a := s.plan(before); a != actLookup {
		return a
	}
	f.looked = true
	return s.plan(f)
}

// TestPlanTable checks plan against planTable in every cell: each mode,
// with and without an existing cassette, for a request with no recording,
// a fresh one, a stale one under each strategy (under New and under Open),
// and one that is never stored; with and without the cache preset, which
// changes only defaults; and for a claimed (passthrough) request and a
// closed recorder, which every row answers alike.
func TestPlanTable(t *testing.T) {
	env := environment{getenv: func(string) string { return "" }, update: func() updateflag.Level { return updateflag.Off }}
	seen := 0
	for _, row := range planTable {
		for _, preset := range []string{"plain", "AsCache", "AsHTTPCache"} {
			for _, under := range []string{"New", "Open"} {
				name := fmt.Sprintf("%s/existed=%v/%s/%s", row.mode, row.existed, preset, under)
				t.Run(name, func(t *testing.T) {
					at := func(strategy StaleStrategy) *settings {
						opts := []Option{WithMode(row.mode), WithFS(afero.NewMemMapFs()), OnStale(strategy)}
						switch preset {
						case "AsCache":
							opts = append(opts, AsCache())
						case "AsHTTPCache":
							opts = append(opts, AsHTTPCache())
						}
						var tb testing.TB
						if under == "New" {
							tb = t
						}
						s, err := resolve("c", tb, opts, env)
						assert.NilError(t, err)
						s.settle(row.existed)
						return s
					}
					failed := row.failOpen
					if under == "New" {
						failed = row.failNew
					}
					for _, cell := range []struct {
						what     string
						strategy StaleStrategy
						facts    facts
						want     action
					}{
						{"missing", StaleWarn, facts{storable: true}, row.missing},
						{"fresh", StaleWarn, facts{storable: true, found: true}, row.fresh},
						{"stale/warn", StaleWarn, facts{storable: true, found: true, stale: true}, row.warn},
						{"stale/fail", StaleFail, facts{storable: true, found: true, stale: true}, failed},
						{"stale/refresh", StaleRefresh, facts{storable: true, found: true, stale: true}, row.refresh},
						{"not storable", StaleWarn, facts{}, row.notStorable},
						{"claimed", StaleWarn, facts{claimed: true, storable: true, found: true}, actPass},
						{"claimed, not storable", StaleWarn, facts{claimed: true}, actPass},
						{"closed", StaleWarn, facts{closed: true, claimed: true, storable: true}, actClosed},
						{"fresh, not modified", StaleWarn, facts{storable: true, found: true, notModified: true}, row.notModified},
						{"stale, within stale-while-revalidate", StaleRefresh, facts{storable: true, found: true, stale: true, behind: true}, row.behind},
					} {
						got := planned(at(cell.strategy), cell.facts)
						assert.Equal(t, got, cell.want, "%s: %s", name, cell.what)
						seen++
					}
				})
			}
		}
	}
	assert.Equal(t, seen, len(planTable)*3*2*11)
}

// TestPlanPresetDefaults checks what the cache preset changes in the
// plan when no option overrides it: stale recordings are refreshed where
// the network may be used, and only GET and HEAD are stored.
func TestPlanPresetDefaults(t *testing.T) {
	env := environment{getenv: func(string) string { return "" }, update: func() updateflag.Level { return updateflag.Off }}
	for _, tc := range []struct {
		name    string
		mode    Mode
		existed bool
		facts   facts
		want    action
	}{
		{"stale, record mode", ModeRecordMissing, true, facts{storable: true, found: true, stale: true}, actRefresh},
		{"stale, offline", ModeReplay, true, facts{storable: true, found: true, stale: true}, actReplayStale},
		{"POST, record mode", ModeRecordMissing, true, facts{}, actPass},
		{"POST, offline", ModeReplay, true, facts{}, actRefuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := resolve("c", nil, []Option{AsCache(), WithMode(tc.mode)}, env)
			assert.NilError(t, err)
			s.settle(tc.existed)
			assert.Equal(t, planned(s, tc.facts), tc.want)
		})
	}
	s, err := resolve("c", nil, []Option{AsCache()}, env)
	assert.NilError(t, err)
	assert.Equal(t, s.mode, ModeRecordMissing)
	assert.Equal(t, s.strategy, StaleRefresh)
}
