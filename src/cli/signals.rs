//! Ctrl-C (SIGINT) and SIGTERM: the first one raises the stop flag that the running
//! experiment watches, so it ends within about a second and keeps what it completed; a
//! second one ends the process at once (exit 130) for a user who does not want to wait.
//!
//! The signals are taken one at a time by a thread of their own (`signal-hook`'s iterator):
//! the first raises the flag, any later one exits. Handlers registered per signal could
//! run at the same time on two threads, each finding the flag down, and a second signal
//! would then only stop the run in order.

use std::sync::atomic::{AtomicBool, Ordering};
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
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
            .map_err(|e| format!("cannot install the Ctrl-C handler: {e}"))?;
        let raised = Arc::clone(&flag);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for _ in signals.forever() {
                    if raised.swap(true, Ordering::SeqCst) {
                        std::process::exit(i32::from(INTERRUPTED));
                    }
                }
            })
            .map_err(|e| format!("cannot start the Ctrl-C handler: {e}"))?;
    }
    Ok(Arc::clone(FLAG.get_or_init(|| flag)))
}
