package recorder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// TestRecordStreamsAsItArrives records an event stream whose server sends
// the second event only once the client has read the first: the client
// reads the response as it arrives, and the whole stream is recorded.
func TestRecordStreamsAsItArrives(t *testing.T) {
	gotFirst := make(chan struct{})
	var waited atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, streamEvents[0])
		w.(http.Flusher).Flush()
		select {
		case <-gotFirst:
		case <-time.After(5 * time.Second):
			waited.Store(true) // the recorder waited for the whole body
		}
		io.WriteString(w, streamEvents[1]+streamEvents[2])
	}))
	defer srv.Close()
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL + "/v1/chat")
	assert.NilError(t, err)
	first := make([]byte, len(streamEvents[0]))
	_, err = io.ReadFull(resp.Body, first)
	assert.NilError(t, err)
	assert.Equal(t, string(first), streamEvents[0])
	assert.Assert(t, !waited.Load(), "the client got the first event only after the server had sent the last")
	if _, ok := Info(resp); !ok {
		t.Error("Info does not know a response being recorded")
	}
	close(gotFirst)
	rest, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	assert.Equal(t, string(rest), streamEvents[1]+streamEvents[2])
	resp.Body.Close()
	if info, _ := Info(resp); info.RecordedAt.IsZero() {
		t.Error("Info of a recorded stream read to its end has no RecordedAt")
	}
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), 1)
	assert.Equal(t, string(c.Interactions[0].Response.Body), strings.Join(streamEvents, ""))
	assert.Equal(t, len(c.Interactions[0].Response.EventTimes), 3)
}

// recordGet records a GET of srv into the cassette path, reading the
// body to its end, and returns what Close returns.
func recordGet(t *testing.T, fsys afero.Fs, path string, srv *httptest.Server, opts ...Option) error {
	t.Helper()
	rec, err := Open(path, append([]Option{WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport)}, opts...)...)
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL)
	assert.NilError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return rec.Close()
}

// bigServer serves size bytes of a pattern, with a Content-Length unless
// chunked, and the same body every time.
func bigServer(t *testing.T, size int, chunked bool) (*httptest.Server, []byte) {
	body := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if !chunked {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, body
}

// TestRecordBodyFile records a body above the threshold into a body file,
// and replays it from there, offline, byte for byte.
func TestRecordBodyFile(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		t.Run("chunked="+strconv.FormatBool(chunked), func(t *testing.T) {
			srv, body := bigServer(t, 3<<20, chunked)
			fsys := afero.NewMemMapFs()
			rec, err := Open("fixtures/big", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
			assert.NilError(t, err)
			resp, err := rec.Client().Get(srv.URL + "/download")
			assert.NilError(t, err)
			got, err := io.ReadAll(resp.Body)
			assert.NilError(t, err)
			resp.Body.Close()
			assert.Assert(t, bytes.Equal(got, body))
			assert.NilError(t, rec.Close())

			c, err := cassette.Load(fsys, "fixtures/big.yaml")
			assert.NilError(t, err)
			rs := c.Interactions[0].Response
			sum := sha256.Sum256(body)
			assert.Equal(t, rs.BodyFile, hex.EncodeToString(sum[:]))
			assert.Equal(t, rs.BodySize, int64(len(body)))
			assert.Assert(t, rs.Body == nil && rs.Chunks == nil)
			stored, err := afero.ReadFile(fsys, "fixtures/big.bodies/"+rs.BodyFile)
			assert.NilError(t, err)
			assert.Assert(t, bytes.Equal(stored, body))

			rec, err = Open("fixtures/big", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
			assert.NilError(t, err)
			resp, err = rec.Client().Get(srv.URL + "/download")
			assert.NilError(t, err)
			if chunked {
				assert.Equal(t, resp.ContentLength, int64(-1))
			} else {
				assert.Equal(t, resp.ContentLength, int64(len(body)))
			}
			got, err = io.ReadAll(resp.Body)
			assert.NilError(t, err)
			resp.Body.Close()
			assert.Assert(t, bytes.Equal(got, body), "replayed %d bytes, want the %d recorded", len(got), len(body))
			assert.NilError(t, rec.Close())
		})
	}
}

// TestRecordBodyFileThreshold keeps a 3 MiB body in the cassette when the
// threshold is raised, and a 2 KiB one in a body file when it is lowered.
func TestRecordBodyFileThreshold(t *testing.T) {
	for _, tc := range []struct {
		size      int
		threshold int64
		file      bool
	}{{3 << 20, 4 << 20, false}, {3 << 20, -1, false}, {2048, 1024, true}, {2048, 4096, false}} {
		srv, _ := bigServer(t, tc.size, false)
		fsys := afero.NewMemMapFs()
		assert.NilError(t, recordGet(t, fsys, "c", srv, WithBodyFiles(tc.threshold)))
		c, err := cassette.Load(fsys, "c.yaml")
		assert.NilError(t, err)
		if got := c.Interactions[0].Response.BodyFile != ""; got != tc.file {
			t.Errorf("%d bytes, WithBodyFiles(%d): in a body file %v, want %v", tc.size, tc.threshold, got, tc.file)
		}
	}
}

// TestRecordClosedEarly: a client that stops reading a long body, or an
// event stream, leaves nothing recorded, no body file, and a log line
// that says why; one that stops reading a small body still records it.
func TestRecordClosedEarly(t *testing.T) {
	for _, tc := range []struct {
		name     string
		size     int
		read     int
		events   bool
		recorded bool
		why      string
	}{
		{"large body", 8 << 20, 2 << 20, false, false, "the client closed the body after 2097152 bytes of 8388608 (more than 1048576 bytes were left)"},
		{"event stream", 0, 5, true, false, "the client closed the body after 5 bytes (an event stream is not read on)"},
		{"small body unread", 64 << 10, 0, false, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var srv *httptest.Server
			if tc.events {
				srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/event-stream")
					io.WriteString(w, streamEvents[0])
					w.(http.Flusher).Flush()
					<-r.Context().Done() // a stream that does not end
				}))
				t.Cleanup(srv.Close)
			} else {
				srv, _ = bigServer(t, tc.size, false)
			}
			fsys := afero.NewMemMapFs()
			var log logs
			rec, err := Open("fixtures/c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport), WithLogger(log.Logf))
			assert.NilError(t, err)
			resp, err := rec.Client().Get(srv.URL + "/x")
			assert.NilError(t, err)
			_, err = io.ReadFull(resp.Body, make([]byte, tc.read))
			assert.NilError(t, err)
			assert.NilError(t, resp.Body.Close())
			assert.NilError(t, rec.Close())
			_, err = fsys.Stat("fixtures/c.yaml")
			if saved := err == nil; saved != tc.recorded {
				t.Fatalf("cassette saved: %v, want %v (%v)", saved, tc.recorded, log.all())
			}
			if tc.recorded {
				return
			}
			want := "tapedeck: not recorded: GET " + srv.URL + "/x\n  fixtures/c.yaml: " + tc.why + "; read it to the end to record it"
			assert.DeepEqual(t, log.all(), []string{want})
			names, _ := afero.ReadDir(fsys, "fixtures/c.bodies")
			assert.Equal(t, len(names), 0, "the body directory keeps %v", names)
		})
	}
}

// TestRecordReadFails: a connection that breaks in the middle of a body
// gives the client the error, and records nothing.
func TestRecordReadFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(bytes.Repeat([]byte("x"), 8192))
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	}))
	defer srv.Close()
	fsys := afero.NewMemMapFs()
	var log logs
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport), WithLogger(log.Logf))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL)
	assert.NilError(t, err)
	_, err = io.ReadAll(resp.Body)
	assert.Assert(t, err != nil, "the client did not see the broken connection")
	resp.Body.Close()
	assert.NilError(t, rec.Close())
	_, err = fsys.Stat("c.yaml")
	assert.Assert(t, err != nil, "a broken body was saved")
	assert.Equal(t, len(log.all()), 1)
	assert.Assert(t, strings.Contains(log.all()[0], "reading it failed after 8192 bytes"), log.all()[0])
}

// TestRecordOpenStreamAtClose: a stream still open when the recorder
// closes is not recorded, and the log says so; the client can read on.
func TestRecordOpenStreamAtClose(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, streamEvents[0])
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, streamEvents[1])
	}))
	defer srv.Close()
	defer close(release)
	fsys := afero.NewMemMapFs()
	var log logs
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport), WithLogger(log.Logf))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL)
	assert.NilError(t, err)
	_, err = io.ReadFull(resp.Body, make([]byte, 5))
	assert.NilError(t, err)
	assert.NilError(t, rec.Close())
	assert.Equal(t, len(log.all()), 1)
	assert.Assert(t, strings.Contains(log.all()[0], "the recorder was closed after 5 bytes of the body had been read"), log.all()[0])
	release <- struct{}{}
	rest, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	assert.Equal(t, string(rest), streamEvents[0][5:]+streamEvents[1])
	resp.Body.Close()
	_, err = fsys.Stat("c.yaml")
	assert.Assert(t, err != nil, "the cassette was saved")
}

// TestBodyFileSecret: a token in a body file refuses the save, as in any
// body.
func TestBodyFileSecret(t *testing.T) {
	body := strings.Repeat("log line\n", 300000) + "token=ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	fsys := afero.NewMemMapFs()
	err := recordGet(t, fsys, "c", srv)
	var se *SecretError
	assert.Assert(t, errors.As(err, &se), "Close: %v", err)
	assert.Assert(t, strings.Contains(err.Error(), "GitHub token"), err.Error())
	_, err = fsys.Stat("c.yaml")
	assert.Assert(t, err != nil, "the cassette was saved")
}

// TestReplayDamagedBodyFile: a body file changed after recording fails
// the read at its end, naming the file and the fix.
func TestReplayDamagedBodyFile(t *testing.T) {
	srv, body := bigServer(t, 2<<20, false)
	fsys := afero.NewMemMapFs()
	assert.NilError(t, recordGet(t, fsys, "c", srv))
	sum := sha256.Sum256(body)
	p := "c.bodies/" + hex.EncodeToString(sum[:])
	damaged := bytes.Clone(body)
	damaged[100] = '!'
	assert.NilError(t, afero.WriteFile(fsys, p, damaged, 0o644))

	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	defer rec.Close()
	resp, err := rec.Client().Get(srv.URL)
	assert.NilError(t, err)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.ErrorContains(t, err, p+" does not hold the bytes whose SHA-256 names it")
}

// TestRecordStreamHookFails: an AfterCapture hook that fails on a response
// recorded as it arrives fails the test, and the body's last Read returns
// its error; nothing is recorded.
func TestRecordStreamHookFails(t *testing.T) {
	srv, _ := bigServer(t, 64<<10, true)
	fsys := afero.NewMemMapFs()
	ft := &fakeT{name: "TestX"}
	rec, fatal := newFake(ft, "c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport),
		AfterCapture(func(*cassette.Interaction) error { return errors.New("no thanks") }))
	assert.Equal(t, fatal, "")
	resp, err := rec.Client().Get(srv.URL + "/x")
	assert.NilError(t, err)
	_, err = io.ReadAll(resp.Body)
	assert.ErrorContains(t, err, "an AfterCapture hook failed, so the interaction was not recorded: no thanks")
	resp.Body.Close()
	ft.finish()
	assert.Equal(t, len(ft.errors), 1)
	assert.Assert(t, strings.Contains(ft.errors[0], "no thanks"), ft.errors[0])
	_, err = fsys.Stat("c.yaml")
	assert.Assert(t, err != nil, "the cassette was saved")
}

// TestNotRecordedNoteIsRedacted: the log line about a response not
// recorded shows the request as the cassette would, secrets redacted.
func TestNotRecordedNoteIsRedacted(t *testing.T) {
	srv, _ := bigServer(t, 8<<20, false)
	var log logs
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport), WithLogger(log.Logf))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL + "/x?access_token=s3cr3t-value")
	assert.NilError(t, err)
	resp.Body.Close()
	assert.NilError(t, rec.Close())
	assert.Equal(t, len(log.all()), 1)
	line := log.all()[0]
	assert.Assert(t, !strings.Contains(line, "s3cr3t") && strings.Contains(line, "access_token=REDACTED"), line)
}
