package recorder_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/spf13/afero"
	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// streamCassette is a recorded stream of server-sent events, as a
// cassette stores it: one event per item, with when it arrived.
const streamCassette = `version: 1
interactions:
  - recorded_at: 2026-11-23T18:00:00Z
    duration: 40ms
    request:
      method: POST
      url: https://llm.example.test/v1/chat
    response:
      code: 200
      headers:
        Content-Type: [text/event-stream]
      body_format: sse
      events:
        - at: 0s
          text: |
            data: {"token":"Hel"}
        - at: 20ms
          text: |
            data: {"token":"lo"}
        - at: 40ms
          text: |
            data: [DONE]
`

// A replayed text/event-stream comes one event per Read, as the server
// sent it; under WithLatency each event comes at the time it was recorded
// (times the fraction), so code that reacts to the first token can be
// tested. Without WithLatency the events come at once, still one per Read.
func ExampleWithLatency_stream() {
	fsys := afero.NewMemMapFs()
	if err := afero.WriteFile(fsys, "fixtures/chat.yaml", []byte(streamCassette), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	rec, err := recorder.Open("fixtures/chat", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay), recorder.WithLatency(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	start := time.Now()
	resp, err := rec.Client().Post("https://llm.example.test/v1/chat", "application/json", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			fmt.Printf("%q\n", buf[:n])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("the last event after at least 40ms:", time.Since(start) >= 40*time.Millisecond)
	// Output:
	// "data: {\"token\":\"Hel\"}\n\n"
	// "data: {\"token\":\"lo\"}\n\n"
	// "data: [DONE]\n\n"
	// the last event after at least 40ms: true
}

// A body larger than the WithBodyFiles threshold is written to a body file
// beside the cassette as it streams, and replayed from there.
func ExampleWithBodyFiles() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(bytes.Repeat([]byte("frame "), 1000)) // 6,000 bytes
	}))
	defer srv.Close()
	fsys := afero.NewMemMapFs()
	rec, err := recorder.Open("fixtures/video", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(srv.Client().Transport), recorder.WithBodyFiles(4096))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := rec.Client().Get(srv.URL + "/video.mp4")
	if err != nil {
		log.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	rec.Close()
	fmt.Println("recorded", n, "bytes")

	c, _ := cassette.Load(fsys, "fixtures/video.yaml")
	rs := c.Interactions[0].Response
	fmt.Println(cassette.BodyPath("fixtures/video.yaml", &rs)[:35]+"...", rs.BodySize)

	rec, _ = recorder.Open("fixtures/video", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay))
	defer rec.Close()
	resp, err = rec.Client().Get(srv.URL + "/video.mp4")
	if err != nil {
		log.Fatal(err)
	}
	n, err = io.Copy(io.Discard, resp.Body) // from the body file, checked
	resp.Body.Close()
	fmt.Println("replayed", n, "bytes", err)
	// Output:
	// recorded 6000 bytes
	// fixtures/video.bodies/03e7bd1ad1ed7... 6000
	// replayed 6000 bytes <nil>
}
