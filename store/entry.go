package store

import "strconv"

// An EntryError reports an entry of a store that cannot be read. It names
// the store, the entry's ID and its key; Err says what is wrong and what to
// do (errors.Is(err, ErrNewerFormat) holds for an entry that a newer
// tapedeck wrote).
type EntryError struct {
	// Store names the store: a file path, a server address and key prefix.
	Store string
	// ID and Key are the entry's.
	ID  int64
	Key string
	// Err is what went wrong.
	Err error
}

// Error returns "store: entry ID (key): message".
func (e *EntryError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	where := "entry " + strconv.FormatInt(e.ID, 10)
	if e.Key != "" {
		where += " (" + e.Key + ")"
	}
	if e.Store != "" {
		where = e.Store + ": " + where
	}
	return where + ": " + msg
}

// Unwrap returns e.Err.
func (e *EntryError) Unwrap() error { return e.Err }

// DecodeEntry decodes data, the stored form of the entry with this ID and
// key in the store named storeName, into an Entry. It is Decode for
// backends: its errors are *EntryError, and like Decode the entry's bodies
// share data's memory.
func DecodeEntry(storeName string, id int64, key string, data []byte) (Entry, error) {
	in, err := Decode(data)
	if err != nil {
		return Entry{}, &EntryError{Store: storeName, ID: id, Key: key, Err: err}
	}
	return Entry{ID: id, Key: key, Interaction: in}, nil
}
