// Package sdktest checks that tapedeck records and replays the traffic of
// real SDKs with no configuration, against loopback stand-ins of their APIs
// written in the tests. It is a module of its own so that the main module
// does not depend on the SDKs.
package sdktest
