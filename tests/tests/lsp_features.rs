//! The language server's features over the protocol: hover, completion,
//! navigation into the stdlib, references, rename, symbols, code actions,
//! semantic tokens, folding ranges and inlay hints. Texts carry a `$0`
//! cursor marker.

use crate::lsp_support::{cursor, Client, Options};
use serde_json::{json, Value};

/// Opens `text` (with its `$0` cursor) as `relative`, waits for its
/// analysis, and returns the address and the cursor position.
async fn open_at(c: &mut Client, relative: &str, text: &str) -> (tower_lsp::lsp_types::Url, Value) {
    let (clean, pos) = cursor(text, false);
    let uri = c.open(relative, &clean).await;
    c.diagnostics(&uri, |p| p["version"] == 1).await;
    (uri, pos)
}

fn hover_text(h: &Value) -> String {
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

fn labels(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

const POLICY: &str = "beleid x {\n    titel: \"Markt\"\n    grondslag: publieke_taak\n    geautoriseerd: [team_openbare_orde]\n    periode: 2024-05-09 .. 2024-05-12\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hover_on_fields_values_references_and_codes() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = POLICY.replace("titel:", "ti$0tel:");
    let (uri, pos) = open_at(&mut c, "beleid/h.kader", &text).await;
    let h = c.at("textDocument/hover", &uri, pos, json!({})).await;
    let t = hover_text(&h);
    assert!(
        t.contains("titel / title") && t.contains("verplicht"),
        "{t}"
    );
    assert!(t.contains("Korte, herkenbare titel"), "{t}");
    assert_eq!(h["range"]["start"], json!({"line": 1, "character": 4}));

    let text = POLICY.replace("publieke_taak", "publieke$0_taak");
    let (uri, pos) = open_at(&mut c, "beleid/h2.kader", &text).await;
    let t = hover_text(&c.at("textDocument/hover", &uri, pos, json!({})).await);
    assert!(
        t.contains("[AVG art. 6 lid 1 sub e](https://eur-lex.europa.eu"),
        "{t}"
    );
    assert!(t.contains("taak van algemeen belang"), "{t}");

    let text = POLICY.replace("[team_openbare_orde]", "[team_open$0bare_orde]");
    let (uri, pos) = open_at(&mut c, "beleid/h3.kader", &text).await;
    let t = hover_text(&c.at("textDocument/hover", &uri, pos, json!({})).await);
    assert!(t.contains("Adviseurs openbare orde"), "{t}");
    assert!(t.contains("teams.kader"), "{t}");

    // On the name of a policy that breaks a rule: the rule and its article.
    let webcare = c.uri("beleid/webcare.kader");
    let t = hover_text(
        &c.at(
            "textDocument/hover",
            &webcare,
            json!({"line": 5, "character": 10}),
            json!({}),
        )
        .await,
    );
    assert!(t.contains("AVG-TAAK"), "{t}");
    assert!(t.contains("eur-lex.europa.eu"), "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn completion_of_fields_values_units_and_a_policy_snippet() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "beleid x {\n    titel: \"Markt\"\n    $0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/c1.kader", text).await;
    let list = c.at("textDocument/completion", &uri, pos, json!({})).await;
    let l = labels(&list);
    assert!(l.contains(&"grondslag".to_string()), "{l:?}");
    assert!(!l.contains(&"titel".to_string()), "{l:?}");
    let grondslag = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "grondslag")
        .unwrap();
    assert!(grondslag["detail"].as_str().unwrap().contains("verplicht"));
    assert_eq!(grondslag["insertTextFormat"], 2);

    let text = "beleid x {\n    grondslag: publ$0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/c2.kader", text).await;
    let list = c.at("textDocument/completion", &uri, pos, json!({})).await;
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "publieke_taak")
        .unwrap();
    // The edit replaces the typed `publ`.
    assert_eq!(
        item["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 15}, "end": {"line": 1, "character": 19}})
    );

    let text = "beleid x {\n    geautoriseerd: [$0]\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/c3.kader", text).await;
    let l = labels(&c.at("textDocument/completion", &uri, pos, json!({})).await);
    assert!(l.contains(&"team_openbare_orde".to_string()), "{l:?}");
    assert!(l.contains(&"webcare".to_string()), "{l:?}");

    let text = "beleid x {\n    bewaartermijn: 14 $0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/c4.kader", text).await;
    let l = labels(&c.at("textDocument/completion", &uri, pos, json!({})).await);
    assert!(
        l.contains(&"dagen".to_string()) && l.contains(&"weken".to_string()),
        "{l:?}"
    );

    let (uri, pos) = open_at(&mut c, "beleid/c5.kader", "$0").await;
    let list = c.at("textDocument/completion", &uri, pos, json!({})).await;
    let snippet = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "beleid")
        .unwrap();
    let insert = snippet["textEdit"]["newText"].as_str().unwrap();
    assert!(insert.starts_with("beleid ${1:naam} {"), "{insert}");
    assert!(insert.contains("verantwoordelijke: $"), "{insert}");

    // An English file gets English names.
    let text = "policy x {\n    title: \"Market\"\n    $0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/c6.kader", text).await;
    let l = labels(&c.at("textDocument/completion", &uri, pos, json!({})).await);
    assert!(l.contains(&"legal_basis".to_string()), "{l:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn definition_into_the_stdlib_served_read_only() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = POLICY.replace("publieke_taak", "publieke_t$0aak");
    let (uri, pos) = open_at(&mut c, "beleid/d.kader", &text).await;
    let defs = c.at("textDocument/definition", &uri, pos, json!({})).await;
    let target = &defs[0];
    let url = tower_lsp::lsp_types::Url::parse(target["uri"].as_str().unwrap()).unwrap();
    let path = url.to_file_path().unwrap();
    assert!(path.starts_with(&c.stdlib_dir), "{path:?}");
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    let text = std::fs::read_to_string(&path).unwrap();
    let line = target["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(text.lines().nth(line).unwrap().contains("publieke_taak"));

    // Hover works inside the stdlib file too.
    let h = c
        .at(
            "textDocument/hover",
            &url,
            target["range"]["start"].clone(),
            json!({}),
        )
        .await;
    assert!(hover_text(&h).contains("publieke_taak"), "{h:#}");

    // And to a team in another file.
    let text = POLICY.replace("[team_openbare_orde]", "[team_$0openbare_orde]");
    let (uri, pos) = open_at(&mut c, "beleid/d2.kader", &text).await;
    let defs = c.at("textDocument/definition", &uri, pos, json!({})).await;
    assert_eq!(defs[0]["uri"], json!(c.uri("teams.kader")));
    assert_eq!(
        defs[0]["range"]["start"],
        json!({"line": 2, "character": 5})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn references_and_rename_across_files() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let teams = std::fs::read_to_string(c.root.join("teams.kader")).unwrap();
    let text = teams.replace("team team_openbare_orde", "team team_$0openbare_orde");
    let (uri, pos) = open_at(&mut c, "teams.kader", &text).await;
    let refs = c
        .at(
            "textDocument/references",
            &uri,
            pos.clone(),
            json!({"context": {"includeDeclaration": true}}),
        )
        .await;
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs:#}");
    assert!(files.iter().any(|f| f.ends_with("beleid/markt.kader")));

    let prep = c
        .at("textDocument/prepareRename", &uri, pos.clone(), json!({}))
        .await;
    assert_eq!(prep["start"], json!({"line": 2, "character": 5}));
    let edit = c
        .at(
            "textDocument/rename",
            &uri,
            pos.clone(),
            json!({"newName": "team_oov"}),
        )
        .await;
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{edit:#}");
    for edits in changes.values() {
        assert_eq!(edits[0]["newText"], "team_oov");
    }
    let bad = c
        .at(
            "textDocument/rename",
            &uri,
            pos,
            json!({"newName": "team oov"}),
        )
        .await;
    assert!(bad["error"]["message"]
        .as_str()
        .unwrap()
        .contains("geen geldige naam"));

    // A stdlib value cannot be renamed.
    let text = POLICY.replace("publieke_taak", "publieke_t$0aak");
    let (uri, pos) = open_at(&mut c, "beleid/r.kader", &text).await;
    let prep = c
        .at("textDocument/prepareRename", &uri, pos, json!({}))
        .await;
    assert!(prep["error"].is_object(), "{prep:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn document_and_workspace_symbols() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let markt = c.uri("beleid/markt.kader");
    c.diagnostics(&markt, |_| true).await;
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": markt}}),
        )
        .await;
    assert_eq!(syms[0]["name"], "demonstratie_markt_2024");
    let children: Vec<&str> = syms[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["x", "facebook"]);

    let ws = c
        .request("workspace/symbol", json!({"query": "webcare"}))
        .await;
    let names: Vec<&str> = ws
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"webcare") && names.contains(&"webcare_sentiment"),
        "{names:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn code_actions_apply_fixes_and_add_missing_fields() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "beleid x {\n    titel: \"Markt\"\n    grondslag: publieke_tak$0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/a.kader", text).await;
    let actions = code_actions(&mut c, &uri, &pos, None).await;
    let list = actions.as_array().unwrap();
    let fix = list
        .iter()
        .find(|a| a["title"] == "Vervang door `publieke_taak`")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "K0203");
    let add = list
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Vul de verplichte velden aan")
        })
        .unwrap();
    let edit = &add["edit"]["changes"][uri.as_str()][0];
    assert!(
        edit["newText"]
            .as_str()
            .unwrap()
            .contains("    verantwoordelijke: \n"),
        "{edit:#}"
    );
    assert_eq!(edit["range"]["start"], json!({"line": 3, "character": 0}));

    // A waivable rule offers to document an exception.
    let webcare = c.uri("beleid/webcare.kader");
    let at = json!({"line": 5, "character": 8});
    let actions = code_actions(&mut c, &webcare, &at, None).await;
    let exception = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Leg een afwijking van AVG-TAAK vast, met motivering")
        .unwrap_or_else(|| panic!("{actions:#}"));
    let text = exception["edit"]["changes"][webcare.as_str()][0]["newText"]
        .as_str()
        .unwrap();
    assert!(text.contains("    afwijking AVG-TAAK {\n"), "{text}");
    assert!(text.contains("        motivering: \"\"\n"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn semantic_tokens_folding_ranges_and_inlay_hints() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"];
    let (uri, _) = open_at(&mut c, "beleid/t.kader", &format!("{POLICY}$0")).await;
    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    // The first token is `beleid`: a keyword at 0:0 of length 6.
    assert_eq!(&data[..3], &[0, 0, 6]);
    assert_eq!(legend[data[3] as usize], "keyword");
    // The second is `x`, the policy's name, declared here.
    assert_eq!(&data[5..8], &[0, 7, 1]);
    assert_eq!(legend[data[8] as usize], "variable");
    assert_eq!(data[9] & 1, 1);

    let folds = c
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(folds[0]["startLine"], 0);
    assert_eq!(folds[0]["endLine"], 5);

    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}
            }),
        )
        .await;
    assert_eq!(hints[0]["label"], "4 dagen");
    assert_eq!(hints[0]["position"], json!({"line": 4, "character": 37}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rule_codes_in_exceptions_and_severity_overrides() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "beleid x {\n    titel: \"t\"\n    afwijking AVG-B$0EWAARTERMIJN {\n        motivering: \"m\"\n    }\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/e.kader", text).await;
    let t = hover_text(
        &c.at("textDocument/hover", &uri, pos.clone(), json!({}))
            .await,
    );
    assert!(t.contains("**AVG-BEWAARTERMIJN**"), "{t}");
    assert!(t.contains("eur-lex.europa.eu"), "{t}");
    let defs = c.at("textDocument/definition", &uri, pos, json!({})).await;
    let target = defs[0]["uri"].as_str().unwrap();
    assert!(target.ends_with("regels/avg.kader"), "{defs:#}");

    // `kader.toml` turns AVG-TAAK into a warning: the hint shows the default.
    let toml = c
        .open(
            "kader.toml",
            "[project]\ngemeente = \"Zuiderhaven\"\ntaal = \"nl\"\n\n[regels]\nAVG-TAAK = \"waarschuwing\"\n",
        )
        .await;
    let webcare = c.uri("beleid/webcare.kader");
    c.diagnostics(&webcare, |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "AVG-TAAK" && d["severity"] == 2)
    })
    .await;
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({
                "textDocument": {"uri": toml},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}
            }),
        )
        .await;
    assert_eq!(hints[0]["label"], "standaard fout", "{hints:#}");
    assert_eq!(hints[0]["position"], json!({"line": 5, "character": 25}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn formatting_rewrites_the_file_in_the_canonical_layout() {
    let (mut c, init) = Client::start("repo", Options::default()).await;
    assert_eq!(init["capabilities"]["documentFormattingProvider"], true);
    let messy = "team   t {omschrijving:   \"x\",}\n";
    let (uri, _) = open_at(&mut c, "f.kader", &format!("{messy}$0")).await;
    let params = json!({
        "textDocument": {"uri": uri},
        "options": {"tabSize": 4, "insertSpaces": true}
    });
    let edits = c.request("textDocument/formatting", params.clone()).await;
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(
        edits[0]["newText"],
        "team t {\n    omschrijving: \"x\"\n}\n"
    );

    // Formatted text needs no edits; a file with a syntax error gets none.
    c.change(&uri, 2, "team t {\n    omschrijving: \"x\"\n}\n")
        .await;
    c.diagnostics(&uri, |p| p["version"] == 2).await;
    let edits = c.request("textDocument/formatting", params.clone()).await;
    assert_eq!(edits, json!([]));
    c.change(&uri, 3, "team t {\n    omschrijving: \"x\n").await;
    c.diagnostics(&uri, |p| p["version"] == 3).await;
    let edits = c.request("textDocument/formatting", params).await;
    assert!(edits.is_null(), "{edits:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_source_action_writes_the_file_in_the_other_language() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "beleid x {\n    titel: \"Markt\"\n    grondslag: publieke_taak$0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/en.kader", text).await;
    let actions = code_actions(&mut c, &uri, &pos, None).await;
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Zet het bestand in het Engels")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(action["kind"], "source.kader.taal");
    let new_text = action["edit"]["changes"][uri.as_str()][0]["newText"]
        .as_str()
        .unwrap();
    assert!(new_text.starts_with("policy x {"), "{new_text}");
    assert!(new_text.contains("legal_basis: public_task"), "{new_text}");
}

/// The answer to `textDocument/codeAction` at `pos`, for the kinds `only`
/// (every kind when `None`).
async fn code_actions(
    c: &mut Client,
    uri: &tower_lsp::lsp_types::Url,
    pos: &Value,
    only: Option<Value>,
) -> Value {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = only;
    }
    c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": pos, "end": pos},
            "context": context
        }),
    )
    .await
}

/// The kinds of the actions a `codeAction` request with `only` returns.
async fn action_kinds(
    c: &mut Client,
    uri: &tower_lsp::lsp_types::Url,
    pos: &Value,
    only: Option<Value>,
) -> Vec<String> {
    let actions = code_actions(c, uri, pos, only).await;
    actions
        .as_array()
        .unwrap_or_else(|| panic!("{actions:#}"))
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect()
}

/// VS Code asks for `quickfix` on a squiggle and drops (with a warning)
/// every action of another kind: the server answers only the kinds asked
/// for, a kind or its sub-kinds (LSP `CodeActionContext.only`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn code_actions_honour_the_requested_kinds() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = "beleid x {\n    titel: \"Markt\"\n    grondslag: publieke_tak$0\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/only.kader", text).await;

    let all = action_kinds(&mut c, &uri, &pos, None).await;
    assert!(all.iter().any(|k| k == "quickfix"), "{all:?}");
    assert!(all.iter().any(|k| k == "source.kader.taal"), "{all:?}");

    let fixes = action_kinds(&mut c, &uri, &pos, Some(json!(["quickfix"]))).await;
    assert!(!fixes.is_empty());
    assert!(fixes.iter().all(|k| k == "quickfix"), "{fixes:?}");

    for parent in ["source", "source.kader", "source.kader.taal"] {
        let source = action_kinds(&mut c, &uri, &pos, Some(json!([parent]))).await;
        assert_eq!(source, ["source.kader.taal"], "only {parent}");
    }

    let both = action_kinds(&mut c, &uri, &pos, Some(json!(["quickfix", "source"]))).await;
    assert_eq!(both.len(), all.len(), "{both:?} vs {all:?}");

    // A prefix that is not a whole part of the kind, and kinds the server
    // has none of, get nothing.
    for other in [
        json!(["quick"]),
        json!(["source.kader.ta"]),
        json!(["refactor"]),
    ] {
        let none = action_kinds(&mut c, &uri, &pos, Some(other.clone())).await;
        assert!(none.is_empty(), "only {other}: {none:?}");
    }
}

#[tokio::test]
async fn a_fix_title_is_in_the_readers_language_and_quotes_the_files_words() {
    // A Dutch policy read with `taal: en`: the title's prose is English, the
    // field name it quotes is the one the edit writes into the Dutch file.
    let options = Options {
        init: json!({"taal": "en"}),
        ..Options::default()
    };
    let (mut c, _) = Client::start("repo", options).await;
    let text = "beleid x {\n    titel: \"Markt\"\n    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    grondslag: publieke_taak\n    logboek: n$0ee\n}\n";
    let (uri, pos) = open_at(&mut c, "beleid/a.kader", text).await;
    let actions = code_actions(&mut c, &uri, &pos, None).await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.contains(&"Set `logboek` to `ja`"), "{titles:?}");
}

/// The quick fix on AVG-FG-VEROUDERD opens what changed in the policy since
/// the FG's advice (read from git, compared with the editor's text) as a
/// page, and changes nothing in the policy. Without the finding there is
/// no such fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_advice_quick_fix_shows_what_changed_since_the_advice() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let (mut c, init) = Client::start_with(
        |root| {
            crate::lsp_support::copy_dir(&examples, root);
            let steps: [&[&str]; 6] = [
                &["init", "-q", "-b", "main"],
                &["config", "user.name", "FG Zuiderhaven"],
                &["config", "user.email", "fg@zuiderhaven.example"],
                &["config", "commit.gpgsign", "false"],
                &["add", "-A"],
                &["commit", "-q", "-m", "Advies van de FG"],
            ];
            for args in steps {
                let ok = std::process::Command::new("git")
                    .current_dir(root)
                    .args(args)
                    .status()
                    .unwrap()
                    .success();
                assert!(ok, "git {args:?}");
            }
        },
        Options::default(),
    )
    .await;
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["kader.sindsAdvies", "kader.waarom", "kader.toetsUitvoeren"])
    );
    let relative = "beleid/havenfestival.kader";
    let text = std::fs::read_to_string(examples.join(relative)).unwrap();
    let since_advice = |actions: &Value| -> Option<Value> {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["command"]["command"] == "kader.sindsAdvies")
            .cloned()
    };

    // As advised: no finding, no fix.
    let uri = c.open(relative, &text).await;
    let first = c.diagnostics(&uri, |p| p["version"] == 1).await;
    assert!(!crate::lsp_support::codes(&first).contains(&"AVG-FG-VEROUDERD".to_string()));
    let line = text
        .lines()
        .position(|l| l.contains("fg_advies_over"))
        .unwrap();
    let at = json!({"line": line, "character": 6});
    let actions = code_actions(&mut c, &uri, &at, Some(json!(["quickfix"]))).await;
    assert_eq!(since_advice(&actions), None, "{actions:#}");

    // A longer retention after the advice: the finding, and its fix.
    let edited = text.replace("bewaartermijn: 7 dagen", "bewaartermijn: 14 dagen");
    assert_ne!(edited, text);
    c.change(&uri, 2, &edited).await;
    let second = c.diagnostics(&uri, |p| p["version"] == 2).await;
    let finding = second["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "AVG-FG-VEROUDERD")
        .unwrap_or_else(|| panic!("{second:#}"))
        .clone();
    let at = finding["range"]["start"].clone();
    let actions = code_actions(&mut c, &uri, &at, Some(json!(["quickfix"]))).await;
    let action = since_advice(&actions).unwrap_or_else(|| panic!("{actions:#}"));
    assert!(action.get("edit").is_none(), "{action:#}");
    assert_eq!(action["kind"], "quickfix");

    let answer = c
        .request(
            "workspace/executeCommand",
            json!({
                "command": "kader.sindsAdvies",
                "arguments": action["command"]["arguments"]
            }),
        )
        .await;
    assert_eq!(answer, Value::Null);
    let shown = c.wait(|m| m["method"] == "window/showDocument").await;
    let page: tower_lsp::lsp_types::Url =
        serde_json::from_value(shown["params"]["uri"].clone()).unwrap();
    let page = std::fs::read_to_string(page.to_file_path().unwrap()).unwrap();
    assert!(page.contains("havenfestival_2025"), "{page}");
    assert!(
        page.contains("7 dagen") && page.contains("14 dagen"),
        "{page}"
    );
    // Only that policy, and the policy itself is untouched.
    assert!(!page.contains("webcare"), "{page}");
    assert_eq!(
        std::fs::read_to_string(c.root.join(relative)).unwrap(),
        text
    );

    // A command the server does not know is refused.
    let unknown = c
        .request(
            "workspace/executeCommand",
            json!({"command": "kader.onbekend", "arguments": []}),
        )
        .await;
    assert!(unknown.get("error").is_some(), "{unknown:#}");
}

/// "Waarom? / Why?" on a rule's finding opens the rule's decision trace for
/// the policy as a page, and the finding's hover ends with the clauses that
/// decided it. A compiler finding gets no such action.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn why_on_a_rule_finding_opens_its_trace() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let (mut c, _) = Client::start_with(
        |root| crate::lsp_support::copy_dir(&examples, root),
        Options::default(),
    )
    .await;
    let relative = "beleid/overlast_havenkwartier.kader";
    let text = std::fs::read_to_string(examples.join(relative)).unwrap();
    let uri = c.open(relative, &text).await;
    let found = c.diagnostics(&uri, |p| p["version"] == 1).await;
    let finding = found["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "OO-NEPACCOUNT")
        .unwrap_or_else(|| panic!("{found:#}"))
        .clone();
    let at = finding["range"]["start"].clone();

    let hover = c
        .at("textDocument/hover", &uri, at.clone(), json!({}))
        .await;
    let shown = hover_text(&hover);
    let last = shown.rsplit("\n\n").next().unwrap();
    assert_eq!(
        last, "**Waarom:** b in beleid.bron; b.account == fictief",
        "{shown}"
    );

    let actions = code_actions(&mut c, &uri, &at, Some(json!(["quickfix"]))).await;
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "kader.waarom")
        .unwrap_or_else(|| panic!("{actions:#}"))
        .clone();
    assert_eq!(action["title"], "Waarom? OO-NEPACCOUNT");
    assert!(action.get("edit").is_none(), "{action:#}");
    assert_eq!(
        action["command"]["arguments"].as_array().unwrap()[1..],
        [json!("overlast_havenkwartier"), json!("OO-NEPACCOUNT")]
    );
    let answer = c
        .request(
            "workspace/executeCommand",
            json!({"command": "kader.waarom", "arguments": action["command"]["arguments"]}),
        )
        .await;
    assert_eq!(answer, Value::Null);
    let shown = c.wait(|m| m["method"] == "window/showDocument").await;
    let page: tower_lsp::lsp_types::Url =
        serde_json::from_value(shown["params"]["uri"].clone()).unwrap();
    let path = page.to_file_path().unwrap();
    assert!(path.ends_with("paginas/waarom-overlast_havenkwartier-OO-NEPACCOUNT.md"));
    let page = std::fs::read_to_string(path).unwrap();
    assert!(
        page.starts_with("## OO-NEPACCOUNT voor `overlast_havenkwartier`: gaat af (fout)"),
        "{page}"
    );
    assert!(
        page.contains("- \u{2713} b.account == fictief\n    - b.account = fictief (beleid/overlast_havenkwartier.kader:"),
        "{page}"
    );

    // Near miss: a compiler finding (a typo) has no trace.
    let typo = text.replacen("handmatig", "handmatigg", 1);
    assert_ne!(typo, text);
    c.change(&uri, 2, &typo).await;
    let found = c.diagnostics(&uri, |p| p["version"] == 2).await;
    let typo_at = found["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"].as_str().is_some_and(|c| c.starts_with('K')))
        .unwrap_or_else(|| panic!("{found:#}"))["range"]["start"]
        .clone();
    let actions = code_actions(&mut c, &uri, &typo_at, Some(json!(["quickfix"]))).await;
    assert!(
        !actions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["command"]["command"] == "kader.waarom"),
        "{actions:#}"
    );
}
