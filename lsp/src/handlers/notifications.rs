//! The notifications that change what the server holds: documents opened,
//! changed and closed, files changed on disk, workspace folders.
//!
//! Each handler changes the state under its lock and returns before
//! anything is awaited, so changes are applied in the order they arrive
//! even though tower-lsp runs several handlers at once. It answers what
//! follows ([`Changed`]); the server runs it under the panic guard and
//! wakes the analyses.

use crate::project::{self, Watched};
use crate::state::{Project, Shared};
use std::path::PathBuf;
use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, FileChangeType, Url,
};

/// What a notification leaves to do.
#[derive(Debug, Default)]
pub struct Changed {
    /// Texts or projects changed: the analyses are to look for work.
    pub analyse: bool,
    /// Files the server no longer serves, whose diagnostics are to be
    /// cleared.
    pub cleared: Vec<Url>,
}

impl Changed {
    fn analyse(analyse: bool) -> Changed {
        Changed {
            analyse,
            cleared: Vec::new(),
        }
    }
}

pub fn did_open(state: &Shared, params: DidOpenTextDocumentParams) -> Changed {
    let d = params.text_document;
    Changed::analyse(state.lock().set_text(&d.uri, d.text, Some(d.version), true))
}

pub fn did_change(state: &Shared, params: DidChangeTextDocumentParams) -> Changed {
    // Full sync: the last change holds the whole text.
    let Some(change) = params.content_changes.into_iter().last() else {
        return Changed::default();
    };
    let d = params.text_document;
    Changed::analyse(
        state
            .lock()
            .set_text(&d.uri, change.text, Some(d.version), true),
    )
}

/// A closed file of a repository goes back to its text on disk (or, over
/// the size limit, to the mark of a file not read); any other closed file
/// is forgotten, and so is one that was served only while it was open
/// because the repository has more files than the file limit.
pub fn did_close(state: &Shared, params: DidCloseTextDocumentParams) -> Changed {
    let uri = params.text_document.uri;
    let limit = state.lock().load_options.max_file_size;
    let on_disk = project::read_closed(&uri, limit);
    let mut state = state.lock();
    let in_repository = state.projects.iter().any(|p| {
        p.root.is_some()
            && (p.files.contains_key(&uri) && !p.beyond_limit.contains(&uri) || p.is_config(&uri))
    });
    match on_disk {
        Some(read) if in_repository => {
            state.set_from_disk(&uri, read);
        }
        _ => state.remove(&uri),
    }
    Changed::analyse(true)
}

/// Files created, changed or deleted outside the editor. A file open in
/// the editor keeps the editor's text; a new `kader.toml` makes a new
/// project.
pub fn did_change_watched_files(state: &Shared, params: DidChangeWatchedFilesParams) -> Changed {
    for change in params.changes {
        let uri = change.uri;
        if state.lock().is_stdlib(&uri) {
            continue;
        }
        let Ok(path) = uri.to_file_path() else {
            continue;
        };
        let watched = project::watched(&path);
        if watched == Watched::Other {
            continue;
        }
        if change.typ == FileChangeType::DELETED {
            state.lock().remove(&uri);
            continue;
        }
        if watched == Watched::Config {
            let root = path.parent().map(std::path::Path::to_path_buf);
            let mut state = state.lock();
            let known = state.projects.iter().any(|p| p.root == root);
            if !known {
                if let Some(root) = root {
                    let options = state.load_options;
                    state.projects.push(Project::load(&root, options));
                }
                continue;
            }
        }
        let open = state.lock().projects.iter().any(|p| {
            p.files.get(&uri).is_some_and(|d| d.open)
                || p.config.as_ref().is_some_and(|(u, d)| *u == uri && d.open)
        });
        if open {
            continue;
        }
        let (root, limit) = {
            let state = state.lock();
            let root = state
                .projects
                .iter()
                .filter(|p| p.contains(&uri))
                .filter_map(|p| p.root.clone())
                .max_by_key(|r| r.as_os_str().len());
            (root, state.load_options.max_file_size)
        };
        if let Some(read) = project::read_changed(&path, root.as_deref(), limit) {
            state.lock().set_from_disk(&uri, read);
        }
    }
    Changed::analyse(true)
}

/// Adds the repositories of new workspace folders and forgets those of
/// removed ones, whose files' diagnostics are cleared.
pub fn did_change_workspace_folders(
    state: &Shared,
    params: DidChangeWorkspaceFoldersParams,
) -> Changed {
    let removed: Vec<PathBuf> = params
        .event
        .removed
        .iter()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    let added: Vec<PathBuf> = params
        .event
        .added
        .iter()
        .filter_map(|f| f.uri.to_file_path().ok())
        .flat_map(|f| project::roots_of(&f))
        .collect();
    let mut state = state.lock();
    let mut cleared = Vec::new();
    state.projects.retain(|p| {
        let gone = p
            .root
            .as_ref()
            .is_some_and(|r| removed.iter().any(|f| r.starts_with(f)));
        if gone {
            cleared.extend(p.published.keys().cloned());
        }
        !gone
    });
    for root in added {
        if !state
            .projects
            .iter()
            .any(|p| p.root.as_ref() == Some(&root))
        {
            let options = state.load_options;
            state.projects.push(Project::load(&root, options));
        }
    }
    Changed {
        analyse: true,
        cleared,
    }
}
