module github.com/tapedeck/recorder

go 1.24

require (
	github.com/andybalholm/brotli v1.2.8
	github.com/bmatcuk/doublestar/v4 v4.10.4
	github.com/google/go-cmp v0.7.0
	github.com/spf13/afero v1.15.0
	go.yaml.in/yaml/v3 v3.0.6
	gotest.tools/v3 v3.5.2
)

require golang.org/x/text v0.28.0 // indirect
