package store_test

import (
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/storetest"
)

func small() *cassette.Interaction {
	return &cassette.Interaction{
		RecordedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC),
		Duration:   84 * time.Millisecond,
		Request: cassette.Request{
			Method:  "GET",
			URL:     "https://a.test/x",
			Headers: http.Header{"Accept": {"*/*"}},
		},
		Response: cassette.Response{
			Status:  "200 OK",
			Code:    200,
			Proto:   "HTTP/1.1",
			Headers: http.Header{"Etag": {`"v1"`}, "A": {"1", "2"}},
			Body:    []byte("hi"),
		},
		Line: 12,
	}
}

// The format is pinned: a change to these bytes is a new FormatVersion.
func TestEncodeFormat(t *testing.T) {
	b, err := store.Encode(small())
	if err != nil {
		t.Fatal(err)
	}
	const want = "746401" + // "td", version 1
		"c080abb00d" + "00" + "80f48d50" + // recorded_at seconds (zigzag varint), nanoseconds, duration
		"03474554" + "1068747470733a2f2f612e746573742f78" + // method, url
		"02" + "06416363657074" + "01" + "032a2f2a" + "00" + // headers: 1 key, Accept: */*; nil body
		"06323030204f4b" + "9003" + "08485454502f312e31" + // status, code, proto
		"03" + "0141" + "02" + "0131" + "0132" + "0445746167" + "01" + "04227631 22" + // headers, sorted
		"00" + "03" + "6869" // nil trailers, body "hi"
	if got := hex.EncodeToString(b); got != strings.ReplaceAll(want, " ", "") {
		t.Errorf("Encode(small) =\n%s\nwant\n%s", got, strings.ReplaceAll(want, " ", ""))
	}
}

func TestEncodeIsStable(t *testing.T) {
	for i := range 8 {
		first, err := store.Encode(storetest.Interaction("stable", i))
		if err != nil {
			t.Fatal(err)
		}
		for range 20 { // map order differs from run to run
			again, _ := store.Encode(storetest.Interaction("stable", i))
			if string(again) != string(first) {
				t.Fatalf("interaction %d encoded to different bytes twice", i)
			}
		}
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	cases := map[string]func(*cassette.Interaction){
		"plain":             func(*cassette.Interaction) {},
		"nil headers":       func(in *cassette.Interaction) { in.Request.Headers, in.Response.Headers = nil, nil },
		"empty headers":     func(in *cassette.Interaction) { in.Request.Headers, in.Response.Headers = http.Header{}, http.Header{} },
		"key without value": func(in *cassette.Interaction) { in.Response.Headers["X-Empty"] = nil },
		"empty bodies":      func(in *cassette.Interaction) { in.Request.Body, in.Response.Body = []byte{}, []byte{} },
		"trailers":          func(in *cassette.Interaction) { in.Response.Trailers = http.Header{"X-T": {"1"}} },
		"zero time":         func(in *cassette.Interaction) { in.RecordedAt = time.Time{} },
		"before 1970":       func(in *cassette.Interaction) { in.RecordedAt = time.Date(1969, 7, 20, 20, 17, 40, 5, time.UTC) },
		"negative duration": func(in *cassette.Interaction) { in.Duration = -time.Second },
		"everything empty":  func(in *cassette.Interaction) { *in = cassette.Interaction{} },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			in := small()
			change(in)
			b, err := store.Encode(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := store.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			want := *in
			want.Line = 0
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncodeNil(t *testing.T) {
	if _, err := store.Encode(nil); err == nil {
		t.Error("Encode(nil) returned no error")
	}
}

func TestDecodeErrors(t *testing.T) {
	good, _ := store.Encode(small())
	cases := []struct {
		name, data, want string
	}{
		{"empty", "", "not a tapedeck store entry"},
		{"other program", `{"json":true}`, "not a tapedeck store entry"},
		{"version 0", "td\x00", "entry format 0 is not one tapedeck ever wrote"},
		{"newer", "td\x02rest", "entry format 2, this tapedeck reads up to 1): upgrade github.com/tapedeck/recorder"},
		{"trailing", string(good) + "x", "end of entry at byte 89: 1 bytes follow the last field"},
		{"truncated body", string(good[:len(good)-1]), "response body at byte 86: length 2 runs past the end (1 bytes left)"},
		{"huge header count", "td\x01\x00\x00\x00\x00\x00\xff\xff\xff\xff\x0f", "request headers at byte 8: 4294967294 keys cannot fit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := store.Decode([]byte(c.data))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q\ndoes not contain %q", err, c.want)
			}
		})
	}
	if _, err := store.Decode([]byte("td\x09")); !errors.Is(err, store.ErrNewerFormat) {
		t.Errorf("errors.Is(%v, ErrNewerFormat) is false", err)
	}
	// Every truncation of a good entry is an error, never a panic.
	for n := range len(good) {
		if _, err := store.Decode(good[:n]); err == nil {
			t.Errorf("Decode of the first %d of %d bytes returned no error", n, len(good))
		}
	}
}

func TestDecodeEntryNamesTheEntry(t *testing.T) {
	_, err := store.DecodeEntry("cache.db", 42, "GET https://a.test/x", []byte("td\x01\x05"))
	var ee *store.EntryError
	if !errors.As(err, &ee) || ee.ID != 42 {
		t.Fatalf("DecodeEntry error %v is not an *EntryError for entry 42", err)
	}
	const want = "cache.db: entry 42 (GET https://a.test/x): recorded_at at byte 3: bad or truncated number: " +
		"the entry is damaged; delete it, and the next request records it again"
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
}

func FuzzDecode(f *testing.F) {
	for i := range 4 {
		b, _ := store.Encode(storetest.Interaction("fuzz", i))
		f.Add(b)
	}
	f.Add([]byte("td\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := store.Decode(data)
		if err != nil {
			return
		}
		b, err := store.Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := store.Decode(b)
		if err != nil {
			t.Fatalf("Decode of Encode of a decoded entry: %v", err)
		}
		if diff := cmp.Diff(in, again); diff != "" {
			t.Errorf("decode, encode, decode changed the entry (-first +second):\n%s", diff)
		}
	})
}
