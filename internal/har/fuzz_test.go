package har

import (
	"testing"

	"github.com/tapedeck/recorder/internal/convert/converttest"
)

// seeds each import without an error, and between them reach every field
// Read reads (TestFuzzSeeds checks it), in at most converttest.MaxInput
// bytes.
var seeds = []string{
	`{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-01-05T10:00:00Z","time":1.5,` +
		`"request":{"method":"GET","url":"/"},"response":{"status":200}}]}}`,
	`{"log":{"entries":[{"request":{"method":"POST","url":"/","postData":{"text":"eA==","encoding":"base64"}},"response":{"status":201}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/","headers":[{"name":":a","value":""}]},"response":{"status":0}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"httpVersion":"h2",` +
		`"headers":[{"name":"content-encoding","value":"br"}]}}]}}`,
	`{"log":{"entries":[{"request":{"method":"PUT","url":"/","postData":{"mimeType":` +
		`"application/x-www-form-urlencoded","params":[{"name":"a b"}]}},"response":{"status":204}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"content":{"text":"eA==","encoding":"base64"}}}]}}`,
}

// FuzzRead feeds arbitrary files to Read: it returns an error or
// interactions that redact, scan and save as a cassette that loads again,
// and never panics.
func FuzzRead(f *testing.F) { converttest.Fuzz(f, Read, seeds) }

func TestFuzzSeeds(t *testing.T) { converttest.Seeds(t, Read, seeds) }
