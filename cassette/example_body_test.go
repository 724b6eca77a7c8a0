package cassette_test

import (
	"fmt"

	"github.com/tapedeck/recorder/cassette"
)

// IsText tells the bodies a cassette keeps as text from those it keeps in
// base64.
func ExampleIsText() {
	fmt.Println(cassette.IsText([]byte("{\"id\": 1}\n")))
	fmt.Println(cassette.IsText([]byte("\x89PNG\r\n\x1a\n")))
	// Output:
	// true
	// false
}
