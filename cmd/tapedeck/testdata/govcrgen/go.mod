module github.com/tapedeck/recorder/cmd/tapedeck/testdata/govcrgen

go 1.24

require gopkg.in/dnaeon/go-vcr.v4 v4.0.7

require go.yaml.in/yaml/v4 v4.0.0-rc.6 // indirect
