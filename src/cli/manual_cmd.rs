//! `beredskap completions SHELL` and `beredskap man`: generated from the command-line
//! definition, so they cannot disagree with it.

use super::args::{Cli, CompletionsArgs, ManArgs};
use super::args_ops::Shell;
use super::{Failure, code};
use clap::CommandFactory;
use std::io::Write;

pub fn completions(args: &CompletionsArgs) -> Result<u8, Failure> {
    use clap_complete::Shell as S;
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Elvish => S::Elvish,
        Shell::Powershell => S::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "beredskap", &mut out);
    write_stdout(&out)
}

pub fn man(args: &ManArgs) -> Result<u8, Failure> {
    let command = Cli::command();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
            .map_err(|e| Failure::system(format!("cannot write into {}: {e}", dir.display())))?;
        eprintln!("wrote the manual pages into {}", dir.display());
        return Ok(code::OK);
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| Failure::system(e.to_string()))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<u8, Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(code::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code::OK),
        Err(e) => Err(Failure::system(e.to_string())),
    }
}
