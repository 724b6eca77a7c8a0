// Package shell writes the commands that tapedeck prints for a person to
// run (go test -run '^TestX$' -update ./pkg, tapedeck prune ... FILE) so
// that a POSIX shell reads each argument back exactly.
package shell

import "strings"

// safe are the bytes an argument may hold and still need no quotes: no
// shell reads anything special into them, wherever they stand in a word.
const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@"

// Quote returns s as one argument for a POSIX shell: as it is when it holds
// only letters, digits and -_./=:@, so that commands stay readable, and in
// single quotes otherwise (a quote inside ends the quoted part, is escaped
// with a backslash and starts a new one).
func Quote(s string) string {
	if s != "" && strings.Trim(s, safe) == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
