package match_test

import (
	"fmt"
	"net/http"

	"github.com/tapedeck/recorder/match"
)

// A recorded response that said "Vary: Accept" answers only requests with
// the same Accept; every Recorder checks this after its matcher.
func ExampleVaries() {
	fields := match.VaryFields(http.Header{"Vary": {"Accept, accept-language"}})
	recorded := http.Header{"Accept": {"application/json"}, "Accept-Language": {"en, de"}}
	fmt.Println(fields)
	fmt.Println(match.Varies(fields, http.Header{"Accept": {"application/json"}, "Accept-Language": {"de,en"}}, recorded))
	fmt.Println(match.Varies(fields, http.Header{"Accept": {"text/html"}, "Accept-Language": {"en, de"}}, recorded))
	// Output:
	// [Accept Accept-Language]
	// <nil>
	// vary differs: header Accept (Vary): recorded "application/json", live "text/html"
}
