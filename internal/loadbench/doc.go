// Package loadbench compares the time and memory of loading a tapedeck
// cassette with loading the same interactions with go-vcr v4 and with
// encoding/json. It is a module of its own so that tapedeck's go.mod does
// not depend on go-vcr. Run it with
//
//	go test -run '^$' -bench . -benchmem -count 6 | tee new.txt
//	benchstat new.txt
//
// The data: 10,000 interactions, each a GET with two request headers and a
// 200 response with ten headers and a compact JSON body of about 1 KiB.
package loadbench
