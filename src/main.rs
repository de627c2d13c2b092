fn main() {
    // Interrupted (Ctrl-C, SIGTERM, SIGHUP): outputs not yet in place leave no temp files, and
    // the exit status says so.
    let _ = ctrlc::set_handler(|| {
        bitext::input::remove_pending();
        std::process::exit(130);
    });
    std::process::exit(bitext::cli::main());
}
