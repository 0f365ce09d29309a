// Primatomic's counter view (primatomic:counter) in Go, for TinyGo: folds {"inc": n} and {"dec": n} into a total.
//
// The bindings in internal/ are generated from wit/ (run `go generate` once, and again when the WIT changes).
// TinyGo's wasip2 output imports WASI, which Primatomic does not provide: the action reports it (see the README).
//
//go:generate go run go.bytecodealliance.org/cmd/wit-bindgen-go generate --world state-machine --out internal ./wit
package main

import (
	"strconv"
	"strings"

	"counter/internal/primatomic/machine/machine"

	"go.bytecodealliance.org/cm"
)

var total int64

// change reads {"inc": n} as n and {"dec": n} as -n; anything else is ignored.
func change(event string) (int64, bool) {
	body, ok := strings.CutPrefix(strings.TrimSpace(event), "{")
	if !ok {
		return 0, false
	}
	body, ok = strings.CutSuffix(body, "}")
	if !ok {
		return 0, false
	}
	key, value, ok := strings.Cut(body, ":")
	if !ok {
		return 0, false
	}
	amount, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		return 0, false
	}
	switch strings.TrimSpace(key) {
	case `"inc"`:
		return amount, true
	case `"dec"`:
		return -amount, true
	}
	return 0, false
}

func state() cm.List[uint8] {
	return cm.ToList([]byte(`{"total":` + strconv.FormatInt(total, 10) + `}`))
}

func init() {
	machine.Exports.Init = func() { total = 0 }
	machine.Exports.Append = func(event cm.List[uint8]) {
		if delta, ok := change(string(event.Slice())); ok {
			total += delta
		}
	}
	machine.Exports.Query = func(input cm.List[uint8]) cm.List[uint8] { return state() }
	machine.Exports.Snapshot = func() cm.List[uint8] { return state() }
	machine.Exports.Restore = func(snapshot cm.List[uint8]) {
		text := strings.TrimSuffix(strings.TrimPrefix(string(snapshot.Slice()), `{"total":`), "}")
		restored, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			panic("restore: not a snapshot written by snapshot(): " + err.Error())
		}
		total = restored
	}
}

func main() {}
