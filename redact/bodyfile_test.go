package redact_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

const token = "ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"

func bodyFileInteraction(contentType string, size int) *cassette.Interaction {
	return &cassette.Interaction{
		Request: cassette.Request{Method: "GET", URL: "https://cdn.example.com/big"},
		Response: cassette.Response{Code: 200, Headers: http.Header{"Content-Type": {contentType}},
			BodyFile: strings.Repeat("ab", 32), BodySize: int64(size)},
	}
}

// A token that straddles the boundary of two windows is found once.
func TestScanBodyAcrossWindows(t *testing.T) {
	var body bytes.Buffer
	body.Write(bytes.Repeat([]byte("x "), (1<<20-10)/2))
	body.WriteString(" " + token + " ")
	body.Write(bytes.Repeat([]byte("y "), 3<<20))
	body.WriteString(" " + token + " at the end")
	in := bodyFileInteraction("application/octet-stream", body.Len())
	got, err := redact.Default().ScanBody(0, in, bytes.NewReader(body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Field != "response.body" || got[0].Kind != "GitHub token" {
		t.Fatalf("findings %+v, want one GitHub token in response.body", got)
	}
	clean := bytes.Repeat([]byte("nothing to see "), 200000)
	got, err = redact.Default().ScanBody(0, bodyFileInteraction("text/plain", len(clean)), bytes.NewReader(clean))
	if err != nil || len(got) != 0 {
		t.Errorf("a clean body: %+v, %v", got, err)
	}
}

// A JSON body file is scanned as a document: a password under its name is
// found, which the text scan would not find.
func TestScanBodyDocument(t *testing.T) {
	doc := `{"items": [` + strings.Repeat(`{"n": 1},`, 200000) + `{"password": "hunter2-but-longer"}]}`
	in := bodyFileInteraction("application/json", len(doc))
	got, err := redact.Default().ScanBody(0, in, strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != redact.KindPassword || !strings.Contains(got[0].Field, "password") {
		t.Fatalf("findings %+v, want the password under $.items[200000].password", got)
	}
	// The headers are left to ScanInteraction.
	in.Request.Headers = http.Header{"Authorization": {"Bearer " + token}}
	if got, _ = redact.Default().ScanBody(0, in, strings.NewReader(doc)); len(got) != 1 {
		t.Errorf("findings %+v, want only the body's", got)
	}
}
