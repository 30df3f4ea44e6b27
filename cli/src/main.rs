//! The `ncpcert` command. Its subcommands arrive with the CLI; until then it only says so.

fn main() {
    eprintln!(
        "ncpcert {}: the command-line interface is not built yet; use the `ncpcert` library \
         (see README.md, `cargo run -p ncpcert --example prepare_and_sign`).",
        env!("CARGO_PKG_VERSION")
    );
    std::process::exit(2);
}
