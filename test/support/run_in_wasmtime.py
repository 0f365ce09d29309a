"""Runs a view component in wasmtime (PyPI `wasmtime`) with an EMPTY linker: a second runtime, independent of jco.

Reads {"events": [...], "queries": [...]} (text) on stdin; prints JSON: the component's imports, each query's
answer after the events, the snapshot, and each answer again in a fresh instance restored from that snapshot.
"""

import json
import sys

from wasmtime import Engine, Store
from wasmtime.component import Component, Linker

INTERFACE = "primatomic:machine/machine@0.0.1"


class View:
    """One instance's machine exports, as plain calls over bytes."""

    def __init__(self, engine, component):
        self._store = Store(engine)
        instance = Linker(engine).instantiate(self._store, component)  # the linker defines nothing
        interface = instance.get_export_index(self._store, INTERFACE)
        self._funcs = {
            name: instance.get_func(self._store, instance.get_export_index(self._store, name, interface))
            for name in ("init", "append", "query", "snapshot", "restore")
        }

    def call(self, name, *args):
        func = self._funcs[name]
        result = func(self._store, *args)
        func.post_return(self._store)
        return result


def main(path):
    request = json.load(sys.stdin)
    engine = Engine()
    component = Component.from_file(engine, path)
    imports = list(component.type.imports(engine))
    view = View(engine, component)
    view.call("init")
    for event in request["events"]:
        view.call("append", event.encode())
    answers = [view.call("query", query.encode()).decode() for query in request["queries"]]
    snapshot = view.call("snapshot")
    restored = View(engine, component)
    restored.call("init")
    restored.call("restore", snapshot)
    again = [restored.call("query", query.encode()).decode() for query in request["queries"]]
    json.dump({"imports": imports, "answers": answers, "snapshot": snapshot.hex(), "restoredAnswers": again}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
