//! A generated policy repository at national scale, for benchmarks and for
//! suites that need many realistic policies.
//!
//! [`generate`] writes, from a seed, a repository of `policies` policy files
//! plus the shared items they name (`team`, `verwerker`, `dpia`, a statutory
//! task) and a `kader.toml`. The same seed always gives byte-identical files;
//! the random numbers come from SplitMix64, written out here so that the
//! output cannot change with a dependency update.
//!
//! What the repository looks like:
//! - `organisatie/teams.kader`, `organisatie/verwerkers.kader`,
//!   `organisatie/dpia.kader`, `organisatie/taken.kader`: the shared items.
//!   The first team, `team_openbare_orde`, is named by every second policy,
//!   so renaming it touches half the repository.
//! - `beleid/NNN/…kader`: one policy per file, a hundred files per folder,
//!   about one in five written in English spelling; texts with multi-byte
//!   characters (`café`, `coördinator`, `—`, `€`, `’`).
//! - Two kinds of policy: a manual check around an event (public order) and
//!   an automated media monitoring with a processor and a DPIA. Every field
//!   of the schema's common mix appears.
//! - About a third of the policies have one or two flaws that a rule finds
//!   (an open-ended period, a processor outside the EEA without a transfer
//!   safeguard, a DPIA finished after the start, recipients without
//!   disclosure rules). No policy has a compiler error.
//! - [`generate_dirty`] writes the same repository with at least three of
//!   the four flaws in every policy: a repository that has not been
//!   checked before, for the output paths' share of the work.

use kader::Source;
use std::fmt::Write as _;
use std::path::Path;

/// A generated repository, in memory.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The `.kader` files, paths relative to the repository root.
    pub files: Vec<Source>,
    /// The repository's `kader.toml`.
    pub config: Source,
    /// How many policies were generated with a flaw a rule should find.
    pub flawed: usize,
}

impl Corpus {
    /// The number of lines of all `.kader` files.
    pub fn lines(&self) -> usize {
        self.files.iter().map(|f| f.text.lines().count()).sum()
    }

    /// The number of bytes of all `.kader` files.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Writes the repository under `dir` (created if needed).
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        for source in self.files.iter().chain(std::iter::once(&self.config)) {
            let path = dir.join(&source.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &*source.text)?;
        }
        Ok(())
    }

    /// The file that defines the shared teams.
    pub const TEAMS: &'static str = "organisatie/teams.kader";
    /// The team every second policy names.
    pub const SHARED_TEAM: &'static str = "team_openbare_orde";
}

/// One policy of at least `lines` lines, for latency measurements in an
/// editor: the fields of a generated policy, a long `aanleiding` text block
/// and many sources. `n` changes the title, so every call can give a new
/// text. It names the shared team and has no findings.
pub fn large_policy(n: usize, lines: usize) -> String {
    let mut s =
        String::from("/// Een groot beleid — één bestand. / A large policy.\nbeleid groot {\n");
    let _ = writeln!(s, "    titel: \"Groot beleid {n}\"");
    s.push_str(
        "    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    taak: [gemeentewet_174]\n    grondslag: publieke_taak\n    noodzaak: \"Drukte moet tijdig bekend zijn.\"\n    proportionaliteit: \"Alleen openbare berichten.\"\n    subsidiariteit: \"De organisator ziet alleen het terrein.\"\n    periode: 2025-05-09 .. 2025-05-12\n    gericht_op: evenement\n    methode: handmatig\n    gegevens: [berichtinhoud]\n    bijzondere_gegevens: []\n    strafrechtelijke_gegevens: nee\n    profilering: nee\n    bewaartermijn: 14 dagen\n    vastlegging: geaggregeerd\n    logboek: ja\n    ontvangers: [niemand]\n    fg_advies: 2025-01-10\n    informatie_betrokkenen: \"https://www.zuiderhaven.nl/privacy\"\n    beveiliging: \"Aparte werkplek.\"\n    rechten: \"Via het privacyloket.\"\n",
    );
    let _ = writeln!(s, "    geautoriseerd: [{}]", Corpus::SHARED_TEAM);
    s.push_str("    aanleiding: \"\"\"\n");
    let body = lines.saturating_sub(40) / 2;
    for i in 0..body {
        let _ = writeln!(
            s,
            "        Regel {i} van de aanleiding: drukte bij het café op de kade, € 12,50 per uur.",
        );
    }
    s.push_str("        \"\"\"\n");
    let mut i = 0;
    while s.lines().count() + 1 < lines {
        let platform = PLATFORMS[i % PLATFORMS.len()];
        let _ = writeln!(
            s,
            "    bron {platform} \"Kanaal {i}\" {{\n        toegang: openbaar\n        account: geen\n        interactie: geen\n    }}"
        );
        i += 1;
    }
    s.push_str("}\n");
    s
}

/// SplitMix64: small, fast and fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Havenkwartier",
    "Centrum",
    "Oude Haven",
    "Noordoever",
    "Kadewijk",
    "’s-Gravenpolder",
    "Café-plein",
    "Zuidermeer",
];

const EVENTS_NL: &[&str] = &[
    "Havenfestival",
    "Koningsdag",
    "Jaarwisseling",
    "Kermis",
    "Braderie",
    "Zomercarnaval",
    "Marathon",
    "Demonstratie op de Markt",
];

const EVENTS_EN: &[&str] = &[
    "Harbour Festival",
    "King’s Day",
    "New Year’s Eve",
    "Funfair",
    "Street Market",
    "Summer Carnival",
    "Marathon",
    "Demonstration on the Markt",
];

const PLATFORMS: &[&str] = &["x", "facebook", "instagram", "tiktok", "nieuwssite"];

/// Which flaws a policy gets; each is found by one rule.
#[derive(Clone, Copy, Default)]
struct Flaws {
    /// `periode` without an end (OO-TIJDSBEGRENZING).
    open_period: bool,
    /// A processor outside the EEA without safeguard (AVG-DOORGIFTE).
    transfer: bool,
    /// The DPIA dated after the start (AVG-DPIA-TE-LAAT).
    late_dpia: bool,
    /// Recipients without `verstrekkingsregels` (OO-DELEN).
    no_disclosure_rules: bool,
}

impl Flaws {
    fn any(self) -> bool {
        self.open_period || self.transfer || self.late_dpia || self.no_disclosure_rules
    }
}

/// Sizes of the shared item lists for a repository of `policies` policies.
struct Shared {
    teams: usize,
    /// Processors inside the EEA; the same number again outside it.
    processors: usize,
    dpias: usize,
}

impl Shared {
    fn for_policies(policies: usize) -> Shared {
        Shared {
            teams: 4 + policies / 25,
            processors: 2 + policies / 200,
            dpias: 2 + policies / 50,
        }
    }
}

/// Generates a repository of `policies` policies from `seed`.
pub fn generate(policies: usize, seed: u64) -> Corpus {
    generate_mix(policies, seed, Mix::Realistic)
}

/// Like [`generate`], but every policy has at least three flaws, so at
/// least three rule findings.
pub fn generate_dirty(policies: usize, seed: u64) -> Corpus {
    generate_mix(policies, seed, Mix::Dirty)
}

/// How often a policy has a flaw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mix {
    /// A third of the policies, with one or two flaws.
    Realistic,
    /// Every policy, with three or four flaws.
    Dirty,
}

fn generate_mix(policies: usize, seed: u64, mix: Mix) -> Corpus {
    let mut rng = Rng(seed);
    let shared = Shared::for_policies(policies);
    let mut files = vec![
        Source::new(Corpus::TEAMS, teams(&mut rng, shared.teams)),
        Source::new(
            "organisatie/verwerkers.kader",
            processors(&mut rng, shared.processors),
        ),
        Source::new("organisatie/dpia.kader", dpias(&mut rng, shared.dpias)),
        Source::new("organisatie/taken.kader", TASKS.to_string()),
    ];
    let mut flawed = 0;
    for i in 0..policies {
        let english = rng.chance(20);
        let flaws = if mix == Mix::Dirty {
            // All four, or all but one.
            let skip = rng.below(5);
            Flaws {
                open_period: skip != 0,
                transfer: skip != 1,
                late_dpia: skip != 2,
                no_disclosure_rules: skip != 3,
            }
        } else if rng.chance(34) {
            let mut f = Flaws::default();
            // One flaw always, a second one sometimes.
            for _ in 0..(1 + rng.below(2)) {
                match rng.below(4) {
                    0 => f.open_period = true,
                    1 => f.transfer = true,
                    2 => f.late_dpia = true,
                    _ => f.no_disclosure_rules = true,
                }
            }
            f
        } else {
            Flaws::default()
        };
        let automated = flaws.transfer || flaws.late_dpia || rng.chance(40);
        let policy = Policy {
            index: i,
            english,
            automated,
            flaws,
        };
        let text = policy.write(&mut rng, &shared);
        if flaws.any() {
            flawed += 1;
        }
        files.push(Source::new(
            format!("beleid/{:03}/{}.kader", i / 100, policy.name()),
            text,
        ));
    }
    let config = Source::new(
        "kader.toml",
        "# Gegenereerde beleidsrepository. / Generated policy repository.\n\n[project]\ngemeente = \"Zuiderhaven\"\ntaal = \"nl\"\nfg = \"Functionaris voor gegevensbescherming, privacy@zuiderhaven.nl\"\n",
    );
    Corpus {
        files,
        config,
        flawed,
    }
}

const TASKS: &str = "\
/// De taak waarop communicatie rust: inwoners informeren en hun vragen
/// beantwoorden. / The task communication rests on: informing residents.
wettelijke_taak voorlichting_inwoners / informing_residents {
    omschrijving: \"Voorlichting aan inwoners over het beleid en de dienstverlening van de gemeente, en het beantwoorden van hun vragen.\"
    doelen: [communicatie]
    specifieke_grondslag: nee
}
";

fn teams(rng: &mut Rng, n: usize) -> String {
    let mut s =
        String::from("// De teams die gegevens mogen inzien. / The teams that may see data.\n");
    for t in 0..n {
        let place = rng.pick(PLACES);
        let name = team_name(t);
        let _ = write!(
            s,
            "\n/// Team {t} — {place}.\nteam {name} {{\n    omschrijving: \"Adviseurs en coördinatoren van {place}, team {t}\"\n}}\n"
        );
    }
    s
}

fn team_name(t: usize) -> String {
    if t == 0 {
        Corpus::SHARED_TEAM.to_string()
    } else {
        format!("team_{t:05}")
    }
}

fn processors(rng: &mut Rng, n: usize) -> String {
    let mut s = String::from("// Leveranciers die voor de gemeente verwerken. / Processors.\n");
    for p in 0..n {
        let place = rng.pick(PLACES);
        let _ = write!(
            s,
            "\n/// Leverancier in Nederland. / A Dutch vendor.\nverwerker leverancier_nl_{p} {{\n    naam: \"Mediawijzer {p} B.V. ({place})\"\n    verwerkersovereenkomst: ja\n    vestiging: nl\n}}\n\n/// Leverancier buiten de EER. / A vendor outside the EEA.\nverwerker leverancier_vs_{p} {{\n    naam: \"SignalHub {p} Inc. (Austin)\"\n    verwerkersovereenkomst: ja\n    vestiging: buiten_eer\n}}\n"
        );
    }
    s
}

fn dpias(rng: &mut Rng, n: usize) -> String {
    let mut s = String::from("// DPIA's. / Data protection impact assessments.\n");
    for d in 0..n {
        let risk = rng.pick(&["laag", "midden"]);
        // Every DPIA is dated in December 2024 or early 2026: the clean
        // policies start in 2025-02 or later and name a 2024 DPIA.
        let (year, month) = if d % 2 == 0 { (2024, 12) } else { (2026, 1) };
        let day = 1 + rng.below(28);
        let _ = write!(
            s,
            "\n/// DPIA nummer {d}.\ndpia dpia_{d:05} {{\n    kenmerk: \"DPIA-{year}-{d:05} Mediamonitoring €\"\n    datum: {year}-{month:02}-{day:02}\n    restrisico: {risk}\n}}\n"
        );
    }
    s
}

struct Policy {
    index: usize,
    english: bool,
    automated: bool,
    flaws: Flaws,
}

impl Policy {
    fn name(&self) -> String {
        let kind = match (self.automated, self.english) {
            (true, false) => "monitoring",
            (true, true) => "monitoring_en",
            (false, false) => "evenement",
            (false, true) => "event",
        };
        format!("{kind}_{:05}", self.index)
    }

    /// Field names and values in the policy's spelling: `(nl, en)`.
    fn w<'a>(&self, nl: &'a str, en: &'a str) -> &'a str {
        if self.english {
            en
        } else {
            nl
        }
    }

    fn write(&self, rng: &mut Rng, shared: &Shared) -> String {
        let w = |nl, en| self.w(nl, en);
        let name = self.name();
        let place = rng.pick(PLACES);
        let month = 2 + rng.below(10);
        let day = 1 + rng.below(20);
        let (event_nl, event_en) = {
            let i = rng.below(EVENTS_NL.len());
            (EVENTS_NL[i], EVENTS_EN[i])
        };
        let event = w(event_nl, event_en);
        let mut s = String::with_capacity(3000);
        let _ = writeln!(
            s,
            "/// {} {} — {place}, {day} {}.",
            if self.automated {
                w("Monitoring", "Monitoring")
            } else {
                event
            },
            self.index,
            w("mei", "May")
        );
        let _ = writeln!(s, "{} {name} {{", w("beleid", "policy"));
        let _ = writeln!(
            s,
            "    {}: \"{event} {place} {}\"",
            w("titel", "title"),
            self.index
        );
        let (controller, purpose, task, target, method) = if self.automated {
            (
                w("college", "executive"),
                w("communicatie", "communication"),
                w("voorlichting_inwoners", "informing_residents"),
                w("onderwerp", "topic"),
                w("geautomatiseerd", "automated"),
            )
        } else {
            (
                w("burgemeester", "mayor"),
                w("openbare_orde", "public_order"),
                w("gemeentewet_174", "municipalities_act_174"),
                w("evenement", "event"),
                w("handmatig", "manual"),
            )
        };
        let _ = writeln!(
            s,
            "    {}: {controller}",
            w("verantwoordelijke", "controller")
        );
        let _ = writeln!(s, "    {}: {purpose}", w("doel", "purpose"));
        let _ = writeln!(s, "    {}: [{task}]", w("taak", "task"));
        let _ = writeln!(
            s,
            "    {}: {}\n",
            w("grondslag", "legal_basis"),
            w("publieke_taak", "public_task")
        );
        let texts: [(&str, &str, &str, &str); 4] = [
            ("aanleiding", "trigger",
             "Het evenement trekt naar verwachting 40.000 bezoekers; vorig jaar werd online opgeroepen tot confrontaties bij het café aan de kade.",
             "The event is expected to draw 40,000 visitors; last year posts called for confrontations at the café on the quay."),
            ("noodzaak", "necessity",
             "Drukte en oproepen moeten tijdig bekend zijn om de inzet te verplaatsen — een taak van de coördinator.",
             "Crowds and calls must be known in time to move the deployment — a task of the coördinator."),
            ("proportionaliteit", "proportionality",
             "Alleen openbare berichten, gedurende de periode, zonder gegevens per persoon.",
             "Only public posts, during the period, without data per person."),
            ("subsidiariteit", "subsidiarity",
             "De organisator ziet alleen het terrein, niet wat online wordt afgesproken.",
             "The organiser sees only the grounds, not what is arranged online."),
        ];
        for (nl, en, text_nl, text_en) in texts {
            let _ = writeln!(s, "    {}: \"{}\"", w(nl, en), w(text_nl, text_en));
        }
        let start = format!("2025-{month:02}-{day:02}");
        let end = format!("2025-{month:02}-{:02}", day + 3 + rng.below(5));
        if self.flaws.open_period {
            let _ = writeln!(s, "\n    {}: {start} ..", w("periode", "period"));
        } else {
            let _ = writeln!(s, "\n    {}: {start} .. {end}", w("periode", "period"));
        }
        let _ = writeln!(s, "    {}: {target}", w("gericht_op", "target"));
        let _ = writeln!(
            s,
            "    {}: [\"{}\", \"#{}{}\", \"kade {}\"]",
            w("zoektermen", "keywords"),
            event.to_lowercase(),
            event_nl.split(' ').next().unwrap_or("kader").to_lowercase(),
            self.index,
            place.to_lowercase()
        );
        let _ = writeln!(s, "    {}: {method}", w("methode", "method"));
        if self.automated {
            let p = rng.below(shared.processors);
            let vendor = if self.flaws.transfer {
                format!("leverancier_vs_{p}")
            } else {
                format!("leverancier_nl_{p}")
            };
            let _ = writeln!(s, "    {}: [{vendor}]", w("verwerkers", "processors"));
        }
        let _ = writeln!(
            s,
            "    {}: [\"{}\", \"{}\"]\n",
            w("betrokkenen", "data_subjects"),
            w("bezoekers", "visitors"),
            w(
                "inwoners die erover berichten",
                "residents who post about it"
            )
        );
        let sources = 1 + rng.below(3);
        let first = rng.below(PLATFORMS.len());
        for k in 0..sources {
            let platform = PLATFORMS[(first + k) % PLATFORMS.len()];
            let _ = writeln!(
                s,
                "    {} {platform} {{\n        {}: {}\n        {}: {}\n        {}: {}\n    }}",
                w("bron", "source"),
                w("toegang", "access"),
                w("openbaar", "public"),
                w("account", "account"),
                w("geen", "none"),
                w("interactie", "interaction"),
                w("geen", "none"),
            );
        }
        let data = if self.automated {
            w("berichtinhoud", "post_content")
        } else {
            w("berichtinhoud, gebruikersnaam", "post_content, username")
        };
        s.push('\n');
        let mut field = |nl: &str, en: &str, value: &str| {
            let _ = writeln!(s, "    {}: {value}", self.w(nl, en));
        };
        field("gegevens", "data", &format!("[{data}]"));
        field("bijzondere_gegevens", "special_categories", "[]");
        field("strafrechtelijke_gegevens", "criminal_data", w("nee", "no"));
        field("profilering", "profiling", w("nee", "no"));
        let days = 3 + rng.below(25);
        field(
            "bewaartermijn",
            "retention",
            &format!("{days} {}", w("dagen", "days")),
        );
        let mut teams = Vec::new();
        if self.index % 2 == 0 {
            teams.push(team_name(0));
        }
        teams.push(team_name(1 + rng.below(shared.teams - 1)));
        field(
            "geautoriseerd",
            "authorised",
            &format!("[{}]", teams.join(", ")),
        );
        field("vastlegging", "recording", w("geaggregeerd", "aggregated"));
        field("logboek", "log", w("ja", "yes"));
        if !self.automated || self.flaws.no_disclosure_rules {
            field(
                "ontvangers",
                "recipients",
                &format!("[{}]", w("politie", "police")),
            );
            if !self.flaws.no_disclosure_rules {
                let rules = w(
                    "Alleen het samengevatte beeld, in het driehoeksoverleg.",
                    "Only the aggregated picture, in the tripartite consultation.",
                );
                field(
                    "verstrekkingsregels",
                    "disclosure_rules",
                    &format!("\"{rules}\""),
                );
            }
        } else {
            field(
                "ontvangers",
                "recipients",
                &format!("[{}]", w("niemand", "nobody")),
            );
        }
        if self.automated {
            // Even DPIAs are dated 2024 (before every start), odd ones 2026.
            let d = 2 * rng.below(shared.dpias / 2) + usize::from(self.flaws.late_dpia);
            field("dpia", "dpia", &format!("dpia_{d:05}"));
        }
        let advice = format!("2025-01-{:02}", 1 + rng.below(28));
        let texts = [
            ("fg_advies", "dpo_advice", advice.as_str(), advice.as_str()),
            (
                "informatie_betrokkenen",
                "transparency",
                "\"https://www.zuiderhaven.nl/privacy/online-onderzoek\"",
                "\"https://www.zuiderhaven.nl/privacy/online-onderzoek\"",
            ),
            (
                "beveiliging",
                "security",
                "\"Aparte werkplek; elke zoekopdracht wordt gelogd.\"",
                "\"Separate workstation; every search is logged.\"",
            ),
            (
                "rechten",
                "rights",
                "\"Inzage, verwijdering en bezwaar via het privacyloket: privacy@zuiderhaven.nl.\"",
                "\"Access, erasure and objection through the privacy desk: privacy@zuiderhaven.nl.\"",
            ),
        ];
        s.push('\n');
        for (nl, en, value_nl, value_en) in texts {
            let _ = writeln!(s, "    {}: {}", w(nl, en), w(value_nl, value_en));
        }
        s.push_str("}\n");
        s
    }
}
