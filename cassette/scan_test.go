package cassette

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gotest.tools/v3/assert"
)

// parseYAML reads data the way Unmarshal does when the scanner gives up:
// with the yaml parser.
func parseYAML(data []byte) (*Cassette, error) {
	if err := checkChars(data); err != nil {
		return nil, err
	}
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	return decodeCassette(doc)
}

// TestScanReadsMarshal checks that the scanner, not the yaml parser, reads
// what Marshal writes, and that it reads the same cassette.
func TestScanReadsMarshal(t *testing.T) {
	golden, err := os.ReadFile("testdata/cassette.golden")
	assert.NilError(t, err)
	bench, err := Marshal(benchCassette(t, 50))
	assert.NilError(t, err)
	example, err := os.ReadFile("../fixtures/example.yaml")
	assert.NilError(t, err)
	for name, data := range map[string][]byte{"golden": golden, "benchmark": bench, "fixtures/example.yaml": example} {
		t.Run(name, func(t *testing.T) {
			got, err, ok := scan(data)
			assert.Assert(t, ok, "the scanner gave up")
			assert.NilError(t, err)
			want, err := parseYAML(data)
			assert.NilError(t, err)
			assert.DeepEqual(t, got, want, cmp.AllowUnexported(Interaction{}))
		})
	}
}

// FuzzScanAgrees checks that whatever the scanner reads, it reads as the
// yaml parser does: the same cassette, or an error where the yaml route
// has one too.
func FuzzScanAgrees(f *testing.F) {
	for _, seed := range []string{
		interaction,
		"# a\n#\n# b\nversion: 1\nseed: -3\ninteractions: []\n",
		"version: 1\ninteractions:\n  - request:\n      method: 'it''s'\n      url: \"a\\tb\\u00e9\\U0001F600\\x41\"\n      headers:\n        ~: [a, 'b', \"c\", !!binary //4=, null, '']\n    response:\n      code: 200\n      body: |2-\n          x\n\n         y\n\n",
		"version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n      headers:\n        Content-Encoding: [gzip]\n      body_encoding: gzip\n      compression_level: 1\n      # a comment\n      body: |+\n        hi\n\n",
		"version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n      body_format: base64\n      body: |\n        AAEC\n",
		"version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n      body_format: json\n      body: |-\n        {\n          \"a\": [1, 2]\n        }\n",
	} {
		f.Add([]byte(seed))
	}
	if golden, err := os.ReadFile("testdata/cassette.golden"); err == nil {
		f.Add(golden)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkChars(data) != nil {
			return
		}
		got, gotErr, ok := scan(data)
		if !ok {
			return
		}
		want, wantErr := parseYAML(data)
		switch {
		case gotErr != nil && wantErr == nil:
			t.Fatalf("the scanner says %v; the yaml route reads the file", gotErr)
		case gotErr == nil && wantErr != nil:
			t.Fatalf("the scanner reads the file; the yaml route says %v", wantErr)
		case gotErr == nil:
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(Interaction{})); diff != "" {
				t.Fatalf("the scanner reads another cassette (-yaml +scanner):\n%s", diff)
			}
		default:
			if _, isFormat := gotErr.(*FormatError); !isFormat || gotErr.(*FormatError).Line == 0 {
				t.Fatalf("scanner error %T without a line: %v", gotErr, gotErr)
			}
		}
	})
}
