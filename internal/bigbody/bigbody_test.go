// Package bigbody measures what recording a large streamed response
// costs: the peak memory of a process that records a 1 GiB chunked body
// through a Recorder, against the same client without one, and when the
// first byte reaches the client. Each run is a process of its own (the
// test binary, run again), so that peak RSS is that run's alone:
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/bigbody
//
// TAPEDECK_BIGBODY_MIB sets the size (default 1024).
package bigbody

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	recorder "github.com/tapedeck/recorder"
)

const envMode, envDir, envSize = "TAPEDECK_BIGBODY_MODE", "TAPEDECK_BIGBODY_DIR", "TAPEDECK_BIGBODY_MIB"

// result is what one run reports.
type result struct {
	FirstByte time.Duration
	Total     time.Duration // request to the end of the body
	Close     time.Duration // Close of the recorder: the scan and the save
	Bytes     int64
}

func TestMain(m *testing.M) {
	if mode := os.Getenv(envMode); mode != "" {
		res, err := run(mode, os.Getenv(envDir), size())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func size() int64 {
	mib, err := strconv.ParseInt(os.Getenv(envSize), 10, 64)
	if err != nil || mib <= 0 {
		mib = 1024
	}
	return mib << 20
}

// run serves n bytes, chunked, from a loopback server and reads them with
// a plain client ("direct") or through a Recorder recording into dir
// ("recorder").
func run(mode, dir string, n int64) (result, error) {
	piece := make([]byte, 32<<10)
	for i := range piece {
		piece[i] = byte(i * 7)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		for left := n; left > 0; left -= int64(len(piece)) {
			if _, err := w.Write(piece[:min(left, int64(len(piece)))]); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	client := srv.Client()
	var rec *recorder.Recorder
	if mode == "recorder" {
		var err error
		rec, err = recorder.Open(filepath.Join(dir, "big"), recorder.WithMode(recorder.ModeRecordMissing), recorder.WithTransport(srv.Client().Transport))
		if err != nil {
			return result{}, err
		}
		client = rec.Client()
	}
	var res result
	start := time.Now()
	resp, err := client.Get(srv.URL + "/download")
	if err != nil {
		return res, err
	}
	buf := make([]byte, 32<<10)
	for {
		k, err := resp.Body.Read(buf)
		if k > 0 && res.Bytes == 0 {
			res.FirstByte = time.Since(start)
		}
		res.Bytes += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, err
		}
	}
	resp.Body.Close()
	res.Total = time.Since(start)
	if rec != nil {
		closed := time.Now()
		if err := rec.Close(); err != nil {
			return res, err
		}
		res.Close = time.Since(closed)
	}
	if res.Bytes != n {
		return res, fmt.Errorf("read %d bytes, want %d", res.Bytes, n)
	}
	return res, nil
}

// measure runs mode in a process of its own and returns its result and
// peak RSS in MiB.
func measure(b *testing.B, mode string) (result, float64) {
	dir := b.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), envMode+"="+mode, envDir+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("%s: %v", mode, err)
	}
	var res result
	if err := json.Unmarshal(out, &res); err != nil {
		b.Fatalf("%s: %v: %s", mode, err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return res, float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// BenchmarkStream1GiB reports, for each way of reading the body, the peak
// RSS of the process, when the first byte arrived, and for the recorder
// the time Close took (the secret scan of the body file and the save).
func BenchmarkStream1GiB(b *testing.B) {
	for _, mode := range []string{"direct", "recorder"} {
		b.Run(mode, func(b *testing.B) {
			var rss, first, total, closing float64
			for range b.N {
				res, peak := measure(b, mode)
				rss += peak
				first += float64(res.FirstByte) / float64(time.Millisecond)
				total += res.Total.Seconds()
				closing += res.Close.Seconds()
			}
			n := float64(b.N)
			b.ReportMetric(rss/n, "peak-RSS-MiB")
			b.ReportMetric(first/n, "first-byte-ms")
			b.ReportMetric(total/n, "body-s")
			if mode == "recorder" {
				b.ReportMetric(closing/n, "close-s")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// TestStreamSmall runs the measurement on 8 MiB, in this process, so
// that the program the benchmark runs is tested: the recorder reads the
// whole body and saves it in a body file.
func TestStreamSmall(t *testing.T) {
	dir := t.TempDir()
	res, err := run("recorder", dir, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != 8<<20 {
		t.Fatalf("read %d bytes", res.Bytes)
	}
	names, err := os.ReadDir(filepath.Join(dir, "big.bodies"))
	if err != nil || len(names) != 1 {
		t.Fatalf("big.bodies holds %v (%v), want one body file", names, err)
	}
	if fi, _ := names[0].Info(); fi.Size() != 8<<20 {
		t.Errorf("the body file has %d bytes, want %d", fi.Size(), 8<<20)
	}
}
