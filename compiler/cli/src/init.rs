//! `kader init [MAP] [--gemeente NAAM]`: a new policy repository.
//!
//! It writes `kader.toml`, one commented example policy that checks clean,
//! `.gitignore`, a GitHub Actions workflow and a GitLab CI file that run
//! `kader check` (and upload SARIF or Code Quality), and
//! `.vscode/extensions.json` recommending the kader extension. The name of
//! the municipality comes from `--gemeente`, else it is asked on the
//! terminal; without a terminal it is an error. Nothing is ever
//! overwritten: if any of the files exists, nothing is written and the exit
//! status is 2.

use crate::command::{err, EXIT_FAILURE, EXIT_OK};
use clap::Args;
use kader::diagnostics::Taal;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// The arguments of `kader init`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct InitArgs {
    /// De map voor de nieuwe repository (standaard de huidige) / the folder for the new repository (default: the current one)
    #[arg(value_name = "MAP", help_heading = "Argumenten / Arguments")]
    dir: Option<PathBuf>,

    /// De naam van de gemeente / the name of the municipality
    #[arg(long, value_name = "NAAM")]
    gemeente: Option<String>,
}

/// Where kader's source lives and its releases are published.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The release the CI templates install: this program's own version, so a
/// new repository's pipeline checks with the kader that created it.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The address of the releases, below which `v{VERSION}/` holds the
/// archives and `SHA256SUMS`.
fn releases() -> String {
    format!("{REPOSITORY}/releases/download")
}

/// The JSON Schema of `kader.toml` for this version, for TOML editors
/// (the `#:schema` line that Even Better TOML and Taplo read).
pub fn schema_url() -> String {
    format!("{REPOSITORY}/raw/v{VERSION}/editors/schemas/kader.toml.schema.json")
}

/// The GitHub Action (`owner/name`): the repository itself.
fn action() -> &'static str {
    REPOSITORY
        .strip_prefix("https://github.com/")
        .unwrap_or(REPOSITORY)
}

/// Runs `kader init`.
pub fn run(args: &InitArgs, taal_flag: Option<Taal>) -> i32 {
    let taal = taal_flag.unwrap_or_default();
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = args.dir.as_ref().map_or(cwd.clone(), |d| cwd.join(d));

    let gemeente = match &args.gemeente {
        Some(g) => g.trim().to_string(),
        None if std::io::stdin().is_terminal() => ask_gemeente(taal),
        None => {
            err(match taal {
                Taal::Nl => "fout: geef de naam van de gemeente met --gemeente, bijvoorbeeld `kader init --gemeente Zuiderhaven`.\n",
                Taal::En => "error: give the name of the municipality with --gemeente, for example `kader init --gemeente Zuiderhaven`.\n",
            });
            return EXIT_FAILURE;
        }
    };
    if gemeente.is_empty() || gemeente.contains(['\n', '\r']) {
        err(match taal {
            Taal::Nl => {
                "fout: de naam van de gemeente is leeg of bestaat uit meer dan één regel.\n"
            }
            Taal::En => {
                "error: the name of the municipality is empty or spans more than one line.\n"
            }
        });
        return EXIT_FAILURE;
    }

    let files = files(&gemeente);
    let existing: Vec<&str> = files
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        let list = existing.join(", ");
        err(&match taal {
            Taal::Nl => format!("fout: deze bestanden bestaan al in {}: {list}. kader init overschrijft niets en heeft niets geschreven.\n", dir.display()),
            Taal::En => format!("error: these files already exist in {}: {list}. kader init overwrites nothing and has written nothing.\n", dir.display()),
        });
        return EXIT_FAILURE;
    }
    for (path, text) in &files {
        if let Err(e) = crate::write::create(&dir.join(path), text.as_bytes()) {
            err(&match taal {
                Taal::Nl => format!("fout: `{path}` kan niet worden geschreven: {e}\n"),
                Taal::En => format!("error: `{path}` cannot be written: {e}\n"),
            });
            return EXIT_FAILURE;
        }
    }
    let list: String = files.iter().map(|(p, _)| format!("  {p}\n")).collect();
    err(&match taal {
        Taal::Nl => format!("Nieuwe beleidsrepository voor de gemeente {gemeente} in {}:\n{list}Controleer het voorbeeld met `kader check`.\n", dir.display()),
        Taal::En => format!("New policy repository for the municipality of {gemeente} in {}:\n{list}Check the example with `kader check`.\n", dir.display()),
    });
    EXIT_OK
}

/// Asks for the name of the municipality on the terminal.
fn ask_gemeente(taal: Taal) -> String {
    err(match taal {
        Taal::Nl => "Naam van de gemeente: ",
        Taal::En => "Name of the municipality: ",
    });
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_string()
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The files of a new repository: (path, text).
pub fn files(gemeente: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "kader.toml",
            format!(
                "#:schema {}\n\
                 # Instellingen van de beleidsrepository. / Settings of the policy repository.\n\
                 # Zie / see `kader explain K0301`.\n\n\
                 [project]\n\
                 # De gemeente die de beleidsregels voert. / The municipality that runs the policies.\n\
                 gemeente = {}\n\
                 # De taal van de meldingen: nl of en. / The language of the messages: nl or en.\n\
                 taal = \"nl\"\n\
                 # De functionaris voor gegevensbescherming en hoe die te bereiken is (AVG art. 30 lid 1 sub a).\n\
                 # The data protection officer and how to reach them (GDPR Art. 30(1)(a)).\n\
                 fg = {}\n",
                schema_url(),
                toml_string(gemeente),
                toml_string(&format!("Functionaris voor gegevensbescherming van de gemeente {gemeente}"))
            ),
        ),
        ("beleid/voorbeeld.kader", EXAMPLE.to_string()),
        ("toetsen/voorbeeld.kader", EXAMPLE_TEST.to_string()),
        (".gitignore", GITIGNORE.to_string()),
        (".github/workflows/kader.yml", github()),
        (".gitlab-ci.yml", gitlab()),
        (".vscode/extensions.json", EXTENSIONS.to_string()),
    ]
}

const EXAMPLE: &str = r#"// Een voorbeeld van een beleid. Pas het aan aan uw eigen situatie, of
// gebruik het als begin van een nieuw beleid. Elk veld heeft een uitleg:
// beweeg in de editor met de muis over de naam van het veld.
// / An example policy. Adapt it to your own situation, or use it as the start
// of a new one. Every field has an explanation: hover over its name in the
// editor.

/// Het team dat de gegevens mag inzien.
team team_openbare_orde {
    omschrijving: "Adviseurs openbare orde en veiligheid van het kabinet van de burgemeester"
}

/// Openbare berichten volgen rond een aangekondigde demonstratie, om de
/// inzet van politie en handhaving af te stemmen.
beleid voorbeeld_demonstratie {
    titel: "Voorbeeld: demonstratie op het marktplein"

    // Wie is verantwoordelijk, waarvoor en op welke grond?
    verantwoordelijke: burgemeester
    doel: openbare_orde
    taak: [gemeentewet_172]
    grondslag: publieke_taak

    // Waarom nu, en waarom dit middel? Schrijf dit zo concreet mogelijk op.
    aanleiding: "Op sociale media is opgeroepen om de demonstratie te verstoren."
    noodzaak: "Zonder dit beeld kan de burgemeester de inzet van politie niet goed afstemmen."
    proportionaliteit: "Alleen openbare berichten over de demonstratie, gedurende vier dagen."
    subsidiariteit: "Gesprekken met de organisator geven geen beeld van oproepen tot verstoring."

    // Hoe lang, waarop gericht en hoe?
    periode: 2025-05-09 .. 2025-05-12
    gericht_op: evenement
    zoektermen: ["demonstratie marktplein"]
    methode: handmatig
    betrokkenen: ["deelnemers en bezoekers van de demonstratie"]

    // Eén blok per bron: de naam is het platform.
    bron x {
        toegang: openbaar
        account: organisatie
        interactie: geen
    }

    // Welke gegevens, en wat gebeurt ermee?
    gegevens: [berichtinhoud]
    bijzondere_gegevens: []
    strafrechtelijke_gegevens: nee
    profilering: nee
    bewaartermijn: 14 dagen
    geautoriseerd: [team_openbare_orde]
    vastlegging: geaggregeerd
    logboek: ja
    ontvangers: [politie]
    verstrekkingsregels: "Alleen het samengevatte beeld, in het driehoeksoverleg."

    // Advies, informatie en rechten.
    fg_advies: 2025-05-02
    informatie_betrokkenen: "Privacyverklaring op de website van de gemeente"
    beveiliging: "Aparte werkplek; elke zoekopdracht wordt gelogd."
    rechten: "Inzage, verwijdering en bezwaar via het privacyloket van de gemeente."
}
"#;

const EXAMPLE_TEST: &str = r#"// Een voorbeeld van een toets: hij legt vast wat kader over het beleid
// moet zeggen. `kader test` draait hem op een kopie van het beleid met de
// wijzigingen erin; zo blijft een juridisch oordeel bewaard als het beleid
// of de regels veranderen.
// / An example test: it records what kader must say about the policy.
// `kader test` runs it on a copy of the policy with the changes in it.

/// Zonder einddatum is de monitoring niet in de tijd begrensd: dan moet
/// kader dat melden (AVG art. 5 lid 1 sub c en e).
/// / Without an end date the monitoring is not limited in time: kader must
/// report that.
toets voorbeeld_zonder_einddatum / example_without_end_date {
    beleid: voorbeeld_demonstratie
    wijzig {
        periode: 2025-05-09 ..
    }
    verwacht: [OO-TIJDSBEGRENZING]
    niet_verwacht: [OO-STELSELMATIG]
}
"#;

const GITIGNORE: &str = "\
# Uitvoer van kader in CI / kader output in CI
kader.sarif
gl-code-quality-report.json
kader-diff.md
register.*
# Editors
.DS_Store
*.swp
";

const EXTENSIONS: &str = r#"{
  "recommendations": ["kader.kader"]
}
"#;

fn github() -> String {
    let action = action();
    format!(
        r#"# Controleert de beleidsbestanden bij elke wijziging en toont de bevindingen
# in GitHub (code scanning). Bij een pull request zet kader daarbij als
# reactie wat er juridisch verandert (`kader diff`). / Checks the policy
# files on every change and shows the findings in GitHub (code scanning). On
# a pull request kader also comments what changes legally (`kader diff`).
#
# kader {VERSION} is vastgezet: de actie installeert die release van
# {REPOSITORY} en controleert haar SHA-256. Verhoog beide
# versienummers samen. / kader {VERSION} is pinned: the action installs that
# release and checks its SHA-256. Raise both version numbers together.
name: kader

on:
  push:
  pull_request:

permissions:
  contents: read
  security-events: write
  # Voor de reactie met de juridische wijzigingen. Bij een pull request uit
  # een fork geeft GitHub alleen leesrechten: dan blijft de reactie weg en
  # slaagt de controle gewoon. / For the comment with the legal changes. On a
  # pull request from a fork GitHub grants read access only: the comment is
  # then left out and the check still passes.
  pull-requests: write

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # De hele geschiedenis, zodat `kader diff` de basistak kan lezen.
          # / The whole history, so that `kader diff` can read the base branch.
          fetch-depth: 0
      - name: Beleid controleren / check the policies
        uses: {action}@v{VERSION}
        with:
          version: "{VERSION}"
      - name: Opmaak controleren / check the layout
        run: kader fmt --check
      - name: Juridische wijzigingen als reactie / legal changes as a comment
        if: ${{{{ !cancelled() && github.event_name == 'pull_request' }}}}
        continue-on-error: true
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          BASE_REF: ${{{{ github.base_ref }}}}
          PR: ${{{{ github.event.pull_request.number }}}}
        run: |
          kader diff "origin/$BASE_REF" --format markdown > kader-diff.md
          gh pr comment "$PR" --edit-last --body-file kader-diff.md \
            || gh pr comment "$PR" --body-file kader-diff.md
"#
    )
}

fn gitlab() -> String {
    let releases = releases();
    format!(
        r#"# Controleert de beleidsbestanden bij elke wijziging en toont de bevindingen
# in het merge request (Code Quality). / Checks the policy files on every
# change and shows the findings in the merge request (Code Quality).
#
# kader {VERSION} is vastgezet: de release van {REPOSITORY},
# gecontroleerd met haar SHA256SUMS. / kader {VERSION} is pinned: the release
# from {REPOSITORY}, checked against its SHA256SUMS.
kader:
  image: debian:bookworm-slim
  variables:
    KADER_VERSION: "{VERSION}"
    KADER_TARGET: "x86_64-unknown-linux-musl"
    KADER_RELEASES: "{releases}"
  before_script:
    - apt-get update -qq && apt-get install -y -qq curl ca-certificates >/dev/null
    - curl -fsSLO "$KADER_RELEASES/v$KADER_VERSION/kader-$KADER_VERSION-$KADER_TARGET.tar.gz"
    - curl -fsSLO "$KADER_RELEASES/v$KADER_VERSION/SHA256SUMS"
    - sha256sum --check --ignore-missing SHA256SUMS
    - tar -xzf "kader-$KADER_VERSION-$KADER_TARGET.tar.gz"
    - export PATH="$PWD/kader-$KADER_VERSION-$KADER_TARGET:$PATH"
    - kader --version
  script:
    - kader check --format gitlab > gl-code-quality-report.json
    - kader fmt --check
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json

# Wat er juridisch verandert in een merge request (`kader diff`), als bestand
# bij de job ("kader diff" in het merge request). Met de CI/CD-variabele
# KADER_NOTE_TOKEN (een project access token met de scope `api` en ten minste
# de rol Reporter, gemaskeerd) zet de job het ook als reactie: het
# CI_JOB_TOKEN mag geen reacties plaatsen. / What changes legally in a merge
# request (`kader diff`), as a file of the job ("kader diff" in the merge
# request). With the CI/CD variable KADER_NOTE_TOKEN (a project access token
# with the scope `api` and at least the role Reporter, masked) the job also
# posts it as a comment: the CI_JOB_TOKEN may not post comments.
kader-diff:
  extends: kader
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    # De hele geschiedenis, zodat de doeltak gelezen kan worden.
    # / The whole history, so that the target branch can be read.
    GIT_DEPTH: "0"
  script:
    - apt-get install -y -qq git >/dev/null
    - git config --global --add safe.directory "$CI_PROJECT_DIR"
    - git fetch -q origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - kader diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown > kader-diff.md
    - |
      if [ -n "$KADER_NOTE_TOKEN" ]; then
        curl -fsS --request POST --header "PRIVATE-TOKEN: $KADER_NOTE_TOKEN" \
          --data-urlencode "body@kader-diff.md" \
          "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" >/dev/null
      fi
  artifacts:
    when: always
    expose_as: "kader diff"
    paths:
      - kader-diff.md
"#
    )
}
