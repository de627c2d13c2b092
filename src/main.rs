use clap::Parser;

fn main() {
    let cli = bitext::cli::Cli::parse();
    std::process::exit(bitext::cli::run(cli));
}
