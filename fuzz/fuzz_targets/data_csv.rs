//! Data files (staff roster and demand history CSV, and any reader added to
//! `mutasi::fuzz::DATA_READERS`): the first byte picks the reader, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let readers = mutasi::fuzz::DATA_READERS;
    if let Some((&pick, rest)) = data.split_first() {
        let (_, read) = readers[pick as usize % readers.len()];
        let _ = read(rest);
    }
});
