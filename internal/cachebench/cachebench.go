// Package cachebench measures a cache hit through a Recorder, the same way
// over every store, so that the store backends' benchmarks and the cassette
// file compare in one run.
package cachebench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
)

// Interactions are n GET interactions for distinct URLs with small JSON
// responses, like a cached REST API.
func Interactions(n int) []*cassette.Interaction {
	ins := make([]*cassette.Interaction, n)
	for i := range ins {
		ins[i] = &cassette.Interaction{
			Request: cassette.Request{Method: "GET", URL: fmt.Sprintf("http://api.example.test/items/%d", i),
				Headers: http.Header{"Accept": {"application/json"}}},
			Response: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Type": {"application/json"}},
				Body:    []byte(fmt.Sprintf(`{"id":%d,"name":"item %d"}`, i, i))},
		}
	}
	return ins
}

// Fill puts ins in st.
func Fill(b *testing.B, st store.Store, ins []*cassette.Interaction) {
	b.Helper()
	for _, in := range ins {
		if _, err := st.Put(context.Background(), store.Key(in.Request.Method, in.Request.URL), in, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// offline is the real transport of a benchmark: a hit never reaches it.
type offline struct{}

func (offline) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("the benchmark missed: %s %s reached the network", req.Method, req.URL)
}

// Hit measures GETs of ins's URLs, in turn, through a Recorder with AsCache
// and opts (WithStore, or WithFS for the cassette file), each a hit.
func Hit(b *testing.B, ins []*cassette.Interaction, opts ...recorder.Option) {
	b.Helper()
	rec, err := recorder.Open("bench", append([]recorder.Option{recorder.AsCache(), recorder.WithTransport(offline{})}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	defer rec.Close()
	reqs := make([]*http.Request, len(ins))
	for i, in := range ins {
		if reqs[i], err = http.NewRequest(in.Request.Method, in.Request.URL, nil); err != nil {
			b.Fatal(err)
		}
		reqs[i].Header = in.Request.Headers.Clone()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := rec.RoundTrip(reqs[i%len(reqs)])
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// Cassette saves ins as bench.yaml in a memory filesystem, for Hit's
// comparison with the cassette file.
func Cassette(b *testing.B, ins []*cassette.Interaction) afero.Fs {
	b.Helper()
	fsys := afero.NewMemMapFs()
	if err := cassette.Save(fsys, "bench.yaml", &cassette.Cassette{Version: cassette.Version, Interactions: ins}); err != nil {
		b.Fatal(err)
	}
	return fsys
}

// Put measures one Put of the same interaction to st, over and over.
func Put(b *testing.B, st store.Store, in *cassette.Interaction) {
	b.Helper()
	ctx := context.Background()
	key := store.Key(in.Request.Method, in.Request.URL)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := st.Put(ctx, key, in, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// HitVersus runs Hit over 1,000 entries in the store open gives (filled
// first through a first store of its own, then opened again for the
// Recorder), as sub-benchmark "store=NAME", and over the same interactions
// in a cassette file, as "store=yaml", in one run.
func HitVersus(b *testing.B, name string, open func() (store.Store, error)) {
	ins := Interactions(1000)
	b.Run("store="+name, func(b *testing.B) {
		st, err := open()
		if err != nil {
			b.Fatal(err)
		}
		Fill(b, st, ins)
		st.Close()
		Hit(b, ins, recorder.WithStore(open()))
	})
	b.Run("store=yaml", func(b *testing.B) {
		Hit(b, ins, recorder.WithFS(Cassette(b, ins)))
	})
}
