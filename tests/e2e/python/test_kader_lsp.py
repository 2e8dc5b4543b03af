"""kader-lsp gestuurd door een tweede, onafhankelijke LSP-client (pytest-lsp).
kader-lsp driven by a second, independent LSP client (pytest-lsp).

Environment: KADER_LSP (the server binary) and KADER_BIN (the `kader` CLI,
whose JSON output is the reference for the diagnostics). Every test works on
its own copy of examples/ and stdlib/, so no file in the repository changes.
"""

import ast
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pygls.exceptions import JsonRpcInvalidParams
from pytest_lsp import (
    ClientServerConfig,
    LanguageClient,
    client_capabilities,
    make_test_lsp_client,
)

REPO = Path(__file__).resolve().parents[3]
POLICY = "beleid/overlast_havenkwartier.kader"
TEAMS = "organisatie/teams.kader"


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set (run tests/e2e/python.sh)")
    return value


def _server_env(tmp: str) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = tmp
    return env


def _register_capability(client: LanguageClient, params: t.RegistrationParams):
    client.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _client() -> LanguageClient:
    """pytest-lsp's client, which also accepts `client/registerCapability`
    (kader-lsp asks to watch the repository's files)."""
    client = make_test_lsp_client()
    client.registrations = []  # type: ignore[attr-defined]
    client.feature(t.CLIENT_REGISTER_CAPABILITY)(_register_capability)
    return client


CONFIG = ClientServerConfig(
    server_command=[os.environ.get("KADER_LSP", "kader-lsp")],
    client_factory=_client,
    server_env=_server_env(os.environ.get("KADER_E2E_CACHE", "/tmp")),
)


def _init(workspace: Path, taal: str | None = None) -> t.InitializeParams:
    return t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=workspace.as_uri(), name="examples")],
        initialization_options={"taal": taal} if taal else None,
    )


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, workspace: Path):
    result = await lsp_client.initialize_session(_init(workspace))
    lsp_client.kader_init = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def english(lsp_client: LanguageClient, workspace: Path):
    await lsp_client.initialize_session(_init(workspace, taal="en"))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(
                uri=uri, language_id="kader", version=1, text=path.read_text("utf-8")
            )
        )
    )
    return uri


async def _diagnostics(client: LanguageClient, uri: str) -> list[t.Diagnostic]:
    while uri not in client.diagnostics:
        await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _at(path: Path, needle: str, offset: int = 0) -> t.Position:
    """The UTF-16 position of `needle` (plus `offset` characters) in a file."""
    for n, line in enumerate(path.read_text("utf-8").splitlines()):
        col = line.find(needle)
        if col >= 0:
            before = line[: col + offset]
            return t.Position(line=n, character=len(before.encode("utf-16-le")) // 2)
    raise AssertionError(f"{needle!r} not in {path}")


def _cli(workspace: Path, taal: str) -> list[dict]:
    out = subprocess.run(
        [_env("KADER_BIN"), "check", "--format", "json", "--taal", taal, str(workspace)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)["diagnostics"]


async def test_initialize_announces_the_features(client: LanguageClient):
    caps = client.kader_init.capabilities  # type: ignore[attr-defined]
    assert caps.hover_provider
    assert caps.completion_provider is not None
    assert caps.definition_provider
    assert caps.rename_provider
    assert caps.code_action_provider
    assert client.kader_init.server_info.name == "kader-lsp"  # type: ignore[attr-defined]


def _same_as_cli(lsp: list[t.Diagnostic], cli: list[dict], path: Path):
    lines = path.read_text("utf-8").splitlines()
    got = sorted(
        (str(d.code), d.range.start.line, d.range.start.character, d.message) for d in lsp
    )
    want = []
    for d in cli:
        start = d["range"]["start"]
        text = lines[start["line"] - 1][: start["column"] - 1]
        want.append(
            (d["code"], start["line"] - 1, len(text.encode("utf-16-le")) // 2, d["message"])
        )
    want.sort()
    assert [g[:3] for g in got] == [w[:3] for w in want]
    for g, w in zip(got, want):
        assert g[3].startswith(w[3]), (g[3], w[3])


async def test_diagnostics_match_the_command_line(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    lsp = await _diagnostics(client, _open(client, path))
    cli = [d for d in _cli(workspace, "nl") if d["file"] == POLICY]
    assert {d["code"] for d in cli} == {"OO-BESLOTEN-GROEP", "OO-NEPACCOUNT"}
    _same_as_cli(lsp, cli, path)
    nep = next(d for d in lsp if d.code == "OO-NEPACCOUNT")
    assert nep.range.start == _at(path, "account: fictief", len("account: "))
    assert nep.severity == t.DiagnosticSeverity.Error


async def test_a_clean_policy_has_no_diagnostics(client: LanguageClient, workspace: Path):
    assert await _diagnostics(client, _open(client, workspace / "beleid/havenfestival.kader")) == []


async def test_taal_from_initialization_options(english: LanguageClient, workspace: Path):
    path = workspace / POLICY
    lsp = await _diagnostics(english, _open(english, path))
    cli_en = [d for d in _cli(workspace, "en") if d["file"] == POLICY]
    cli_nl = [d for d in _cli(workspace, "nl") if d["file"] == POLICY]
    assert {d["message"] for d in cli_en}.isdisjoint({d["message"] for d in cli_nl})
    _same_as_cli(lsp, cli_en, path)


def _article_text(name: str) -> str:
    lines = (REPO / "stdlib/wet/avg.kader").read_text("utf-8").splitlines()
    start = lines.index(next(l for l in lines if l.startswith(f"artikel {name} ")))
    tekst = next(i for i in range(start, len(lines)) if 'tekst: """' in lines[i])
    return lines[tekst + 1].strip()


async def test_hover_shows_the_article(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    uri = _open(client, path)
    await _diagnostics(client, uri)
    hover = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=_at(path, "publieke_taak", 3),
        )
    )
    assert hover is not None
    text = hover.contents.value
    assert "AVG art. 6 lid 1 sub e" in text
    assert _article_text("avg_6_1_e") in text
    # Near miss: a blank spot shows nothing.
    blank = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=t.Position(line=_at(path, "publieke_taak").line - 1, character=0),
        )
    )
    assert blank is None or "AVG art. 6 lid 1 sub e" not in blank.contents.value


def _variants(choice: str) -> set[str]:
    text = (REPO / "stdlib/schema/keuzes.kader").read_text("utf-8")
    block = re.search(r"^keuze " + choice + r" / \w+ \{(.*?)^\}", text, re.S | re.M)
    assert block, choice
    return set(re.findall(r"^\s+(\w+) / \w+", block.group(1), re.M))


async def test_completion_offers_the_values_of_the_field(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    uri = _open(client, path)
    await _diagnostics(client, uri)
    pos = _at(path, "publieke_taak")
    result = await client.text_document_completion_async(
        t.CompletionParams(text_document=t.TextDocumentIdentifier(uri=uri), position=pos)
    )
    items = result.items if isinstance(result, t.CompletionList) else result
    labels = {i.label for i in items}
    grondslag = _variants("grondslag")
    assert "publieke_taak" in grondslag and len(grondslag) >= 5
    assert grondslag <= labels, grondslag - labels
    # Near miss: the values of another vocabulary (doel) are not offered here.
    assert not (_variants("doel") - grondslag) & labels


async def test_definition_of_a_team(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    uri = _open(client, path)
    await _diagnostics(client, uri)
    result = await client.text_document_definition_async(
        t.DefinitionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=_at(path, "team_wijkaanpak", 2),
        )
    )
    locations = result if isinstance(result, list) else [result]
    assert len(locations) == 1
    loc = locations[0]
    target = loc.target_uri if isinstance(loc, t.LocationLink) else loc.uri
    where = loc.target_selection_range if isinstance(loc, t.LocationLink) else loc.range
    assert target == (workspace / TEAMS).as_uri()
    assert where.start == _at(workspace / TEAMS, "team_wijkaanpak")


async def test_rename_a_team_everywhere(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    uri = _open(client, path)
    await _diagnostics(client, uri)
    pos = _at(path, "team_wijkaanpak", 1)
    prepared = await client.text_document_prepare_rename_async(
        t.PrepareRenameParams(text_document=t.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert prepared is not None
    edit = await client.text_document_rename_async(
        t.RenameParams(
            text_document=t.TextDocumentIdentifier(uri=uri), position=pos, new_name="team_buurt"
        )
    )
    assert edit is not None
    changes: dict[str, list[t.TextEdit]] = dict(edit.changes or {})
    for doc in edit.document_changes or []:
        changes.setdefault(doc.text_document.uri, []).extend(doc.edits)
    want = {
        p.as_uri()
        for p in workspace.rglob("*.kader")
        if re.search(r"\bteam_wijkaanpak\b", p.read_text("utf-8"))
    }
    assert len(want) >= 2
    assert set(changes) == want
    for file_uri, edits in changes.items():
        lines = Path(file_uri.removeprefix("file://")).read_text("utf-8").splitlines()
        for e in edits:
            assert e.new_text == "team_buurt"
            line = lines[e.range.start.line]
            assert line[e.range.start.character : e.range.end.character] == "team_wijkaanpak"
    # Near miss: a field name is part of the schema and cannot be renamed here.
    with pytest.raises(JsonRpcInvalidParams):
        await client.text_document_prepare_rename_async(
            t.PrepareRenameParams(
                text_document=t.TextDocumentIdentifier(uri=uri),
                position=_at(path, "geautoriseerd", 1),
            )
        )


async def _execute(client: LanguageClient, command: t.Command):
    return await client.workspace_execute_command_async(
        t.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )


async def _message_after(client: LanguageClient, seen: int) -> str:
    """The first `window/showMessage` after the first `seen` ones (it may
    arrive just after the command's answer)."""
    async with asyncio.timeout(30):
        while len(client.messages) <= seen:
            await client.wait_for_notification(t.WINDOW_SHOW_MESSAGE)
    return client.messages[seen].message


def _command_of(action: t.CodeAction | t.Command) -> t.Command | None:
    """The command an action runs. lsprotocol reads every action that has a
    `command` as a bare Command, with the CodeAction's command object turned
    into its Python text in `command`; that text is read back here."""
    if isinstance(action, t.CodeAction):
        return action.command
    if action.command.startswith("{"):
        inner = ast.literal_eval(action.command)
        return t.Command(
            title=inner["title"], command=inner["command"], arguments=inner.get("arguments")
        )
    return action


async def test_waarom_opens_the_decision_trace(client: LanguageClient, workspace: Path):
    path = workspace / POLICY
    uri = _open(client, path)
    nep = next(d for d in await _diagnostics(client, uri) if d.code == "OO-NEPACCOUNT")
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=nep.range,
            context=t.CodeActionContext(diagnostics=[nep]),
        )
    )
    why = [c for c in map(_command_of, actions or []) if c and c.command == "kader.waarom"]
    assert [c.title for c in why] == ["Waarom? OO-NEPACCOUNT"], actions
    shown = len(client.shown_documents)
    await _execute(client, why[0])
    assert len(client.shown_documents) == shown + 1, client.messages
    page = Path(client.shown_documents[-1].uri.removeprefix("file://"))
    trace = page.read_text("utf-8")
    # The rule, the policy, whether it fired, and the clauses with their values.
    assert "OO-NEPACCOUNT" in trace and "overlast_havenkwartier" in trace, trace
    assert "fictief" in trace and "✓" in trace, trace
    # Near miss: a rule that is not about this policy opens no page, and says so.
    other = t.Command(
        title="", command="kader.waarom",
        arguments=[uri, "overlast_havenkwartier", "GEEN-REGEL"],
    )
    seen = len(client.messages)
    await _execute(client, other)
    assert "GEEN-REGEL" in await _message_after(client, seen)
    assert len(client.shown_documents) == shown + 1


TESTS = "toetsen/vakantieverhuur.kader"


async def test_the_test_lens_runs_the_tests(client: LanguageClient, workspace: Path):
    path = workspace / TESTS
    uri = _open(client, path)
    await _diagnostics(client, uri)
    lenses = await client.text_document_code_lens_async(
        t.CodeLensParams(text_document=t.TextDocumentIdentifier(uri=uri))
    )
    run = [l for l in lenses or [] if l.command and l.command.command == "kader.toetsUitvoeren"]
    titles = [l.command.title for l in run]
    assert titles.count("▶ Toets uitvoeren") == 3 and "▶ Alle toetsen (3)" in titles, titles
    everything = next(l for l in run if l.command.title.startswith("▶ Alle"))
    seen = len(client.messages)
    await _execute(client, everything.command)
    assert await _message_after(client, seen) == "3 toetsen: 3 geslaagd, 0 mislukt, 0 onjuist"
    # Near miss: the editor's text now expects the opposite of the first
    # test; running that test fails, and the failure is an error on its name.
    text = path.read_text("utf-8").replace(
        "    verwacht: []\n    niet_verwacht: [OO-STELSELMATIG, OO-STELSELMATIG-RISICO]",
        "    verwacht: [OO-STELSELMATIG]\n    niet_verwacht: [OO-STELSELMATIG-RISICO]",
        1,
    )
    assert text != path.read_text("utf-8")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    name = _at(path, "vakantieverhuur_kort")
    lens = next(
        l for l in await client.text_document_code_lens_async(
            t.CodeLensParams(text_document=t.TextDocumentIdentifier(uri=uri))
        ) or []
        if l.command and l.command.title == "▶ Toets uitvoeren" and l.range.start.line == name.line
    )
    seen = len(client.messages)
    await _execute(client, lens.command)
    assert await _message_after(client, seen) == "1 toets: 0 geslaagd, 1 mislukt, 0 onjuist"
    for _ in range(50):
        failed = [d for d in client.diagnostics.get(uri, []) if d.range.start == name]
        if failed:
            break
        await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert failed and failed[0].severity == t.DiagnosticSeverity.Error, client.diagnostics.get(uri)
    assert "OO-STELSELMATIG" in failed[0].message, failed[0].message


async def test_shutdown_and_exit(workspace: Path):
    client = await CONFIG.start()
    try:
        await client.initialize_session(_init(workspace))
        await client.shutdown_session()
        assert client._server is not None
        assert client._server.returncode == 0
    finally:
        await client.stop()


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
