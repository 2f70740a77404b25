//! Ctrl-C (SIGINT) and SIGTERM: the first one raises the stop flag that the running
//! experiment watches, so it ends within about a second and keeps what it completed; a
//! second one ends the process at once (exit 130) for a user who does not want to wait.
//!
//! The handlers are `signal-hook`'s: for each signal, a conditional shutdown (exit 130 if
//! the flag is already up) registered before the handler that raises the flag, so the first
//! signal only raises it and the second finds it raised.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

/// Exit code of a run ended by Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).
pub const INTERRUPTED: u8 = 130;

/// The flag of [`install`], once the handlers are in place.
static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Installs the handlers for SIGINT and SIGTERM and returns the flag they raise (the same
/// flag on every call; the handlers are installed once).
pub fn install() -> Result<Arc<AtomicBool>, String> {
    if let Some(flag) = FLAG.get() {
        return Ok(Arc::clone(flag));
    }
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let registered = signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(INTERRUPTED),
            Arc::clone(&flag),
        )
        .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&flag)));
        if let Err(e) = registered {
            return Err(format!("cannot install the Ctrl-C handler: {e}"));
        }
    }
    Ok(Arc::clone(FLAG.get_or_init(|| flag)))
}
