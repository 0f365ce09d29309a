/**
 * A Rust view the examples do not cover, written as a user would: wit-bindgen and serde_json, in a crate that is a
 * member of a Cargo workspace (so its target folder and Cargo.lock are the workspace's). Written out at test time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-action.ts';

const LIB_RS = `//! A ledger: events {"account": "a", "amount": 5}; query "balance:a" answers
//! {"account":"a","balance":5}.
use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Deserialize;

wit_bindgen::generate!({ path: "wit", world: "state-machine" });

use exports::primatomic::machine::machine::Guest;

#[derive(Deserialize)]
struct Entry {
    account: String,
    amount: i64,
}

thread_local! {
    static BALANCES: RefCell<BTreeMap<String, i64>> = RefCell::new(BTreeMap::new());
}

struct Ledger;

impl Guest for Ledger {
    fn init() {
        BALANCES.with_borrow_mut(|balances| balances.clear());
    }

    fn append(event: Vec<u8>) {
        if let Ok(entry) = serde_json::from_slice::<Entry>(&event) {
            BALANCES.with_borrow_mut(|balances| *balances.entry(entry.account).or_default() += entry.amount);
        }
    }

    fn query(input: Vec<u8>) -> Vec<u8> {
        let input = String::from_utf8_lossy(&input);
        let account = input.strip_prefix("balance:").unwrap_or(&input).to_string();
        let balance = BALANCES.with_borrow(|balances| balances.get(&account).copied().unwrap_or(0));
        serde_json::json!({ "account": account, "balance": balance }).to_string().into_bytes()
    }

    fn snapshot() -> Vec<u8> {
        BALANCES.with_borrow(|balances| serde_json::to_vec(balances).expect("a map of numbers serializes"))
    }

    fn restore(snapshot: Vec<u8>) {
        let restored: BTreeMap<String, i64> = serde_json::from_slice(&snapshot).expect("a snapshot of ours");
        BALANCES.with_borrow_mut(|balances| *balances = restored);
    }
}

export!(Ledger);
`;

const CRATE_TOML = `[package]
name = "ledger-view"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]

[dependencies]
wit-bindgen = "0.46"
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[profile.release]
opt-level = "s"
`;

export const LEDGER_EVENTS = [
  '{"account":"alice","amount":50}',
  '{"account":"bob","amount":20}',
  '{"account":"alice","amount":-15}',
  'not json',
  '{"account":"carol","amount":7}',
];

export const LEDGER_QUERIES = [
  { input: 'balance:alice', expect: '{"account":"alice","balance":35}' },
  { input: 'balance:bob', expect: '{"account":"bob","balance":20}' },
  { input: 'balance:dave', expect: '{"account":"dave","balance":0}' },
];

/**
 * The workspace, written under node_modules/.cache so that cargo's target folder (std built from source) survives
 * between test runs; the files are rewritten each time. Returns the crate's folder.
 */
export function ledgerWorkspace(): string {
  const root = path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-workspace');
  const crate = path.join(root, 'views/ledger');
  const files: Record<string, string> = {
    [path.join(root, 'Cargo.toml')]: '[workspace]\nmembers = ["views/ledger"]\nresolver = "2"\n',
    [path.join(crate, 'Cargo.toml')]: CRATE_TOML,
    [path.join(crate, 'src/lib.rs')]: LIB_RS,
    [path.join(crate, 'wit/machine.wit')]: readFileSync(path.join(ROOT, 'src/contract/machine.wit'), 'utf8'),
    [path.join(crate, 'test/events.ndjson')]: `${LEDGER_EVENTS.join('\n')}\n`,
    [path.join(crate, 'test/queries.jsonl')]: `${LEDGER_QUERIES.map((query) => JSON.stringify(query)).join('\n')}\n`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return crate;
}
