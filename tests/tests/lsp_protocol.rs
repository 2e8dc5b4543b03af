//! The protocol of the current specification: pulled diagnostics with
//! result ids (and pushing for a client that does not pull, never both),
//! document links, code lenses, and `kader.toml` in the editor.

use crate::lsp_support::{Client, Options};
use serde_json::{json, Value};
use std::time::Duration;

fn pulling() -> Options {
    Options {
        pull: true,
        ..Options::default()
    }
}

/// The codes of a report's diagnostics.
fn report_codes(report: &Value) -> Vec<String> {
    report["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {report:#}"))
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn pull(c: &mut Client, uri: &tower_lsp::lsp_types::Url, previous: Option<&str>) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}});
    if let Some(p) = previous {
        params["previousResultId"] = json!(p);
    }
    c.request("textDocument/diagnostic", params).await
}

/// A request about a whole document.
async fn on_document(c: &mut Client, method: &str, uri: &Value) -> Value {
    c.request(method, json!({"textDocument": {"uri": uri}}))
        .await
}

/// A server on the fixture repository that offers `capability`, with
/// nothing to resolve later.
async fn offering(capability: &str) -> Client {
    let (c, init) = Client::start("repo", Options::default()).await;
    assert_eq!(
        init["capabilities"][capability]["resolveProvider"], false,
        "{init:#}"
    );
    c
}

fn pushed(c: &Client) -> Vec<&Value> {
    c.notifications
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_that_pulls_gets_reports_with_result_ids_and_nothing_pushed() {
    let (mut c, init) = Client::start("repo", pulling()).await;
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], true, "{init:#}");
    assert_eq!(provider["interFileDependencies"], true, "{init:#}");

    let webcare = c.uri("beleid/webcare.kader");
    let first = pull(&mut c, &webcare, None).await;
    assert_eq!(first["kind"], "full", "{first:#}");
    assert!(report_codes(&first).contains(&"AVG-TAAK".to_string()));
    let id = first["resultId"].as_str().unwrap().to_string();

    // Asked again with the id it has: unchanged.
    let again = pull(&mut c, &webcare, Some(&id)).await;
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    // With an id it does not have (a near miss): the full list.
    let other = pull(&mut c, &webcare, Some("0000000000000000")).await;
    assert_eq!(other["kind"], "full");
    assert_eq!(other["resultId"], json!(id));

    // An edit that changes the findings: a new list with a new id, for
    // the new text (the request waits for its analysis).
    let text = std::fs::read_to_string(c.root.join("beleid/webcare.kader")).unwrap();
    let fixed = text.replace("3 maandn", "3 maanden");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": webcare, "languageId": "kader", "version": 1, "text": text}}),
    )
    .await;
    c.change(&webcare, 2, &fixed).await;
    let after = pull(&mut c, &webcare, Some(&id)).await;
    assert_eq!(after["kind"], "full", "{after:#}");
    assert_ne!(after["resultId"], json!(id));
    assert_ne!(report_codes(&after), report_codes(&first));

    // After the analysis the client is asked to pull again.
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;

    // Never both: nothing was pushed.
    c.drain(Duration::from_millis(500)).await;
    assert!(pushed(&c).is_empty(), "{:#?}", pushed(&c));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_workspace_report_covers_every_file_and_says_unchanged_for_known_ids() {
    let (mut c, _) = Client::start("repo", pulling()).await;
    let report = c
        .request("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    let items = report["items"].as_array().unwrap();
    let mut uris: Vec<String> = items
        .iter()
        .map(|i| i["uri"].as_str().unwrap().to_string())
        .collect();
    uris.sort();
    let mut expected: Vec<String> = [
        "beleid/markt.kader",
        "beleid/webcare.kader",
        "kader.toml",
        "teams.kader",
    ]
    .iter()
    .map(|p| c.uri(p).to_string())
    .collect();
    expected.sort();
    assert_eq!(uris, expected, "{report:#}");
    assert!(items.iter().all(|i| i["kind"] == "full"));

    // With the ids of the first answer, every file is unchanged; with one
    // id wrong, that file alone is reported in full.
    let webcare = c.uri("beleid/webcare.kader").to_string();
    let previous: Vec<Value> = items
        .iter()
        .map(|i| {
            let value = if i["uri"] == json!(webcare) {
                json!("wrong")
            } else {
                i["resultId"].clone()
            };
            json!({"uri": i["uri"], "value": value})
        })
        .collect();
    let second = c
        .request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )
        .await;
    for item in second["items"].as_array().unwrap() {
        let expected = if item["uri"] == json!(webcare) {
            "full"
        } else {
            "unchanged"
        };
        assert_eq!(item["kind"], expected, "{item:#}");
    }
    c.drain(Duration::from_millis(300)).await;
    assert!(pushed(&c).is_empty(), "{:#?}", pushed(&c));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_that_does_not_pull_gets_diagnostics_pushed_and_no_pull_provider() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    assert!(
        init["capabilities"]["diagnosticProvider"].is_null(),
        "{init:#}"
    );
    let webcare = c.uri("beleid/webcare.kader");
    c.diagnostics(&webcare, |p| {
        !p["diagnostics"].as_array().unwrap().is_empty()
    })
    .await;
    c.drain(Duration::from_millis(300)).await;
    assert!(
        !c.notifications
            .iter()
            .any(|m| m["method"] == "workspace/diagnostic/refresh"),
        "a client that does not pull is never asked to"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn document_links_lead_to_tasks_rules_and_articles() {
    let mut c = offering("documentLinkProvider").await;
    let text = "beleid x {\n    titel: \"t\"\n    taak: [gemeentewet_172]\n    afwijking AVG-BEWAARTERMIJN {\n        motivering: \"m\"\n    }\n}\n";
    let uri = c.open("beleid/links.kader", text).await;
    c.diagnostics(&uri, |p| p["version"] == 1).await;
    let links = on_document(&mut c, "textDocument/documentLink", &json!(uri)).await;
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 2, "{links:#?}");
    // The task: to its definition in the read-only copy of the stdlib, at
    // its line.
    assert_eq!(
        links[0]["range"]["start"],
        json!({"line": 2, "character": 11})
    );
    let task = links[0]["target"].as_str().unwrap();
    let stdlib = tower_lsp::lsp_types::Url::from_file_path(&c.stdlib_dir)
        .unwrap()
        .to_string();
    assert!(task.starts_with(&stdlib), "{task}");
    assert!(task.contains("taken.kader#L"), "{task}");
    // The rule code: to the rule in the stdlib's rules.
    assert_eq!(
        links[1]["range"]["start"],
        json!({"line": 3, "character": 14})
    );
    let rule = links[1]["target"].as_str().unwrap();
    assert!(rule.contains("regels/avg.kader#L"), "{rule}");

    // In the stdlib's schema, `wet [...]` leads to the official texts.
    let schema = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
        )
        .await;
    let schema_uri = schema[0]["uri"].clone();
    let links = on_document(&mut c, "textDocument/documentLink", &json!(schema_uri)).await;
    let addresses: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["target"].as_str())
        .filter(|t| t.starts_with("https://"))
        .collect();
    assert!(
        addresses.iter().any(|a| a.contains("eur-lex.europa.eu")),
        "{links:#}"
    );
    assert!(
        addresses.iter().any(|a| a.contains("wetten.overheid.nl")),
        "{links:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn code_lenses_count_the_policies_that_use_a_team() {
    let mut c = offering("codeLensProvider").await;
    let teams = c.uri("teams.kader");
    c.diagnostics(&teams, |_| true).await;
    let lenses = on_document(&mut c, "textDocument/codeLens", &json!(teams)).await;
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    // team_openbare_orde is authorised in markt.kader, webcare in
    // webcare.kader.
    assert_eq!(
        titles,
        [
            "gebruikt door 1 beleidsregel",
            "gebruikt door 1 beleidsregel"
        ],
        "{lenses:#}"
    );
    // Without a command from the client, a lens only tells.
    assert_eq!(lenses[0]["command"]["command"], "", "{lenses:#}");
    assert!(lenses[0]["command"]["arguments"].is_null());

    // A second policy that uses the team: two, in the lens.
    let uri = c
        .open(
            "beleid/tweede.kader",
            "beleid tweede {\n    titel: \"t\"\n    geautoriseerd: [webcare, team_openbare_orde]\n}\n",
        )
        .await;
    c.diagnostics(&uri, |p| p["version"] == 1).await;
    let lenses = on_document(&mut c, "textDocument/codeLens", &json!(teams)).await;
    assert_eq!(
        lenses[1]["command"]["title"],
        "gebruikt door 2 beleidsregels"
    );
    // A policy file gets none.
    let none = on_document(&mut c, "textDocument/codeLens", &json!(uri)).await;
    assert_eq!(none, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lens_runs_the_clients_command_that_shows_references_in_english() {
    let options = Options {
        init: json!({"showReferencesCommand": "toon.verwijzingen", "taal": "en"}),
        ..Options::default()
    };
    let (mut c, _) = Client::start("repo", options).await;
    let teams = c.uri("teams.kader");
    c.diagnostics(&teams, |_| true).await;
    let lenses = on_document(&mut c, "textDocument/codeLens", &json!(teams)).await;
    let lens = &lenses[0];
    assert_eq!(lens["command"]["title"], "used by 1 policy");
    assert_eq!(lens["command"]["command"], "toon.verwijzingen");
    let args = lens["command"]["arguments"].as_array().unwrap();
    assert_eq!(args[0], json!(teams));
    assert_eq!(args[1], lens["range"]["start"]);
    let places = args[2].as_array().unwrap();
    assert_eq!(places.len(), 1, "{lens:#}");
    assert!(places[0]["uri"]
        .as_str()
        .unwrap()
        .ends_with("beleid/markt.kader"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kader_toml_gets_the_clis_diagnostics_completion_and_hover() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "[project]\ngemeente = \"Zuiderhaven\"\ngemente = \"x\"\n\n[parameters]\nstelselmatig_max_duur = \"7 dagen\"\n\n[regels]\n\n";
    let toml = c.open("kader.toml", text).await;
    // The diagnostics `kader check` gives for the file: the unknown key.
    let d = c.diagnostics(&toml, |p| p["version"] == 1).await;
    let cli = kader::config::parse(kader::FileId(0), text).1;
    let expected: Vec<String> = cli.iter().map(|d| d.code.as_str().to_string()).collect();
    assert!(!expected.is_empty());
    assert_eq!(crate::lsp_support::codes(&d), expected, "{d:#}");
    assert_eq!(d["diagnostics"][0]["range"]["start"]["line"], 2);

    // Under `[regels]`: the rule codes with their summaries.
    let list = c
        .at(
            "textDocument/completion",
            &toml,
            json!({"line": 8, "character": 0}),
            json!({}),
        )
        .await;
    let items = list.as_array().unwrap();
    let taak = items
        .iter()
        .find(|i| i["label"] == "AVG-TAAK")
        .unwrap_or_else(|| panic!("{list:#}"));
    assert!(!taak["documentation"]["value"].as_str().unwrap().is_empty());
    assert_eq!(taak["textEdit"]["newText"], "AVG-TAAK = ");
    assert!(items.iter().all(|i| i["label"] != "beleid"), "{list:#}");

    // Hover on a parameter: its type and default.
    let h = c
        .at(
            "textDocument/hover",
            &toml,
            json!({"line": 5, "character": 3}),
            json!({}),
        )
        .await;
    let t = h["contents"]["value"].as_str().unwrap();
    assert!(
        t.contains("stelselmatig_max_duur") && t.contains("duur"),
        "{t}"
    );
}

/// Switching the language of messages: a client that pulls is asked to
/// pull again, and the document it has open then reads in the new
/// language under a new result id (the same findings, other words).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_language_is_pulled_again_in_that_language() {
    let (mut c, _) = Client::start("repo", pulling()).await;
    let webcare = c.uri("beleid/webcare.kader");
    let text = std::fs::read_to_string(c.root.join("beleid/webcare.kader")).unwrap();
    c.open("beleid/webcare.kader", &text).await;
    let dutch = pull(&mut c, &webcare, None).await;
    assert_eq!(dutch["kind"], "full", "{dutch:#}");
    let id = dutch["resultId"].as_str().unwrap().to_string();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"kader": {"taal": "en"}}}),
    )
    .await;
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh")
        .await;
    let english = pull(&mut c, &webcare, Some(&id)).await;
    assert_eq!(english["kind"], "full", "{english:#}");
    assert_ne!(english["resultId"], json!(id));
    assert_eq!(report_codes(&english), report_codes(&dutch));
    assert_ne!(english["items"], dutch["items"], "{english:#}");
}
