//! Diagnostics a client pulls (`textDocument/diagnostic`,
//! `workspace/diagnostic`), for a client that announces pulling; any other
//! client gets them pushed by the scheduler, never both.
//!
//! Every report carries a result id derived from the list it reports: the
//! same list gets the same id, so a client that names the id it has is
//! answered "unchanged". Reports are made only from the analysis of the
//! latest text (see [`crate::scheduler::Scheduler::fresh_snapshot`]).

use crate::from_proto::Encoding;
use crate::scheduler::{own_files, published};
use crate::state::Snapshot;
use kader::{FileId, Taal};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::{
    Diagnostic, DocumentDiagnosticReport, DocumentDiagnosticReportKind,
    DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport, Url, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
    WorkspaceDiagnosticReportResult, WorkspaceDocumentDiagnosticReport,
    WorkspaceFullDocumentDiagnosticReport, WorkspaceUnchangedDocumentDiagnosticReport,
};

/// The result id of a list of diagnostics: equal lists, equal ids.
pub fn result_id(list: &[Diagnostic]) -> String {
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(list)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The report of one list: "unchanged" when the client has it under
/// `previous`.
pub fn report(list: Vec<Diagnostic>, previous: Option<&str>) -> DocumentDiagnosticReportKind {
    let id = result_id(&list);
    if previous == Some(id.as_str()) {
        DocumentDiagnosticReportKind::Unchanged(UnchangedDocumentDiagnosticReport { result_id: id })
    } else {
        DocumentDiagnosticReportKind::Full(FullDocumentDiagnosticReport {
            result_id: Some(id),
            items: list,
        })
    }
}

/// The answer to `textDocument/diagnostic` for `file` of `snap`, or, with
/// no analysis (a file the server does not serve, the read-only stdlib),
/// an empty list.
pub fn document(
    found: Option<(&Snapshot, FileId, Taal)>,
    encoding: Encoding,
    previous: Option<&str>,
) -> DocumentDiagnosticReportResult {
    let list = found
        .map(|(snap, file, taal)| published(snap, file, taal, encoding).0)
        .unwrap_or_default();
    let report = match report(list, previous) {
        DocumentDiagnosticReportKind::Full(full) => {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: full,
            })
        }
        DocumentDiagnosticReportKind::Unchanged(unchanged) => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: unchanged,
            })
        }
    };
    DocumentDiagnosticReportResult::Report(report)
}

/// The answer to `workspace/diagnostic`: every file of every repository
/// whose analysis of the latest text is in.
pub fn workspace(
    snapshots: &[(Arc<Snapshot>, Taal)],
    encoding: Encoding,
    params: &WorkspaceDiagnosticParams,
) -> WorkspaceDiagnosticReportResult {
    let previous: HashMap<&Url, &str> = params
        .previous_result_ids
        .iter()
        .map(|p| (&p.uri, p.value.as_str()))
        .collect();
    let mut items = Vec::new();
    for (snap, taal) in snapshots {
        for (file, uri) in own_files(snap) {
            let (list, version) = published(snap, file, *taal, encoding);
            let version = version.map(i64::from);
            let uri = uri.clone();
            items.push(match report(list, previous.get(&uri).copied()) {
                DocumentDiagnosticReportKind::Full(full) => {
                    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version,
                        full_document_diagnostic_report: full,
                    })
                }
                DocumentDiagnosticReportKind::Unchanged(unchanged) => {
                    WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version,
                            unchanged_document_diagnostic_report: unchanged,
                        },
                    )
                }
            });
        }
    }
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}

/// The answer when the analysis of the latest text is not in yet: the
/// protocol's "server cancelled", asking the client to pull again.
pub fn not_yet() -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::ServerError(-32802),
        message: "de analyse van de laatste tekst is nog bezig / the analysis of the latest text is still running".into(),
        data: Some(serde_json::json!({"retriggerRequest": true})),
    }
}
