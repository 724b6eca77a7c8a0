module github.com/tapedeck/recorder/cmd/tapedeck/testdata/govcr2gen

go 1.24

require github.com/dnaeon/go-vcr/v2 v2.1.0

require gopkg.in/yaml.v3 v3.0.1 // indirect
