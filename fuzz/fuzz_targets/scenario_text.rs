//! Scenario text -> parse -> validate -> one short replication per policy, invariants checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mutasi::fuzz::scenario_text(data);
});
