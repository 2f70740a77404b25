//! Ctrl-C (SIGINT) and SIGTERM: the first one raises the stop flag that the running
//! experiment watches, so it ends within about a second and keeps what it completed; a
//! second one ends the process at once (exit 130) for a user who does not want to wait.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// Points at the flag of [`install`] (an `Arc` leaked on purpose, so it is never freed
/// while a handler might read it).
static FLAG: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());

/// Exit code of a run ended by Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).
pub const INTERRUPTED: u8 = 130;

#[cfg(unix)]
extern "C" fn on_signal(_signal: libc::c_int) {
    let flag = FLAG.load(Ordering::SeqCst);
    if flag.is_null() {
        return;
    }
    // SAFETY: a non-null FLAG points into the leaked Arc of `install`, which lives for the
    // rest of the process; atomics are async-signal-safe.
    let already = unsafe { &*flag }.swap(true, Ordering::SeqCst);
    if already {
        // SAFETY: _exit is async-signal-safe; nothing is left half-written in place (the
        // results folder is staged), only a hidden staging folder.
        unsafe { libc::_exit(INTERRUPTED as libc::c_int) };
    }
}

/// Installs the handlers for SIGINT and SIGTERM and returns the flag they raise (the same
/// flag on every call).
pub fn install() -> Result<Arc<AtomicBool>, String> {
    let current = FLAG.load(Ordering::SeqCst);
    if !current.is_null() {
        // SAFETY: as above; one more strong count for the caller's copy.
        return Ok(unsafe {
            Arc::increment_strong_count(current);
            Arc::from_raw(current)
        });
    }
    let flag = Arc::new(AtomicBool::new(false));
    FLAG.store(
        Arc::into_raw(Arc::clone(&flag)) as *mut AtomicBool,
        Ordering::SeqCst,
    );
    #[cfg(unix)]
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is valid; the handler only touches atomics.
        let failed = unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut()) != 0
        };
        if failed {
            return Err(format!(
                "cannot install the Ctrl-C handler: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(flag)
}
