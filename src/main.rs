fn main() -> std::process::ExitCode {
    beredskap::cli::run()
}
