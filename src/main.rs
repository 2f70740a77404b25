//! The `mutasi` command: parses arguments and maps errors to exit codes; the work is in the
//! library.

#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
