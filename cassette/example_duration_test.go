package cassette_test

import (
	"fmt"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// RoundDuration is how a measured request time is kept in the file.
func ExampleRoundDuration() {
	fmt.Println(cassette.RoundDuration(84*time.Millisecond + 312*time.Microsecond + 7))
	fmt.Println(cassette.RoundDuration(412*time.Microsecond + 93))
	// Output:
	// 84ms
	// 412µs
}
