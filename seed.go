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
	r.metaMu.Lock()
	defer r.metaMu.Unlock()
	if r.meta.Seed != nil {
		return *r.meta.Seed
	}
	seed := rand.Int64()
	if r.eng.Closed() {
		return seed // the cassette may be being saved: leave it alone
	}
	r.meta.Seed = &seed
	s := r.set
	if s.network && s.mode != ModePassthrough {
		r.seedDirty = true
	} else if s.tb != nil {
		s.tb.Logf("tapedeck: %s has no seed and mode %s (from %s) does not write it, so Seed returned one that is not saved; requests built from it will not match the recordings: to record them with a seed, run: %s",
			s.path, s.mode, s.modeSource, s.fix)
	}
	return seed
}
