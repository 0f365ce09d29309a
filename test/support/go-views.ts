/**
 * Go views written out at test time, as users write them: five plain functions in package main (the action adds
 * the exports), and the ways they go wrong. Built for real with the machine's Go.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { project } from './project.ts';
import { ROOT } from './run-action.ts';

const goMod = (module: string) => `module ${module}\n\ngo 1.24\n`;

/** A view the examples do not cover: stock per SKU in a map, answered and snapshotted as JSON (sorted keys). */
const INVENTORY = `// Package main is an inventory view: events {"sku":"apple","qty":3}; "stock:apple" answers
// {"sku":"apple","qty":3} and "stock" the whole map.
package main

import (
	"encoding/json"
	"strings"
)

var stock map[string]int

func Init() { stock = map[string]int{} }

func Append(event []byte) {
	var e struct {
		SKU string \`json:"sku"\`
		Qty int    \`json:"qty"\`
	}
	if json.Unmarshal(event, &e) != nil || e.SKU == "" {
		return
	}
	stock[e.SKU] += e.Qty
	if stock[e.SKU] == 0 {
		delete(stock, e.SKU)
	}
}

func Query(input []byte) []byte {
	if sku, ok := strings.CutPrefix(string(input), "stock:"); ok {
		answer, _ := json.Marshal(map[string]any{"sku": sku, "qty": stock[sku]})
		return answer
	}
	answer, _ := json.Marshal(stock) // encoding/json sorts map keys: the same bytes on every replay
	return answer
}

func Snapshot() []byte {
	snapshot, _ := json.Marshal(stock)
	return snapshot
}

func Restore(snapshot []byte) {
	stock = map[string]int{}
	_ = json.Unmarshal(snapshot, &stock)
}
`;

export const INVENTORY_EVENTS = [
  '{"sku":"apple","qty":5}',
  '{"sku":"pear","qty":2}',
  '{"sku":"apple","qty":-3}',
  '{"sku":"plum","qty":1}',
  '{"sku":"plum","qty":-1}',
  'not json',
];

export const INVENTORY_QUERIES = [
  { input: 'stock:apple', expect: '{"qty":2,"sku":"apple"}' },
  { input: 'stock', expect: '{"apple":2,"pear":2}' },
  { input: 'stock:plum', expect: '{"qty":0,"sku":"plum"}' },
];

export function inventoryView(): string {
  return project({
    'go.mod': goMod('example.com/inventory'),
    'inventory.go': INVENTORY,
    'test/events.ndjson': `${INVENTORY_EVENTS.join('\n')}\n`,
    'test/queries.jsonl': `${INVENTORY_QUERIES.map((query) => JSON.stringify(query)).join('\n')}\n`,
  });
}

/** The counter view of examples/go with one of its functions replaced by `replacement` (or removed). */
export function counterWith(name: string, replacement: string): string {
  const source = readFileSync(path.join(ROOT, 'examples/go/main.go'), 'utf8');
  const start = source.search(new RegExp(`^func ${name}\\(`, 'm'));
  const end = source.indexOf('\n}\n', start) + 3;
  const oneLine = source.indexOf('\n', start);
  const stop = source.slice(start, oneLine).endsWith('}') ? oneLine + 1 : end;
  return project({
    'go.mod': goMod('example.com/counter'),
    'main.go': source.slice(0, start) + replacement + source.slice(stop),
  });
}

/** A view that panics on {"boom":1}. */
export function panickingView(options: { floodMegabytes?: number } = {}): string {
  // A view may write a flood to stdout before it panics: the panic's words come last.
  const flood = options.floodMegabytes
    ? `\t\tchunk := make([]byte, 1<<20)\n\t\tfor i := 0; i < ${options.floodMegabytes}; i++ {\n` +
      '\t\t\tos.Stdout.Write(chunk)\n\t\t}\n'
    : '';
  return project({
    'go.mod': goMod('example.com/boom'),
    'main.go': `package main

import (
	"encoding/json"
	${flood ? '"os"\n\t' : ''}"strconv"
)

var count int

func Init() { count = 0 }

func Append(event []byte) {
	var e map[string]int
	if json.Unmarshal(event, &e) != nil {
		return
	}
	if e["boom"] != 0 {
${flood}		panic("boom event")
	}
	count++
}

func Query(input []byte) []byte { return []byte(strconv.Itoa(count)) }

func Snapshot() []byte { return []byte(strconv.Itoa(count)) }

func Restore(snapshot []byte) { count, _ = strconv.Atoi(string(snapshot)) }
`,
    'events.ndjson': '{"a":1}\n{"boom":1}\n',
  });
}

/** A view that imports a host function through //go:wasmimport. */
export function strayImportView(): string {
  return project({
    'go.mod': goMod('example.com/stray'),
    'main.go': `package main

var total int32

func Init() { total = 0 }

func Append(event []byte) { total += foo(int32(len(event))) }

func Query(input []byte) []byte { return []byte{byte(total)} }

func Snapshot() []byte { return nil }

func Restore(snapshot []byte) { total = 0 }
`,
    'host.go': 'package main\n\n//go:wasmimport env foo\nfunc foo(n int32) int32\n',
  });
}

/** A view whose own package (an SDK of its own) exports the machine with //go:wasmexport: built as it is. */
export function selfExportingView(): string {
  return project({
    'go.mod': goMod('example.com/sdkview'),
    'main.go': `package main

import (
	"strconv"

	"example.com/sdkview/machine"
)

type counter struct{ events int }

func (c *counter) Init()                     { c.events = 0 }
func (c *counter) Append(event []byte)       { c.events++ }
func (c *counter) Query(input []byte) []byte { return []byte(strconv.Itoa(c.events)) }
func (c *counter) Snapshot() []byte          { return []byte(strconv.Itoa(c.events)) }
func (c *counter) Restore(snapshot []byte)   { c.events, _ = strconv.Atoi(string(snapshot)) }

func init() { machine.Register(&counter{}) }
`,
    'machine/machine.go': `// Package machine exports the machine interface (canonical ABI) for a registered View.
package machine

import "unsafe"

type View interface {
	Init()
	Append(event []byte)
	Query(input []byte) []byte
	Snapshot() []byte
	Restore(snapshot []byte)
}

var view View

func Register(v View) { view = v }

var pinned = map[uint32][]byte{}
var retArea [2]uint32
var last []byte

//go:wasmexport cabi_realloc
func realloc(_, _, _, size uint32) uint32 {
	if size == 0 {
		return 1
	}
	buf := make([]byte, size)
	ptr := uint32(uintptr(unsafe.Pointer(&buf[0])))
	pinned[ptr] = buf
	return ptr
}

func take(ptr, size uint32) []byte {
	if size == 0 {
		return nil
	}
	buf := pinned[ptr]
	delete(pinned, ptr)
	return buf[:size]
}

func ret(b []byte) uint32 {
	last, retArea = b, [2]uint32{}
	if len(b) > 0 {
		retArea = [2]uint32{uint32(uintptr(unsafe.Pointer(&b[0]))), uint32(len(b))}
	}
	return uint32(uintptr(unsafe.Pointer(&retArea)))
}

//go:wasmexport primatomic:machine/machine@0.0.1#init
func initExport() { view.Init() }

//go:wasmexport primatomic:machine/machine@0.0.1#append
func appendExport(ptr, size uint32) { view.Append(take(ptr, size)) }

//go:wasmexport primatomic:machine/machine@0.0.1#query
func queryExport(ptr, size uint32) uint32 { return ret(view.Query(take(ptr, size))) }

//go:wasmexport cabi_post_primatomic:machine/machine@0.0.1#query
func postQuery(uint32) { last = nil }

//go:wasmexport primatomic:machine/machine@0.0.1#snapshot
func snapshotExport() uint32 { return ret(view.Snapshot()) }

//go:wasmexport cabi_post_primatomic:machine/machine@0.0.1#snapshot
func postSnapshot(uint32) { last = nil }

//go:wasmexport primatomic:machine/machine@0.0.1#restore
func restoreExport(ptr, size uint32) { view.Restore(take(ptr, size)) }
`,
  });
}

/**
 * A view whose query tells what WASI answered it (clock, sleep, randomness, files, environment), as its answer and
 * on stdout: the component's adapter and the JavaScript twin that explains traps must tell the same.
 */
export function probeView(): string {
  return project({
    'go.mod': goMod('example.com/probe'),
    'main.go': `package main

import (
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

func Init()               {}
func Append(event []byte) {}
func Snapshot() []byte    { return nil }
func Restore([]byte)      {}

func Query(input []byte) []byte {
	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	random := make([]byte, 8)
	crand.Read(random)
	_, readErr := os.ReadFile("/etc/hostname")
	answer, _ := json.Marshal(map[string]any{
		"now":     start.UTC().Format(time.RFC3339Nano),
		"slept":   time.Since(start).String(),
		"random":  hex.EncodeToString(random),
		"readErr": fmt.Sprint(readErr),
		"args":    len(os.Args),
		"env":     len(os.Environ()),
	})
	fmt.Println(string(answer))
	return answer
}
`,
  });
}
