//! `kader diff [REV]`: what changed legally between a revision of git
//! (default `HEAD`) and the working tree, for the person who approves a
//! change of policy and does not read source diffs.
//!
//! Both versions are read the same way (the working tree by the one loader,
//! the revision from git by `kader_project::git` into the same shape) and
//! analysed the same way; [`kader::report::diff::compare`] says what
//! changed in the register, the findings, the exceptions and the shared
//! items. The exit status is 0 when the comparison was made, whatever it
//! says, and 2 when it could not be (no git, no git repository, an unknown
//! revision).

use crate::command::{err, find_policy, load, loading_notes, out, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use kader::diagnostics::{Severity, Taal};
use kader::report::diff;
use kader_project::{discover, git, LoadOptions};

/// The arguments of `kader diff`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct DiffArgs {
    /// De versie om mee te vergelijken: een tak, tag of commit (standaard HEAD) / the revision to compare with: a branch, tag or commit (default: HEAD)
    #[arg(
        value_name = "VERSIE",
        default_value = "HEAD",
        help_heading = "Argumenten / Arguments"
    )]
    revision: String,

    /// Wat er aan dit beleid veranderde sinds de commit waarin het advies van de FG is vastgelegd (`fg_advies_over`) / what changed in this policy since the commit in which the DPO's advice was recorded (`dpo_advice_on`)
    #[arg(
        long = "sinds-advies",
        visible_alias = "since-advice",
        value_name = "BELEID",
        conflicts_with = "revision"
    )]
    since_advice: Option<String>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,

    #[command(flatten)]
    pub(crate) packs: crate::command::PackArgs,
}

/// The output formats of `kader diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Leesbaar in de terminal / readable in the terminal
    Human,
    /// Markdown, voor een reactie op een pull- of merge-request / for a comment on a pull or merge request
    Markdown,
    /// Eén JSON-object / one JSON object
    Json,
}

/// Runs `kader diff`.
pub(crate) fn run(args: &DiffArgs, taal_flag: Option<Taal>, packs: LoadOptions) -> i32 {
    let early = taal_flag.unwrap_or_default();
    let fail = |message: &kader::Text, taal: Taal| {
        err(&format!(
            "{}: {}\n",
            Severity::Error.word(taal),
            message.get(taal)
        ));
        EXIT_FAILURE
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            let message = kader::text!(
                "De huidige map kan niet worden gelezen: {e}",
                "The current folder cannot be read: {e}"
            );
            return fail(&message, early);
        }
    };
    let root = discover::find_root(&cwd).unwrap_or_else(|| cwd.clone());
    let new = load(&[], &root, taal_flag, packs);
    let taal = new.taal;
    let revision = match &args.since_advice {
        None => args.revision.clone(),
        Some(policy) => {
            let found = find_policy(&new.analysis, policy.trim(), taal)
                .map_err(|m| kader::Text::new(&m, &m))
                .and_then(|(_, item)| git::advice_commit(&root, &new.analysis, item));
            match found {
                Ok(commit) => commit,
                Err(message) => return fail(&message, taal),
            }
        }
    };
    let old = match git::load_revision(&root, &revision, packs) {
        Ok(project) => project,
        Err(e) => return fail(&e.message(), taal),
    };
    let (old_analysis, _) = old.analyse();
    // What was not read, in either version, named once.
    let notes = loading_notes(&new.analysis, taal);
    err(&notes);
    for line in loading_notes(&old_analysis, taal).lines() {
        if !notes.lines().any(|l| l == line) {
            err(&format!(
                "{} ({}): {line}\n",
                revision,
                taal.pick("versie", "revision")
            ));
        }
    }
    let mut changes = diff::compare(&old_analysis, &new.analysis, taal);
    if let Some(policy) = &args.since_advice {
        changes = changes.about(policy.trim());
    }
    out(&match args.format {
        DiffFormat::Human => diff::human(&changes),
        DiffFormat::Markdown => diff::markdown(&changes),
        DiffFormat::Json => changes.to_json(),
    });
    EXIT_OK
}
