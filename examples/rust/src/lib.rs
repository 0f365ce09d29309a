//! Primatomic's counter view (primatomic:counter) in Rust: folds `{"inc": n}` and `{"dec": n}` into a total.
//! Built for `wasm32-unknown-unknown`, so the component imports nothing.
use std::cell::Cell;

wit_bindgen::generate!({ path: "wit", world: "state-machine" });

use exports::primatomic::machine::machine::Guest;

thread_local! {
    static TOTAL: Cell<i64> = const { Cell::new(0) };
}

/// `{"inc": n}` → n, `{"dec": n}` → -n; anything else is ignored (no JSON crate: a view stays small).
fn change(event: &str) -> Option<i64> {
    let body = event.trim().strip_prefix('{')?.strip_suffix('}')?;
    let (key, value) = body.split_once(':')?;
    let amount: i64 = value.trim().parse().ok()?;
    match key.trim() {
        "\"inc\"" => Some(amount),
        "\"dec\"" => Some(-amount),
        _ => None,
    }
}

fn state() -> Vec<u8> {
    format!("{{\"total\":{}}}", TOTAL.get()).into_bytes()
}

struct Counter;

impl Guest for Counter {
    fn init() {
        TOTAL.set(0);
    }

    fn append(event: Vec<u8>) {
        if let Some(delta) = std::str::from_utf8(&event).ok().and_then(change) {
            TOTAL.set(TOTAL.get() + delta);
        }
    }

    fn query(_input: Vec<u8>) -> Vec<u8> {
        state()
    }

    fn snapshot() -> Vec<u8> {
        state()
    }

    fn restore(snapshot: Vec<u8>) {
        let total = std::str::from_utf8(&snapshot)
            .ok()
            .and_then(|text| text.trim().strip_prefix("{\"total\":")?.strip_suffix('}')?.parse().ok())
            .expect("a snapshot written by snapshot()");
        TOTAL.set(total);
    }
}

export!(Counter);
