//! The language server driven over its real protocol: lifecycle, documents,
//! diagnostics, ordering under a burst of changes, position encodings and
//! settings. Feature requests are in `lsp_features.rs`.

use crate::lsp_support::{codes, copy_dir, cursor, messages, Client, Options};
use serde_json::json;
use std::time::Duration;

const BROKEN: &str = "beleid x {\n    titel: \"Markt\"\n    onbekend_veld: 3\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn initialize_advertises_capabilities_and_publishes_every_file() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 1);
    for cap in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "codeActionProvider",
        "semanticTokensProvider",
        "foldingRangeProvider",
        "inlayHintProvider",
    ] {
        assert!(!caps[cap].is_null(), "{cap} missing: {caps:#}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);

    // No file was opened, yet every file of the repository gets diagnostics.
    let webcare = c.uri("beleid/webcare.kader");
    let d = c
        .diagnostics(&webcare, |p| {
            !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    assert!(codes(&d).contains(&"AVG-TAAK".to_string()), "{d:#}");
    let markt = c.uri("beleid/markt.kader");
    c.diagnostics(&markt, |_| true).await;
    let teams = c.uri("teams.kader");
    c.diagnostics(&teams, |_| true).await;
}

/// The server names itself and its version with the stdlib's hash in the
/// answer to `initialize`, and logs the version, its program and the hash
/// once the client is initialized: the first thing to know when a finding
/// looks wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_tells_its_version_program_and_stdlib() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    let hash = kader::stdlib::short_hash();
    let version = format!("{} (stdlib {hash})", env!("CARGO_PKG_VERSION"));
    assert_eq!(init["serverInfo"]["name"], "kader-lsp");
    assert_eq!(init["serverInfo"]["version"], json!(version), "{init:#}");

    let log = c.wait(|m| m["method"] == "window/logMessage").await;
    let text = log["params"]["message"].as_str().unwrap();
    assert_eq!(log["params"]["type"], 3, "{log:#}");
    assert!(text.starts_with(&format!("kader-lsp {version}")), "{text}");
    // In-process, the program is this test's own executable.
    let exe = std::env::current_exe().unwrap();
    assert!(text.contains(&exe.display().to_string()), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn diagnostics_carry_code_severity_law_link_and_related_information() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let webcare = c.uri("beleid/webcare.kader");
    let d = c
        .diagnostics(&webcare, |p| {
            !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    let list = d["diagnostics"].as_array().unwrap();
    let taak = list.iter().find(|d| d["code"] == "AVG-TAAK").unwrap();
    assert_eq!(taak["severity"], 1);
    assert_eq!(taak["source"], "kader");
    assert!(
        taak["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://eur-lex.europa.eu"),
        "{taak:#}"
    );
    assert!(
        taak["message"]
            .as_str()
            .unwrap()
            .contains("wettelijke taak"),
        "{taak:#}"
    );
    let related = taak["relatedInformation"].as_array().unwrap();
    assert_eq!(related[0]["location"]["uri"], json!(webcare));
    // The label points at `publieke_taak` on line 10 (0-based 9).
    assert_eq!(related[0]["location"]["range"]["start"]["line"], 9);
    // A warning maps to severity 2.
    assert!(list.iter().any(|d| d["severity"] == 2), "{list:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn diagnostics_on_open_follow_the_buffer_not_the_disk() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let uri = c.open("beleid/nieuw.kader", BROKEN).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert!(codes(&d).contains(&"K0202".to_string()), "{d:#}");
    let unknown = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "K0202")
        .unwrap();
    assert_eq!(
        unknown["range"]["start"],
        json!({"line": 2, "character": 4})
    );

    c.change(&uri, 2, "beleid x {\n    titel: \"Markt\"\n}\n")
        .await;
    let d = c.diagnostics(&uri, |p| p["version"] == 2).await;
    assert!(!codes(&d).contains(&"K0202".to_string()), "{d:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_version_that_restores_known_text_gets_its_diagnostics_too() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let uri = c.open("beleid/nieuw.kader", BROKEN).await;
    c.diagnostics(&uri, |p| p["version"] == 1).await;
    let fixed = "beleid x {\n    titel: \"Markt\"\n}\n";
    c.change(&uri, 2, fixed).await;
    c.diagnostics(&uri, |p| p["version"] == 2).await;
    // Version 3 has the text of version 2 again; version 4 restores
    // version 1's text. Both are published, with the right findings.
    c.change(&uri, 3, fixed).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 3).await;
    assert!(!codes(&d).contains(&"K0202".to_string()), "{d:#}");
    c.change(&uri, 4, BROKEN).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 4).await;
    assert!(codes(&d).contains(&"K0202".to_string()), "{d:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_changes_ends_with_diagnostics_for_the_final_text_only() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let uri = c.open("beleid/burst.kader", "beleid burst {\n}\n").await;
    for v in 2..=201 {
        let text = format!("beleid burst {{\n    titel: \"t\"\n    veld_{v}: 1\n}}\n");
        c.change(&uri, v, &text).await;
    }
    let last = c.diagnostics(&uri, |p| p["version"] == 201).await;
    assert!(
        messages(&last).iter().any(|m| m.contains("veld_201")),
        "{last:#}"
    );
    c.drain(Duration::from_millis(500)).await;
    let later: Vec<_> = c
        .notifications
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        })
        .collect();
    assert!(
        later.is_empty(),
        "published after the final version: {later:#?}"
    );
    // Every list that was published belongs to the text of its version.
    // (Intermediate versions may be skipped, never mixed up.)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_published_list_matches_the_text_of_its_version() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let uri = c.open("beleid/burst.kader", "beleid burst {\n}\n").await;
    for v in 2..=60 {
        let text = format!("beleid burst {{\n    titel: \"t\"\n    veld_{v}: 1\n}}\n");
        c.change(&uri, v, &text).await;
    }
    c.diagnostics(&uri, |p| p["version"] == 60).await;
    c.drain(Duration::from_millis(200)).await;
    for m in &c.notifications {
        if m["method"] != "textDocument/publishDiagnostics" || m["params"]["uri"] != json!(uri) {
            continue;
        }
        let v = m["params"]["version"].as_i64().unwrap();
        if v >= 2 {
            let wanted = format!("veld_{v}");
            assert!(
                messages(&m["params"]).iter().any(|t| t.contains(&wanted)),
                "version {v}: {m:#}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_older_version_arriving_late_is_ignored() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let uri = c.open("beleid/oud.kader", "beleid oud {\n}\n").await;
    c.change(
        &uri,
        5,
        "beleid oud {\n    titel: \"t\"\n    veld_nieuw: 1\n}\n",
    )
    .await;
    c.change(
        &uri,
        4,
        "beleid oud {\n    titel: \"t\"\n    veld_oud: 1\n}\n",
    )
    .await;
    let d = c.diagnostics(&uri, |p| p["version"] == 5).await;
    assert!(
        messages(&d).iter().any(|m| m.contains("veld_nieuw")),
        "{d:#}"
    );
    c.drain(Duration::from_millis(300)).await;
    assert!(
        !c.notifications.iter().any(|m| m["params"]["version"] == 4),
        "{:#?}",
        c.notifications
    );
}

/// A line that mixes `é`, `中` and `😀` before the error.
const WIDE: &str = "beleid x {\n    titel: \"é中😀\", $0onbekend: 1\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn positions_in_utf16() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let (text, pos) = cursor(WIDE, false);
    let uri = c.open("beleid/breed.kader", &text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let diag = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "K0202")
        .unwrap();
    // `    titel: "` is 12, `é中😀` is 1 + 1 + 2 units, `", ` is 3.
    assert_eq!(pos["character"], 19);
    assert_eq!(diag["range"]["start"], pos);
    // A hover at that position finds the diagnostic.
    let h = c
        .at("textDocument/hover", &uri, pos.clone(), json!({}))
        .await;
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("K0202"),
        "{h:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn positions_in_utf8_when_offered() {
    let options = Options {
        utf8: true,
        ..Options::default()
    };
    let (mut c, init) = Client::start("repo", options).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let (text, pos) = cursor(WIDE, true);
    let uri = c.open("beleid/breed.kader", &text).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let diag = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "K0202")
        .unwrap();
    // `é中😀` is 2 + 3 + 4 bytes.
    assert_eq!(pos["character"], 24);
    assert_eq!(diag["range"]["start"], pos);
    let h = c
        .at("textDocument/hover", &uri, pos.clone(), json!({}))
        .await;
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("K0202"),
        "{h:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_language_comes_from_initialization_options() {
    let options = Options {
        init: json!({"taal": "en"}),
        ..Options::default()
    };
    let (mut c, _) = Client::start("repo", options).await;
    let uri = c.open("beleid/nieuw.kader", BROKEN).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert!(messages(&d)[0].contains("field"), "{d:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_language_comes_from_workspace_configuration() {
    let options = Options {
        configuration: Some(json!({"taal": "en"})),
        ..Options::default()
    };
    let (mut c, _) = Client::start("repo", options).await;
    let uri = c.uri("beleid/webcare.kader");
    let d = c
        .diagnostics(&uri, |p| {
            p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["message"].as_str().unwrap().contains("statutory task"))
        })
        .await;
    assert!(codes(&d).contains(&"AVG-TAAK".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn clearing_the_language_setting_goes_back_to_kader_toml() {
    let options = Options {
        configuration: Some(json!({"taal": "en"})),
        ..Options::default()
    };
    let (mut c, _) = Client::start("repo", options).await;
    let uri = c.uri("beleid/webcare.kader");
    c.diagnostics(&uri, |p| {
        messages(p).iter().any(|m| m.contains("statutory task"))
    })
    .await;
    // What VS Code sends when `kader.taal` is emptied.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"kader": {"taal": ""}}}),
    )
    .await;
    c.diagnostics(&uri, |p| {
        messages(p).iter().any(|m| m.contains("wettelijke taak"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editing_kader_toml_changes_the_default_language() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let webcare = c.uri("beleid/webcare.kader");
    c.diagnostics(&webcare, |p| {
        messages(p).iter().any(|m| m.contains("wettelijke taak"))
    })
    .await;
    let toml = c
        .open(
            "kader.toml",
            "[project]\ngemeente = \"Zuiderhaven\"\ntaal = \"nl\"\n",
        )
        .await;
    c.change(
        &toml,
        2,
        "[project]\ngemeente = \"Zuiderhaven\"\ntaal = \"en\"\n",
    )
    .await;
    c.diagnostics(&webcare, |p| {
        messages(p).iter().any(|m| m.contains("statutory task"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn files_created_and_deleted_outside_the_editor() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    // The server asks to watch the repository's files.
    c.wait(|m| m["method"] == "client/registerCapability").await;
    let path = c.root.join("beleid/extern.kader");
    std::fs::write(&path, BROKEN).unwrap();
    let uri = c.uri("beleid/extern.kader");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    )
    .await;
    let d = c
        .diagnostics(&uri, |p| !p["diagnostics"].as_array().unwrap().is_empty())
        .await;
    assert!(codes(&d).contains(&"K0202".to_string()));

    std::fs::remove_file(&path).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    )
    .await;
    c.diagnostics(&uri, |p| p["diagnostics"].as_array().unwrap().is_empty())
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_in_one_file_rechecks_the_files_that_use_it() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let markt = c.uri("beleid/markt.kader");
    c.diagnostics(&markt, |p| !codes(p).contains(&"K0204".to_string()))
        .await;
    // Renaming the team in teams.kader breaks the reference in markt.kader.
    let teams = std::fs::read_to_string(c.root.join("teams.kader")).unwrap();
    let uri = c.open("teams.kader", &teams).await;
    c.change(&uri, 2, &teams.replace("team_openbare_orde", "team_oov"))
        .await;
    let d = c
        .diagnostics(&markt, |p| codes(p).contains(&"K0204".to_string()))
        .await;
    assert!(
        messages(&d)
            .iter()
            .any(|m| m.contains("team_openbare_orde")),
        "{d:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closing_an_unsaved_buffer_returns_to_the_disk_text() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let markt_text = std::fs::read_to_string(c.root.join("beleid/markt.kader")).unwrap();
    let uri = c.open("beleid/markt.kader", &markt_text).await;
    c.change(&uri, 2, BROKEN).await;
    c.diagnostics(&uri, |p| codes(p).contains(&"K0202".to_string()))
        .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    c.diagnostics(&uri, |p| {
        !codes(p).contains(&"K0202".to_string()) && p["version"].is_null()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shutdown_and_exit() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let r = c.request("shutdown", json!(null)).await;
    assert!(r.is_null(), "{r:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kader_toml_changed_on_disk_is_picked_up() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let webcare = c.uri("beleid/webcare.kader");
    c.diagnostics(&webcare, |p| {
        messages(p).iter().any(|m| m.contains("wettelijke taak"))
    })
    .await;
    std::fs::write(c.root.join("kader.toml"), "[project]\ntaal = \"en\"\n").unwrap();
    let toml = c.uri("kader.toml");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml, "type": 2}]}),
    )
    .await;
    c.diagnostics(&webcare, |p| {
        messages(p).iter().any(|m| m.contains("statutory task"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unchanged_list_is_not_sent_again() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let markt = c.uri("beleid/markt.kader");
    c.diagnostics(&markt, |_| true).await;
    let teams = std::fs::read_to_string(c.root.join("teams.kader")).unwrap();
    let uri = c.open("teams.kader", &teams).await;
    c.change(&uri, 2, &format!("// Een opmerking.\n{teams}"))
        .await;
    c.diagnostics(&uri, |p| p["version"] == 2).await;
    c.drain(Duration::from_millis(300)).await;
    let again: Vec<_> = c
        .notifications
        .iter()
        .filter(|m| m["params"]["uri"] == json!(markt))
        .collect();
    assert!(again.is_empty(), "{again:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_panicking_handler_is_answered_with_an_error_and_the_server_keeps_serving() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let r = c.request("kader/paniek", json!(null)).await;
    assert_eq!(r["error"]["code"], -32603, "{r:#}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("deliberate fault"));
    // The server still answers.
    let uri = c.open("beleid/nieuw.kader", BROKEN).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert!(codes(&d).contains(&"K0202".to_string()));
    let r = c.request("kader/paniek", json!(null)).await;
    assert!(r["error"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workspace_folders_added_and_removed() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    assert_eq!(
        init["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"],
        true
    );
    // A second repository next to the first.
    let other = c.root.parent().unwrap().join("ander");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("kader.toml"), "[project]\ntaal = \"nl\"\n").unwrap();
    std::fs::write(other.join("b.kader"), BROKEN).unwrap();
    let folder = tower_lsp::lsp_types::Url::from_file_path(&other).unwrap();
    let file = tower_lsp::lsp_types::Url::from_file_path(other.join("b.kader")).unwrap();
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": folder, "name": "ander"}], "removed": []}}),
    )
    .await;
    let d = c
        .diagnostics(&file, |p| !p["diagnostics"].as_array().unwrap().is_empty())
        .await;
    assert!(codes(&d).contains(&"K0202".to_string()));

    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": folder, "name": "ander"}]}}),
    )
    .await;
    c.diagnostics(&file, |p| p["diagnostics"].as_array().unwrap().is_empty())
        .await;
}

/// In a repository of more than a few dozen files an edit is answered by a
/// quick analysis of the edited file in its context (shared teams,
/// processors, DPIAs); the answer must be the same as the full analysis
/// would give: the finding, and no unresolved names.
#[tokio::test]
async fn in_a_large_repository_an_edit_is_checked_in_its_context() {
    let corpus = kader_tests::corpus::generate(100, 7);
    let policy = corpus
        .files
        .iter()
        .find(|f| {
            f.path.starts_with("beleid/")
                && f.text.contains("account: geen")
                && f.text.contains(kader_tests::corpus::Corpus::SHARED_TEAM)
        })
        .expect("a Dutch policy naming the shared team");
    let (path, text) = (policy.path.clone(), policy.text.clone());
    let (mut client, _) =
        Client::start_with(|root| corpus.write_to(root).unwrap(), Options::default()).await;
    let uri = client.open(&path, &text).await;
    client.diagnostics(&uri, |p| p["version"] == json!(1)).await;

    let edited = text.replacen("account: geen", "account: fictief", 1);
    client.change(&uri, 2, &edited).await;
    let params = client.diagnostics(&uri, |p| p["version"] == json!(2)).await;
    let found = codes(&params);
    assert!(found.iter().any(|c| c == "OO-NEPACCOUNT"), "{found:?}");
    assert!(
        !found.iter().any(|c| c.starts_with('K')),
        "names resolve in the quick analysis too: {found:?}"
    );

    // Back to the original: the finding goes, in the quick and the full
    // analysis alike.
    client.change(&uri, 3, &text).await;
    let params = client.diagnostics(&uri, |p| p["version"] == json!(3)).await;
    assert!(!codes(&params).iter().any(|c| c == "OO-NEPACCOUNT"));
    let hover = client
        .at(
            "textDocument/hover",
            &uri,
            json!({"line": 0, "character": 0}),
            json!({}),
        )
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
}

/// A token only the files outside the repository hold.
const TOKEN: &str = "GEHEIM_7f3a9";

/// The language server follows the command line's rule: a link that leads
/// outside the repository is named (K0404) and not read, a pack folder
/// outside it is refused (K0405), and nothing the server sends (diagnostics,
/// hovers, definitions, symbols) carries a trace of what lies outside. The
/// near miss: a link that stays inside is read.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nothing_outside_the_repository_is_read() {
    let secret = "beleid geheim_7f3a9 {\n    titel: \"GEHEIM_7f3a9\"\n    verantwoordelijke: GEHEIM_7f3a9\n}\n";
    let policy = "beleid p {\n    titel: \"t\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    bewaartermijn: 2 maanden\n}\n";
    let (mut c, _) = Client::start_with(
        |root| {
            let base = root.parent().unwrap();
            std::fs::create_dir_all(root.join("beleid")).unwrap();
            std::fs::create_dir_all(root.join(".intern")).unwrap();
            std::fs::create_dir_all(base.join("GEHEIM_7f3a9-map")).unwrap();
            std::fs::create_dir_all(base.join("buiten")).unwrap();
            std::fs::write(base.join("GEHEIM_7f3a9.kader"), secret).unwrap();
            std::fs::write(base.join("GEHEIM_7f3a9-map/GEHEIM_7f3a9.kader"), secret).unwrap();
            std::fs::write(base.join("buiten/GEHEIM_7f3a9.kader"), secret).unwrap();
            std::fs::write(
                root.join("kader.toml"),
                "[project]\ngemeente = \"Proefstad\"\n[pakketten]\npaden = [\"../buiten\"]\n",
            )
            .unwrap();
            std::fs::write(root.join("beleid/p.kader"), policy).unwrap();
            std::fs::write(
                root.join(".intern/echt.kader"),
                "team binnen_team {\n    omschrijving: \"Binnen\"\n}\n",
            )
            .unwrap();
            use std::os::unix::fs::symlink as link;
            link(base.join("GEHEIM_7f3a9.kader"), root.join("beleid/x.kader")).unwrap();
            link(base.join("GEHEIM_7f3a9-map"), root.join("beleid/extern")).unwrap();
            link("../.intern/echt.kader", root.join("beleid/binnen.kader")).unwrap();
        },
        Options::default(),
    )
    .await;
    let mut seen: Vec<serde_json::Value> = Vec::new();
    let k0404 = |p: &serde_json::Value| codes(p).contains(&"K0404".to_string());
    for link in ["beleid/x.kader", "beleid/extern"] {
        let d = c.diagnostics(&c.uri(link), k0404).await;
        let message = messages(&d).join("\n");
        assert!(message.contains(&format!("`{link}`")), "{message}");
        seen.push(d);
    }
    let config = c.uri("kader.toml");
    let d = c
        .diagnostics(&config, |p| codes(p).contains(&"K0405".to_string()))
        .await;
    assert!(messages(&d).join("\n").contains("`../buiten`"), "{d:#}");
    seen.push(d);

    // Hover and definition at every place of the policy, of the links and of
    // kader.toml; every symbol of the workspace.
    let p = c.uri("beleid/p.kader");
    for uri in [p.clone(), c.uri("beleid/x.kader"), config.clone()] {
        for line in 0..6 {
            for character in [0, 4, 8, 12, 16, 20, 24, 30] {
                let pos = json!({"line": line, "character": character});
                for method in ["textDocument/hover", "textDocument/definition"] {
                    seen.push(c.at(method, &uri, pos.clone(), json!({})).await);
                }
            }
        }
    }
    for query in ["", "geheim", "GEHEIM_7f3a9"] {
        seen.push(c.request("workspace/symbol", json!({"query": query})).await);
    }
    // The near miss: the link that stays inside is read.
    let ws = c
        .request("workspace/symbol", json!({"query": "binnen"}))
        .await;
    assert!(ws.to_string().contains("binnen_team"), "{ws:#}");
    c.drain(Duration::from_millis(500)).await;
    seen.append(&mut c.notifications);
    for value in &seen {
        let text = value.to_string();
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.to_lowercase().contains("geheim_7f3a9"), "{text}");
    }
}

/// The editor loads a repository the way `kader check` does (one loader):
/// a `[pakketten] paden` pack outside the repository folder is checked when
/// the settings allow it (`allowExternalPacks`, as
/// `--sta-pakketten-buiten-toe`): its rule fires on the policy. Without the
/// setting the pack is refused with K0405 and its rule does not fire.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pack_outside_the_folder_is_checked_in_the_editor() {
    let rule = "regel ZH-BEWAAR-14 {\n    ernst: fout\n    afwijkbaar: ja\n    wet: [avg_5_1_e]\n    samenvatting { nl: \"Hoogstens 14 dagen.\" en: \"At most 14 days.\" }\n    zodra { beleid.bewaartermijn > 14 dagen }\n    wijs: beleid.bewaartermijn\n    melding { nl: \"Bewaartermijn te lang.\" en: \"Retention too long.\" }\n    uitleg { nl: \"Gemeentelijke afspraak.\" en: \"Municipal agreement.\" }\n}\n";
    let policy = "beleid p {\n    titel: \"t\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    bewaartermijn: 2 maanden\n}\n";
    let setup = |root: &std::path::Path| {
        let base = root.parent().unwrap();
        std::fs::create_dir_all(base.join("gedeelde-regels")).unwrap();
        std::fs::write(base.join("gedeelde-regels/bewaren.kader"), rule).unwrap();
        std::fs::create_dir_all(root.join("beleid")).unwrap();
        std::fs::write(
            root.join("kader.toml"),
            "[project]\ngemeente = \"Proefstad\"\n[pakketten]\npaden = [\"../gedeelde-regels\"]\n",
        )
        .unwrap();
        std::fs::write(root.join("beleid/p.kader"), policy).unwrap();
    };
    let fired = |p: &serde_json::Value| codes(p).contains(&"ZH-BEWAAR-14".to_string());
    // The last diagnostics published for `uri` among what the client kept.
    let last = |c: &Client, uri: &tower_lsp::lsp_types::Url| {
        c.notifications
            .iter()
            .rev()
            .find(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == json!(uri.to_string())
            })
            .map(|m| m["params"].clone())
    };

    let allowed = Options {
        init: json!({"kader": {"allowExternalPacks": true}}),
        ..Options::default()
    };
    let (mut c, _) = Client::start_with(setup, allowed).await;
    let d = c.diagnostics(&c.uri("beleid/p.kader"), fired).await;
    assert!(fired(&d), "{d:#}");
    let config = c.uri("kader.toml");
    c.drain(Duration::from_millis(300)).await;
    let published = last(&c, &config).expect("kader.toml gets its diagnostics");
    assert!(
        !codes(&published).contains(&"K0405".to_string()),
        "an allowed pack is not refused: {published:#}"
    );

    // The near miss: without the setting the pack is refused, and its rule
    // is not run.
    let (mut c, _) = Client::start_with(setup, Options::default()).await;
    let d = c
        .diagnostics(&c.uri("kader.toml"), |p| {
            codes(p).contains(&"K0405".to_string())
        })
        .await;
    assert!(
        messages(&d).join("\n").contains("`../gedeelde-regels`"),
        "{d:#}"
    );
    let p = c.uri("beleid/p.kader");
    c.drain(Duration::from_millis(300)).await;
    let published = last(&c, &p).expect("the policy gets its diagnostics");
    assert!(
        !fired(&published),
        "a refused pack's rule does not fire: {published:#}"
    );
}

/// The published diagnostics of `params` as (code, start line, start
/// character, end line, end character).
fn places(params: &serde_json::Value) -> Vec<(String, u64, u64, u64, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `text` made exactly `size` bytes long with a comment at its end.
fn padded(text: &str, size: usize) -> String {
    let mut out = format!("{text}// ");
    assert!(out.len() < size, "{size} is too small for the text");
    out.push_str(&"x".repeat(size - out.len()));
    assert_eq!(out.len(), size);
    out
}

/// A 50 MB document (policies, over the default limit of 8 MiB) is not
/// analysed: it gets exactly one finding, K0406 at its start, and requests
/// about it are answered with nothing. Meanwhile requests about another
/// document are answered as usual, and nothing panics. (How fast they are
/// answered is measured by `lsp_abuse::a_50_mb_document_timing_and_memory`,
/// a figure to report, not a limit to assert.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_50_mb_document_gets_one_finding_and_the_others_are_still_served() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let teams = c.uri("teams.kader");
    c.diagnostics(&teams, |_| true).await;
    // A policy followed by what a pasted export might hold: 50 MB of lines.
    let policy = "beleid groot {\n    titel: \"Groot\"\n    verantwoordelijke: burgemeester\n    onbekend_veld: 3\n}\n";
    let line = "// 2024-05-09T12:00:00 bericht 0123456789 over de demonstratie op de Markt\n";
    let big = format!("{policy}{}", line.repeat(50 * 1000 * 1000 / line.len() + 1));
    assert!(big.len() > 50 * 1000 * 1000);
    let uri = c.open("beleid/groot.kader", &big).await;
    drop(big);

    // Another document is served while (and after) the big one arrives.
    let hover = c
        .at(
            "textDocument/hover",
            &teams,
            json!({"line": 2, "character": 8}),
            json!({}),
        )
        .await;
    assert!(hover["contents"]["value"].is_string(), "{hover:#}");
    // It was answered while the big one was still being decoded: it names
    // another document, so it need not wait (nothing about the big one has
    // been published yet).
    let big_uri = json!(uri.to_string());
    let published = |c: &Client| {
        c.notifications.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
        })
    };
    assert!(!published(&c), "the hover waited for the big document");
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": teams}}),
        )
        .await;
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap_or_else(|| panic!("{symbols:#}"))
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["team_openbare_orde", "webcare"], "{symbols:#}");
    let completion = c
        .at(
            "textDocument/completion",
            &teams,
            json!({"line": 5, "character": 0}),
            json!({}),
        )
        .await;
    assert!(
        completion.as_array().is_some_and(|a| !a.is_empty()),
        "{completion:#}"
    );

    // The big document: one finding at its start, and no answers about it.
    let d = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert_eq!(
        places(&d),
        [("K0406".to_string(), 0, 0, 0, 0)],
        "{:#}",
        json!(d["diagnostics"])
    );
    let message = messages(&d).join("\n");
    assert!(
        message.contains("MiB") && message.contains("`kader.maxFileSize`"),
        "{message}"
    );
    for (method, extra) in [
        (
            "textDocument/hover",
            json!({"position": {"line": 0, "character": 8}}),
        ),
        (
            "textDocument/completion",
            json!({"position": {"line": 1, "character": 4}}),
        ),
        ("textDocument/documentSymbol", json!({})),
        ("textDocument/semanticTokens/full", json!({})),
        (
            "textDocument/formatting",
            json!({"options": {"tabSize": 4, "insertSpaces": true}}),
        ),
    ] {
        let mut params = json!({"textDocument": {"uri": uri}});
        for (k, v) in extra.as_object().unwrap() {
            params[k] = v.clone();
        }
        let answer = c.request(method, params).await;
        assert!(answer.is_null(), "{method}: {answer:#}");
    }
    // A change that brings it under the limit is analysed again.
    c.change(&uri, 2, policy).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 2).await;
    assert!(codes(&d).contains(&"K0202".to_string()), "{d:#}");
    assert!(!codes(&d).contains(&"K0406".to_string()), "{d:#}");
    c.drain(Duration::from_millis(200)).await;
    let errors: Vec<_> = c
        .notifications
        .iter()
        .filter(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Messages about a large document keep their order behind it: a change
/// sent right after a 2 MB `didOpen` (decoded on its own thread) is applied
/// after it, so the document's last diagnostics are those of the change.
/// (A change that overtook the opening would be dropped, as a change to a
/// document that is not open, and version 2 would never be published.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_right_behind_a_large_document_is_applied_after_it() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let teams = c.uri("teams.kader");
    c.diagnostics(&teams, |_| true).await;
    let line = "// bericht over de demonstratie op de Markt\n";
    let big = format!(
        "beleid groot {{\n    titel: \"Groot\"\n}}\n{}",
        line.repeat(2 * 1024 * 1024 / line.len())
    );
    assert!(big.len() > 2 * 1024 * 1024 - line.len());
    let uri = c.open("beleid/groot.kader", &big).await;
    let small = "beleid groot {\n    titel: \"Groot\"\n    onbekend_veld: 3\n}\n";
    c.change(&uri, 2, small).await;
    let d = c.diagnostics(&uri, |p| p["version"] == 2).await;
    assert!(codes(&d).contains(&"K0202".to_string()), "{d:#}");
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(symbols.as_array().map(Vec::len), Some(1), "{symbols:#}");
}

/// The near miss of the size limit (`maxFileSize`): a document of exactly
/// the limit is analysed, one byte more is not (opened, or read from disk
/// at start). Raising the limit in the settings analyses both, the one on
/// disk read again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_document_at_the_size_limit_is_analysed_and_one_byte_more_is_not() {
    const LIMIT: usize = 1000;
    let (mut c, _) = Client::start_with(
        |root| {
            copy_dir(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lsp/repo"),
                root,
            );
            std::fs::write(root.join("beleid/schijf.kader"), padded(BROKEN, LIMIT + 1)).unwrap();
        },
        Options {
            init: json!({"kader": {"maxFileSize": LIMIT}}),
            ..Options::default()
        },
    )
    .await;
    let k0406 = |p: &serde_json::Value| codes(p) == ["K0406"];
    let disk = c.uri("beleid/schijf.kader");
    c.diagnostics(&disk, k0406).await;
    let at = c
        .open("beleid/op_de_grens.kader", &padded(BROKEN, LIMIT))
        .await;
    let over = c
        .open("beleid/erover.kader", &padded(BROKEN, LIMIT + 1))
        .await;
    let d = c.diagnostics(&at, |p| p["version"] == 1).await;
    assert!(codes(&d).contains(&"K0202".to_string()), "{d:#}");
    assert!(!codes(&d).contains(&"K0406".to_string()), "{d:#}");
    let d = c.diagnostics(&over, |p| p["version"] == 1).await;
    assert_eq!(codes(&d), ["K0406"], "{d:#}");

    // A larger limit from the settings: both are analysed now.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"kader": {"maxFileSize": 2 * LIMIT}}}),
    )
    .await;
    let analysed = |p: &serde_json::Value| codes(p).contains(&"K0202".to_string());
    let d = c.diagnostics(&over, analysed).await;
    assert!(!codes(&d).contains(&"K0406".to_string()), "{d:#}");
    let d = c.diagnostics(&disk, analysed).await;
    assert!(!codes(&d).contains(&"K0406".to_string()), "{d:#}");
}

/// The file limit (`maxFiles`): of a repository with three `.kader` files
/// and a limit of two, the first two by path are served, the user is told
/// on screen and in the log how many were left out and which setting
/// raises the limit, and the third is served only while the editor has it
/// open.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_repository_over_the_file_limit_is_loaded_partially_and_says_so() {
    let (mut c, _) = Client::start_with(
        |root| {
            std::fs::create_dir_all(root.join("beleid")).unwrap();
            std::fs::write(
                root.join("kader.toml"),
                "[project]\ngemeente = \"Proefstad\"\n",
            )
            .unwrap();
            for name in ["c", "a", "b"] {
                std::fs::write(
                    root.join(format!("beleid/{name}.kader")),
                    format!("team limiet_{name} {{\n    omschrijving: \"{name}\"\n}}\n"),
                )
                .unwrap();
            }
        },
        Options {
            init: json!({"kader": {"maxFiles": 2}}),
            ..Options::default()
        },
    )
    .await;
    let shown = c.wait(|m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 2, "a warning: {shown:#}");
    let text = shown["params"]["message"].as_str().unwrap().to_string();
    for part in [
        "3 kader-bestanden",
        "er 2",
        "liet 1 weg",
        "3 kader files",
        "reads 2",
        "left out 1",
        "`kader.maxFiles`",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    let log = c
        .wait(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 2)
        .await;
    assert_eq!(log["params"]["message"], json!(text));

    c.diagnostics(&c.uri("beleid/a.kader"), |_| true).await;
    c.diagnostics(&c.uri("beleid/b.kader"), |_| true).await;
    let names = |ws: &serde_json::Value| -> Vec<String> {
        let mut names: Vec<String> = ws
            .as_array()
            .unwrap_or_else(|| panic!("{ws:#}"))
            .iter()
            .filter_map(|s| s["name"].as_str().map(str::to_string))
            .collect();
        names.sort();
        names
    };
    let ws = c
        .request("workspace/symbol", json!({"query": "limiet_"}))
        .await;
    assert_eq!(names(&ws), ["limiet_a", "limiet_b"], "{ws:#}");
    let third = c.uri("beleid/c.kader");
    c.drain(Duration::from_millis(300)).await;
    assert!(
        !c.notifications.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(third.to_string())
        }),
        "the third file is not served"
    );
    // Said once.
    assert!(
        !c.notifications
            .iter()
            .any(|m| m["method"] == "window/showMessage"),
        "{:#?}",
        c.notifications
    );

    // Opened, the third file is served; closed, it is left out again.
    let text = std::fs::read_to_string(c.root.join("beleid/c.kader")).unwrap();
    c.open("beleid/c.kader", &text).await;
    c.diagnostics(&third, |p| p["version"] == 1).await;
    let ws = c
        .request("workspace/symbol", json!({"query": "limiet_"}))
        .await;
    assert_eq!(names(&ws), ["limiet_a", "limiet_b", "limiet_c"], "{ws:#}");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": third}}),
    )
    .await;
    c.diagnostics(&third, |p| p["diagnostics"] == json!([]))
        .await;
    let ws = c
        .request("workspace/symbol", json!({"query": "limiet_"}))
        .await;
    assert_eq!(names(&ws), ["limiet_a", "limiet_b"], "{ws:#}");
}
