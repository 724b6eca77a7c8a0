package recorder

import (
	"math/rand/v2"
)

// Seed returns a seed for the pseudo-random values a test puts in its
// requests (names of things it creates, idempotency keys), so that replay
// sends the same requests as the recording and they match:
//
//	rng := rand.New(rand.NewPCG(uint64(rec.Seed()), 0))
//	name := fmt.Sprintf("test-repo-%d", rng.IntN(1_000_000))
//
// The first time, when the cassette has no seed, Seed picks one at random
// and the cassette records it (as "seed: N"); every later run reads it back.
// It returns the same value for the life of the Recorder.
//
// A seed is recorded only in a mode that writes the cassette (ModeOnce for
// a new cassette, ModeRecordMissing, ModeUpdate, ModeRerecord); ModeRerecord
// picks a new one. In ModeReplay, or ModeOnce with an existing cassette,
// a cassette without a seed gets a random one that is not saved (under New
// the test log says so), and requests built from it will not match.
func (r *Recorder) Seed() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cas.Seed != nil {
		return *r.cas.Seed
	}
	seed := rand.Int64()
	if r.closed {
		return seed // the cassette may be being saved: leave it alone
	}
	r.cas.Seed = &seed
	if r.network && r.mode != ModePassthrough {
		r.dirty = true
	} else if r.tb != nil {
		r.tb.Logf("tapedeck: %s has no seed and mode %s (from %s) does not write it, so Seed returned one that is not saved; requests built from it will not match the recordings: to record them with a seed, run: %s",
			r.path, r.mode, r.modeSource, r.fix)
	}
	return seed
}
