//! Policy tests in the editor: the lenses "▶ Toets uitvoeren / Run test"
//! and "▶ Alle toetsen (N)", the command `kader.toetsUitvoeren` they run,
//! and its results as diagnostics on the test names of the latest text.

use crate::lsp_support::{Client, Options};
use serde_json::{json, Value};

/// A policy without a period: OO-TIJDSBEGRENZING fires on it.
const POLICY: &str = "beleid braderie {\n    titel: \"Braderie\"\n    gericht_op: evenement\n}\n";

/// The first test passes, the second fails.
const TESTS: &str = "toets zonder_periode {\n    beleid: braderie\n    verwacht: [OO-TIJDSBEGRENZING]\n}\n\ntoets mag_niet / must_not {\n    beleid: braderie\n    niet_verwacht: [OO-TIJDSBEGRENZING]\n}\n";

/// A server on the fixture repository with the policy and the tests open.
async fn with_tests(options: Options) -> (Client, tower_lsp::lsp_types::Url) {
    let pull = options.pull;
    let (mut c, _) = Client::start("repo", options).await;
    c.open("beleid/braderie.kader", POLICY).await;
    let uri = c.open("toetsen/braderie.kader", TESTS).await;
    if !pull {
        c.diagnostics(&uri, |p| p["version"] == 1).await;
    }
    (c, uri)
}

async fn lenses(c: &mut Client, uri: &tower_lsp::lsp_types::Url) -> Value {
    c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    )
    .await
}

fn titles(lenses: &Value) -> Vec<String> {
    lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap().to_string())
        .collect()
}

/// Runs the command and returns the summary it shows.
async fn run(c: &mut Client, arguments: Value) -> String {
    let answer = c
        .request(
            "workspace/executeCommand",
            json!({"command": "kader.toetsUitvoeren", "arguments": arguments}),
        )
        .await;
    assert_eq!(answer, Value::Null);
    let shown = c.wait(|m| m["method"] == "window/showMessage").await;
    shown["params"]["message"].as_str().unwrap().to_string()
}

fn errors_on_line(published: &Value, line: u64) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["range"]["start"]["line"] == line && d["severity"] == 1)
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn lenses_run_the_tests_and_failures_land_on_the_test_name() {
    let (mut c, uri) = with_tests(Options::default()).await;
    let found = lenses(&mut c, &uri).await;
    assert_eq!(
        titles(&found),
        [
            "▶ Alle toetsen (2)",
            "▶ Toets uitvoeren",
            "▶ Toets uitvoeren"
        ],
        "{found:#}"
    );
    for lens in found.as_array().unwrap() {
        assert_eq!(lens["command"]["command"], "kader.toetsUitvoeren");
        assert_eq!(lens["command"]["arguments"][0], json!(uri));
    }
    assert_eq!(found[0]["range"]["start"]["line"], 0);
    assert!(found[0]["command"]["arguments"].get(1).is_none());
    assert_eq!(found[1]["command"]["arguments"][1], "zonder_periode");
    assert_eq!(found[2]["command"]["arguments"][1], "mag_niet");
    assert_eq!(found[2]["range"]["start"]["line"], 5);
    // The policy file has no tests: no test lenses.
    let policy = c.uri("beleid/braderie.kader");
    let none = lenses(&mut c, &policy).await;
    assert!(
        !titles(&none).iter().any(|t| t.starts_with('▶')),
        "{none:#}"
    );

    // One passing test: no diagnostic on its name.
    let summary = run(&mut c, found[1]["command"]["arguments"].clone()).await;
    assert_eq!(summary, "1 toets: 1 geslaagd, 0 mislukt, 0 onjuist");

    // All tests: the failing one gets an error with the difference.
    let summary = run(&mut c, json!([uri])).await;
    assert_eq!(summary, "2 toetsen: 1 geslaagd, 1 mislukt, 0 onjuist");
    let published = c
        .diagnostics(&uri, |p| !errors_on_line(p, 5).is_empty())
        .await;
    assert_eq!(
        errors_on_line(&published, 5),
        ["Toets `mag_niet` mislukt\ngemeld maar niet verwacht: OO-TIJDSBEGRENZING"],
        "{published:#}"
    );
    let on_name = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == 1 && d["range"]["start"]["line"] == 5)
        .unwrap();
    assert_eq!(on_name["range"]["start"]["character"], 6);
    assert_eq!(on_name["range"]["end"]["character"], 14);
    assert!(errors_on_line(&published, 0).is_empty(), "{published:#}");

    // A change to the file: the result does not stay on the new text.
    let changed = TESTS.replacen("toets zonder", "// gewijzigd\ntoets zonder", 1);
    c.change(&uri, 2, &changed).await;
    let after = c.diagnostics(&uri, |p| p["version"] == 2).await;
    let messages: Vec<&str> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(!messages.iter().any(|m| m.contains("mislukt")), "{after:#}");
}

/// The diagnostics a client pulls for `uri`, or the error "not yet".
async fn pull(c: &mut Client, uri: &tower_lsp::lsp_types::Url) -> Value {
    c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_english_and_for_a_client_that_pulls() {
    let options = Options {
        init: json!({"taal": "en"}),
        pull: true,
        ..Options::default()
    };
    let (mut c, uri) = with_tests(options).await;
    // Wait for the analysis of the opened texts.
    let mut before = pull(&mut c, &uri).await;
    while before.get("error").is_some() {
        before = pull(&mut c, &uri).await;
    }
    assert!(errors_on_line(&json!({"diagnostics": before["items"]}), 5).is_empty());
    let found = lenses(&mut c, &uri).await;
    assert_eq!(
        titles(&found),
        ["▶ All tests (2)", "▶ Run test", "▶ Run test"],
        "{found:#}"
    );
    let summary = run(&mut c, found[2]["command"]["arguments"].clone()).await;
    assert_eq!(summary, "1 test: 0 passed, 1 failed, 0 malformed");
    let after = pull(&mut c, &uri).await;
    assert_eq!(
        errors_on_line(&json!({"diagnostics": after["items"]}), 5),
        ["Test `must_not` failed\nreported but not expected: OO-TIJDSBEGRENZING"],
        "{after:#}"
    );
}
