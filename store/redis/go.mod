module github.com/tapedeck/recorder/store/redis

go 1.24

require (
	github.com/redis/go-redis/v9 v9.22.0
	github.com/tapedeck/recorder v0.0.0
	gotest.tools/v3 v3.5.2
)

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	github.com/bmatcuk/doublestar/v4 v4.10.4 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/spf13/afero v1.15.0 // indirect
	go.uber.org/atomic v1.11.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sys v0.30.0 // indirect
	golang.org/x/text v0.28.0 // indirect
)

replace github.com/tapedeck/recorder => ../..
