// Package match decides whether a live HTTP request matches a recorded one,
// and when it does not, says why, field by field.
//
// A Matcher compares two requests and returns nil or a *Mismatch (or
// Mismatches, from All) listing each Difference with its path ("method",
// "query page", "header Accept", "body $.items[0].id") and both values. A
// recorder replays the first unused recording that its matcher accepts, and
// prints the mismatches of the closest recordings when none does.
//
// The rules:
//
//   - Default() is what a recorder uses unless told otherwise: Method, URL
//     and Body. URL leaves out the query parameters of request signing
//     (SigningParams: X-Amz-Date, X-Amz-Signature, ... of a presigned URL)
//     and those Default(IgnoreParams(...)) names. Body reads a body as its
//     Content-Type says: JSON as JSON (key order and white space do not
//     matter; every json, +json and -json type, such as DynamoDB's
//     application/x-amz-json-1.0), forms as sets of parameters, multipart
//     bodies part by part whatever the boundary, anything else byte for
//     byte, even when it parses as JSON.
//   - All combines matchers; the built-ins each compare one thing: Method,
//     URL, Scheme, Host, Path, Query, Headers, HeadersExcept, Body,
//     ExactBody, JSON, Form, Multipart, and Func for a rule of your own.
//   - A Keyer is a Matcher that can hash what it compares, so that a
//     recorder indexes recordings instead of comparing a live request with
//     each one; requests a Keyer matches always have equal keys. Every
//     built-in is a Keyer, and so is All. A Func is one when KeyOn names the
//     fields it relies on.
//
// Matching on method, path and query whatever the parameter order, ignoring
// a timestamp parameter, with JSON bodies compared without their ids:
//
//	m := match.All(
//		match.Method(), match.Host(), match.Path(),
//		match.Query(match.IgnoreParams("ts")),
//		match.JSON(match.IgnorePaths("$.id")),
//	)
//	rec := recorder.New(t, "fixtures/search", recorder.WithMatcher(m))
package match
