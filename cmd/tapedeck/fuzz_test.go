package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// FuzzImport feeds arbitrary files to both importers: they must return an
// error or interactions that redact, scan and marshal, and never panic.
func FuzzImport(f *testing.F) {
	for _, p := range []string{
		filepath.Join("testdata", "govcr", "example.yaml"),
		filepath.Join("testdata", "har", "example.har"),
	} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 2\ninteractions:\n    - id: 0\n      response: {duration: 12}\n"))
	f.Add([]byte(`{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"http://x/"},"response":{"status":200,"content":{"text":"eA==","encoding":"base64"}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, read := range []func(string, []byte) (*converted, error){readGoVCR, readHAR} {
			conv, err := read("input", data)
			if err != nil {
				continue
			}
			if len(conv.sources) != len(conv.interactions) {
				t.Fatalf("%d sources for %d interactions", len(conv.sources), len(conv.interactions))
			}
			r := redact.Default()
			c := &cassette.Cassette{}
			for _, in := range conv.interactions {
				c.Interactions = append(c.Interactions, r.Interaction(in))
			}
			r.Scan(c)
			if _, err := cassette.Marshal(c); err != nil {
				t.Logf("marshal: %v", err) // e.g. a recorded_at beyond year 9999: an error, not a panic
			}
		}
	})
}
