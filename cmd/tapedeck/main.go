// Command tapedeck works with tapedeck cassettes outside of tests: it lists
// and shows them, checks them in CI, prunes and migrates them, converts
// go-vcr cassettes and HAR files to and from them, and serves them over
// HTTP to programs written in any language.
//
// Install it with
//
//	go install github.com/tapedeck/recorder/cmd/tapedeck@latest
//
// Usage:
//
//	tapedeck ls [flags] [PATH...]          list interactions: method, URL, status, size, age, staleness
//	tapedeck show [flags] FILE [N]         print interaction N (or all) with headers and bodies
//	tapedeck check [flags] [PATH...]       report what would break or leak; exit 1 on problems (for CI)
//	tapedeck prune [flags] [PATH...]       remove stale interactions or exact duplicates
//	tapedeck migrate [flags] [PATH...]     rewrite cassettes in the current format
//	tapedeck import --from go-vcr|har FILE...   convert go-vcr cassettes or HAR files
//	tapedeck export --to har FILE...       write cassettes as HAR 1.2
//	tapedeck serve [flags] CASSETTE...     answer HTTP requests from cassettes
//	tapedeck verify [flags] PATH...        send recorded requests to the live API; report drift by JSON path
//	tapedeck diff [flags] OLD NEW          compare two versions of a cassette by meaning
//	tapedeck explain [flags] CASSETTE URL  say which interaction answers a request, and why others do not
//	tapedeck redact [flags] PATH...        redact recorded cassettes in place, keeping them matchable
//	tapedeck help [COMMAND]                print help; every command also takes --help
//
// A PATH is a cassette file or a directory, searched recursively for
// cassettes (YAML files with an "interactions:" line, leaving out
// directories whose names start with "." and vendor and node_modules);
// the default is ".". Flags may come before or after the paths, and take
// one dash or two (-json or --json).
//
// Exit status: 0 when all went well, 1 when problems were found or an
// operation failed (a cassette that does not parse, a secret, a stale
// interaction under check, a file that cannot be written), 2 for a usage
// error (an unknown command or flag, a missing argument).
//
// Run "tapedeck help COMMAND" for the flags of a command and an example.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], newEnv()))
}
