// This module runs the cache-tests cases through github.com/gregjones/httpcache
// for comparison, so that the main module does not depend on it.
module github.com/tapedeck/recorder/internal/cachetests/httpcache

go 1.26

replace github.com/tapedeck/recorder => ../../..

require (
	github.com/gregjones/httpcache v0.0.0-20190611155906-901d90724c79
	github.com/tapedeck/recorder v0.0.0-00010101000000-000000000000
)

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	github.com/bmatcuk/doublestar/v4 v4.10.4 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/spf13/afero v1.15.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/text v0.28.0 // indirect
)
