import json

from wit_world import exports

# componentize-py calls each method on a new Machine instance: the state lives in the module, not in `self`.
total = 0


class Machine(exports.Machine):
    def init(self) -> None:
        global total
        total = 0

    def append(self, event: bytes) -> None:
        global total
        try:
            parsed = json.loads(event)
        except ValueError:
            return  # views may ignore events they do not understand
        if isinstance(parsed.get("inc"), int):
            total += parsed["inc"]
        if isinstance(parsed.get("dec"), int):
            total -= parsed["dec"]

    def query(self, input: bytes) -> bytes:
        return json.dumps({"total": total}, separators=(",", ":")).encode()

    def snapshot(self) -> bytes:
        return self.query(b"")

    def restore(self, snapshot: bytes) -> None:
        global total
        total = json.loads(snapshot)["total"]
