package recorder

import (
	"errors"
	"fmt"
)

// Close saves the cassette if this run recorded anything, and reports a
// failure to save. Before saving it runs the BeforeSave hooks and scans the
// cassette for credentials: a finding is a *SecretError and nothing is
// written. It is idempotent: later calls return the first result. Every
// request after Close fails with the same "closed" error.
func (r *Recorder) Close() error {
	r.closeMu.Lock()
	defer r.closeMu.Unlock()
	if r.closed {
		return r.closeErr
	}
	r.closed = true
	r.abandonTees()
	stored, _ := r.eng.Close()
	r.metaMu.Lock()
	dirty := stored > 0 || r.seedDirty
	r.metaMu.Unlock()
	// Once closed, nothing changes the interactions: save may read them.
	var unstable error
	if s := r.set; s.verify && stored > 0 {
		// Before the save, which replaces the earlier run's file.
		ins, _ := r.eng.Interactions()
		unstable = r.verifyRecordings(ins)
	}
	switch {
	case r.set.store != nil:
		// Every interaction is in the store already.
		r.closeErr = r.set.store.Close()
		if r.closeErr != nil {
			r.closeErr = fmt.Errorf("tapedeck: closing the store of %s: %w", r.set.path, r.closeErr)
		}
	case dirty:
		r.closeErr = r.save()
	}
	if unstable != nil {
		if r.set.tb == nil {
			r.set.logf("%s", unstable)
		} else {
			r.closeErr = errors.Join(r.closeErr, unstable)
		}
	}
	return r.closeErr
}

// discard closes r without saving and returns how many interactions this run
// recorded.
func (r *Recorder) discard() int {
	r.closeMu.Lock()
	defer r.closeMu.Unlock()
	if r.closed {
		return 0
	}
	r.closed = true
	r.abandonTees()
	n := r.eng.Discard()
	if r.set.store != nil {
		r.set.store.Close()
		return 0 // what was written is in the store: nothing is lost
	}
	return n
}
