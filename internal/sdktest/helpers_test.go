package sdktest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// freshEnvironment makes recorder.New decide its mode as on a developer's
// machine (ModeOnce: record when the cassette does not exist, replay when
// it does), whatever CI or TAPEDECK_MODE say where the tests run.
func freshEnvironment(t *testing.T) {
	t.Helper()
	t.Setenv("CI", "")
	t.Setenv("TAPEDECK_MODE", "")
}

// cassettePath returns where a test's cassette goes: a temporary
// directory, so that every run records anew and then replays.
func cassettePath(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(t.TempDir(), name)
}

// assertNotOnDisk fails the test when the cassette at path holds any of
// secrets (a secret access key, a session token, a signature).
func assertNotOnDisk(t *testing.T, path string, secrets map[string]string) {
	t.Helper()
	data, err := os.ReadFile(path + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	for what, s := range secrets {
		if s == "" {
			t.Errorf("no %s was captured to look for", what)
			continue
		}
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("the cassette holds the %s %.6s…:\n%s", what, s, data)
		}
	}
}

// decodeAWSChunked reads an unsigned aws-chunked body as S3 does, checking
// its trailing CRC32, and returns the payload.
func decodeAWSChunked(body []byte) ([]byte, error) {
	var payload []byte
	rest := body
	for {
		line, after, ok := bytes.Cut(rest, []byte("\r\n"))
		if !ok {
			return nil, fmt.Errorf("chunk header without CRLF")
		}
		n, err := strconv.ParseInt(string(line), 16, 64)
		if err != nil {
			return nil, fmt.Errorf("chunk length %q: %v", line, err)
		}
		rest = after
		if n == 0 {
			break
		}
		if int64(len(rest)) < n+2 {
			return nil, fmt.Errorf("short chunk")
		}
		payload = append(payload, rest[:n]...)
		rest = rest[n+2:]
	}
	trailer, _, ok := bytes.Cut(rest, []byte("\r\n"))
	if !ok {
		return nil, fmt.Errorf("no trailer")
	}
	name, value, _ := strings.Cut(string(trailer), ":")
	if name != "x-amz-checksum-crc32" {
		return nil, fmt.Errorf("trailer %q, want x-amz-checksum-crc32", name)
	}
	if want := crc32Base64(payload); value != want {
		return nil, fmt.Errorf("x-amz-checksum-crc32 %s, want %s", value, want)
	}
	return payload, nil
}

// crc32Base64 is S3's CRC32 checksum of b.
func crc32Base64(b []byte) string {
	return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(b)))
}
