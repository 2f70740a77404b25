//! Command-line interface: argument definitions, one function per subcommand, exit codes
//! (0 ok, 2 usage or input error, 1 internal failure, 130 interrupted).

/// Prints a line to stdout, ignoring a closed pipe (e.g. `mutasi scenarios | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod args;
mod calibrate;
mod commands;
mod failure;
mod guard;
mod progress;
mod robust;
mod signals;

use std::process::ExitCode;

use clap::Parser;

pub use failure::Failure;

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(msg)) => {
            eprintln!("internal error: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Interrupted(msg)) => {
            eprintln!("interrupted: {msg}");
            ExitCode::from(signals::INTERRUPTED)
        }
    }
}
