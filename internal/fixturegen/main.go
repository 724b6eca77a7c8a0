// Command fixturegen records the project's fixtures from the loopback API in
// internal/fixtureserver. Run it from the module root with go generate:
//
//	go generate .
//
// It starts the API on 127.0.0.1, routes the fixtures' host name to it, and
// re-records fixtures/example.yaml. Nothing leaves the machine.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/internal/fixtureserver"
)

func main() {
	out := flag.String("out", "fixtures/example", "cassette to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	srv := httptest.NewServer(fixtureserver.Handler())
	defer srv.Close()
	rec, err := recorder.Open(out,
		recorder.WithMode(recorder.ModeRerecord),
		recorder.WithTransport(fixtureserver.Transport(srv.Listener.Addr().String())))
	if err != nil {
		return err
	}
	if err := fixtureserver.Exercise(&http.Client{Transport: rec}); err != nil {
		rec.Close()
		return err
	}
	if err := rec.Close(); err != nil {
		return err
	}
	fmt.Println("fixturegen: wrote", out+".yaml")
	return nil
}
