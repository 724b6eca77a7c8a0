package recorder_test

import (
	"fmt"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// Explain says which recording answers a request and why the closest
// others do not, ranked as a miss report ranks them.
func ExampleExplain() {
	c, err := cassette.Load(afero.NewOsFs(), "fixtures/example.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := recorder.Explain(c, &cassette.Request{Method: "GET", URL: "http://api.example.test/repos/2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("answered by interaction", x.Match+1)
	for _, cand := range x.Candidates[1:3] {
		fmt.Printf("#%d %s %s: %v\n", cand.Index+1, cand.Interaction.Request.Method, cand.Interaction.Request.URL, cand.Mismatches)
	}
	// Output:
	// answered by interaction 2
	// #1 GET http://api.example.test/repos/1: url differs: url path: recorded "/repos/1", live "/repos/2"
	// #3 GET http://api.example.test/repos/9: url differs: url path: recorded "/repos/9", live "/repos/2"
}
