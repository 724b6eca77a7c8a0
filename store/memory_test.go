package store_test

import (
	"testing"

	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return store.NewMemory() })
}
