package recorder

// WithRepeats lets a request replay again once every recording that
// matches it has been used: it gets the last matching recording, as often
// as it is sent. Use it for polling loops, where the number of calls
// depends on timing. Without it, one call more than was recorded is a miss.
//
// Repeats apply in modes that do not record (ModeReplay, and ModeOnce with
// an existing cassette). Modes that record send such a call to the network
// and record it, so that recording a polling loop captures every response
// until the one it waits for.
func WithRepeats() Option {
	return func(c *config) error {
		c.repeats = true
		return nil
	}
}
