// Command counter is a Primatomic view: a running total of {"inc":n} and
// {"dec":n} events. The build adds the WebAssembly exports; the view is just
// the five functions below.
package main

import (
	"encoding/binary"
	"encoding/json"
	"strconv"
)

var total int64

// Init starts from an empty state.
func Init() { total = 0 }

// Append applies one event. Malformed events are ignored: the log is
// immutable, so a bad entry must not stop every later replay.
func Append(event []byte) {
	var e struct {
		Inc *int64 `json:"inc"`
		Dec *int64 `json:"dec"`
	}
	if json.Unmarshal(event, &e) != nil {
		return
	}
	if e.Inc != nil {
		total += *e.Inc
	}
	if e.Dec != nil {
		total -= *e.Dec
	}
}

// Query answers "total" with {"total":N}.
func Query(input []byte) []byte {
	if string(input) != "total" {
		return []byte(`{"error":"unknown query"}`)
	}
	out := strconv.AppendInt([]byte(`{"total":`), total, 10)
	return append(out, '}')
}

// Snapshot is the total as 8 bytes, little-endian.
func Snapshot() []byte { return binary.LittleEndian.AppendUint64(nil, uint64(total)) }

// Restore replaces the state; an empty snapshot means the initial state.
func Restore(snapshot []byte) {
	switch len(snapshot) {
	case 0:
		total = 0
	case 8:
		total = int64(binary.LittleEndian.Uint64(snapshot))
	default:
		panic("counter: a snapshot is 8 bytes, got " + strconv.Itoa(len(snapshot)))
	}
}
