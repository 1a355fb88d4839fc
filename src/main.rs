//! `login-check`: the binary is a thin shell around the library (see `login_check::app`).

fn main() -> std::process::ExitCode {
    login_check::app::main_entry()
}
