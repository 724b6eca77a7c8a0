package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/andybalholm/brotli"
	"gotest.tools/v3/assert"
)

func TestBrotliWindow(t *testing.T) {
	text := bytes.Repeat([]byte("brotli window "), 100)
	for level := brotli.BestSpeed; level <= brotli.BestCompression; level++ {
		wire, err := brotliCodec.encode(text, level)
		assert.NilError(t, err)
		assert.Equal(t, brotliWindow(wire), goBrotliWindow, "level %d", level)
	}
	for lgwin := 10; lgwin <= 24; lgwin++ {
		t.Run(fmt.Sprint("lgwin ", lgwin), func(t *testing.T) {
			var buf bytes.Buffer
			w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 5, LGWin: lgwin})
			_, err := w.Write(text)
			assert.NilError(t, err)
			assert.NilError(t, w.Close())
			assert.Equal(t, brotliWindow(buf.Bytes()), lgwin)
		})
	}
	assert.Equal(t, brotliWindow(nil), 0)
}

func TestLevels(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *codec
		size int
		want []int
	}{
		{"gzip", gzipCodec, 1000, []int{-1, 0, 1, 2, 3, 4, 5, 7, 8, 9}},
		{"gzip over 1 MiB", gzipCodec, searchLimit + 1, []int{-1}},
		{"deflate", deflateCodec, searchLimit, []int{-1, 0, 1, 2, 3, 4, 5, 7, 8, 9}},
		{"br", brotliCodec, slowLimit, []int{6, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11}},
		{"br over 256 KiB", brotliCodec, slowLimit + 1, []int{6, 0, 1, 2, 3, 4, 5, 7, 8, 9}},
		{"br over 1 MiB", brotliCodec, searchLimit + 1, []int{6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, tc.c.levels(tc.size), tc.want)
		})
	}
}

func TestDecodeLimit(t *testing.T) {
	for _, c := range []*codec{gzipCodec, deflateCodec, brotliCodec} {
		t.Run(c.name, func(t *testing.T) {
			wire, err := c.encode(make([]byte, 1000), c.defaultLevel)
			assert.NilError(t, err)
			plain, err := c.decode(wire, 1000)
			assert.NilError(t, err)
			assert.Equal(t, len(plain), 1000)
			_, err = c.decode(wire, 999)
			assert.Assert(t, errors.Is(err, errTooLarge), "got %v, want errTooLarge", err)
		})
	}
}
