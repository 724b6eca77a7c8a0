package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/drift"
)

// Package drift compares the bodies a cassette holds; a response whose
// body is in a body file has none there, so diff and verify compare those
// by body file instead: a body file is named by the SHA-256 of the body,
// so the same name is the same body.

// bodyIdentity is what stands for a response body in the comparison: its
// SHA-256 in hex (a body file's name) and its length; "" for no body.
type bodyIdentity struct {
	sum    string
	size   int64
	inFile bool
	live   bool // a live answer's, for verify
}

func identityOf(rs *cassette.Response) bodyIdentity {
	if rs.BodyFile != "" {
		return bodyIdentity{sum: rs.BodyFile, size: rs.BodySize, inFile: true}
	}
	if len(rs.Body) == 0 {
		return bodyIdentity{}
	}
	sum := sha256.Sum256(rs.Body)
	return bodyIdentity{sum: hex.EncodeToString(sum[:]), size: int64(len(rs.Body))}
}

// String describes the body for a change: "body file 62950baa55fd…,
// 1.1 GB", "512 B in the cassette", or "1.1 GB live".
func (b bodyIdentity) String() string {
	switch {
	case b.inFile:
		return fmt.Sprintf("body file %s, %s", short(b.sum), size(int(b.size)))
	case b.live:
		return size(int(b.size)) + " live"
	}
	return size(int(b.size)) + " in the cassette"
}

// isResponseBody reports whether a change is about the response body.
func isResponseBody(c drift.Change) bool {
	return c.Path == "response body" || strings.HasPrefix(c.Path, "response body ")
}

// bodyFileChanges returns changes (drift's, of a pair of responses at
// least one of which has its body in a body file) with what they say of
// the response body replaced by a comparison by body file. moved reports
// whether the bodies are the same, one in a body file and one in the
// cassette. values says whether a changed body counts (diff without
// --shape, verify --values); that a body was added or removed always does.
func bodyFileChanges(changes []drift.Change, old, new *cassette.Response, values bool) (out []drift.Change, moved bool) {
	return bodyChanges(changes, identityOf(old), identityOf(new), values)
}

// bodyChanges is bodyFileChanges for the bodies o and n.
func bodyChanges(changes []drift.Change, o, n bodyIdentity, values bool) (out []drift.Change, moved bool) {
	for _, c := range changes {
		if !isResponseBody(c) {
			out = append(out, c)
		}
	}
	switch {
	case o.sum == n.sum:
		return out, o.inFile != n.inFile
	case o.sum == "":
		return append(out, drift.Change{Kind: drift.Added, Path: "response body", New: n.String(), Count: 1}), false
	case n.sum == "":
		return append(out, drift.Change{Kind: drift.Removed, Path: "response body", Old: o.String(), Count: 1}), false
	case !values:
		return out, false
	case o.inFile && n.inFile:
		return append(out, drift.Change{Kind: drift.ValueChanged, Path: "response body file",
			Old: fmt.Sprintf("%s, %s", short(o.sum), size(int(o.size))), New: fmt.Sprintf("%s, %s", short(n.sum), size(int(n.size))), Count: 1}), false
	}
	return append(out, drift.Change{Kind: drift.ValueChanged, Path: "response body", Old: o.String(), New: n.String(), Count: 1}), false
}
