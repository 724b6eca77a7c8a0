package recorder

import "errors"

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
	if dirty {
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
	return r.eng.Discard()
}
