package main

import (
	"flag"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"
)

func TestHelp(t *testing.T) {
	r := tapedeck(t, ".", "help")
	expect(t, r, exitOK)
	golden.Assert(t, r.stdout, "help.golden")
}

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.Name(), func(t *testing.T) {
			for _, args := range [][]string{{c.Name(), "--help"}, {c.Name(), "-h"}, {"help", c.Name()}} {
				r := tapedeck(t, ".", args...)
				expect(t, r, exitOK)
				assert.Assert(t, strings.HasPrefix(r.stdout, "usage: tapedeck "+c.Name()), "%q:\n%s", args, r.stdout)
				assert.Assert(t, strings.Contains(r.stdout, "\nExample:\n\n\t$ tapedeck "+c.Name()), "%q:\n%s", args, r.stdout)
				assert.Assert(t, strings.Contains(r.stdout, "Exit status: 0 ok, 1 problems found"), "%q:\n%s", args, r.stdout)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "no command", args: nil, want: "Commands:"},
		{name: "unknown command", args: []string{"frobnicate"}, want: `tapedeck: unknown command "frobnicate"`},
		{name: "help for an unknown command", args: []string{"help", "frobnicate"}, want: `unknown command "frobnicate"`},
		{name: "unknown flag", args: []string{"ls", "--colour"}, want: "tapedeck ls: flag provided but not defined: -colour\nusage: tapedeck ls"},
		{name: "bad expiration", args: []string{"ls", "--expire-after", "soon"}, want: `--expire-after: bad expiration "soon"`},
		{name: "bad rule", args: []string{"check", "--expire-url", "24h"}, want: `--expire-url: expiry rule "24h": no "=": write pattern=expiration`},
		{name: "rule with a scheme", args: []string{"check", "--expire-url", "https://api.example.com/*=1h"}, want: `patterns match the URL without its scheme`},
		{name: "bad now", args: []string{"ls", "--now", "tomorrow"}, want: `--now "tomorrow": not an RFC 3339 time`},
		{name: "bad format", args: []string{"check", "--format", "junit"}, want: `--format "junit": use text or github`},
		{name: "show without a file", args: []string{"show"}, want: "want a cassette file"},
		{name: "prune without a criterion", args: []string{"prune", "."}, want: "say what to remove"},
		{name: "import without --from", args: []string{"import", "x.har"}, want: "--from go-vcr or --from har"},
		{name: "import from an unknown format", args: []string{"import", "--from", "vcrpy", "x.yaml"}, want: `--from "vcrpy": use go-vcr or har`},
		{name: "import without files", args: []string{"import", "--from", "har"}, want: "name the file(s) to import"},
		{name: "export without --to", args: []string{"export", "x.yaml"}, want: "--to har"},
		{name: "-o with several inputs", args: []string{"export", "--to", "har", "-o", "out.har", "a.yaml", "b.yaml"}, want: "with 2 inputs, -o must be a directory"},
		{name: "serve without cassettes", args: []string{"serve"}, want: "name the cassette(s) to serve"},
		{name: "record without upstream", args: []string{"serve", "--record", "x.yaml"}, want: "name it with --upstream URL"},
		{name: "bad upstream", args: []string{"serve", "--upstream", "api.example.com", "x.yaml"}, want: "want an http or https URL"},
		{name: "bad redaction pattern", args: []string{"import", "--from", "har", "--redact-pattern", "(", "x.har"}, want: `--redact-pattern "("`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tapedeck(t, t.TempDir(), tt.args...)
			expect(t, r, exitUsage)
			assert.Assert(t, strings.Contains(r.stderr, tt.want), "stderr:\n%s", r.stderr)
		})
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantPos  []string
		wantJSON bool
		wantN    string
	}{
		{name: "flags first", args: []string{"--json", "-n", "3", "a", "b"}, wantPos: []string{"a", "b"}, wantJSON: true, wantN: "3"},
		{name: "flags after", args: []string{"a", "--json", "b", "-n=4"}, wantPos: []string{"a", "b"}, wantJSON: true, wantN: "4"},
		{name: "no flags", args: []string{"a"}, wantPos: []string{"a"}},
		{name: "double dash", args: []string{"a", "--", "--json"}, wantPos: []string{"a", "--json"}},
		{name: "nothing", args: nil, wantPos: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "")
			n := fs.String("n", "", "")
			pos, err := parseArgs(fs, tt.args)
			assert.NilError(t, err)
			assert.DeepEqual(t, pos, tt.wantPos)
			assert.Equal(t, *asJSON, tt.wantJSON)
			assert.Equal(t, *n, tt.wantN)
		})
	}
}
