module github.com/tapedeck/recorder/internal/loadbench

go 1.24

require (
	github.com/spf13/afero v1.15.0
	github.com/tapedeck/recorder v0.0.0
)

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	go.yaml.in/yaml/v4 v4.0.0
	golang.org/x/text v0.28.0 // indirect
	gopkg.in/dnaeon/go-vcr.v4 v4.0.8
)

replace github.com/tapedeck/recorder => ../..
