// De kader-extensie: start kader-lsp en verbindt het met VS Code.
// The kader extension: starts kader-lsp and connects it to VS Code.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  Location as LspLocation,
  Position as LspPosition,
  ServerOptions,
} from "vscode-languageclient/node";
import { isPage } from "./pages";
import { describeServer, findServer } from "./serverPath";

let client: LanguageClient | undefined;

const INSTALL = "Installatie-instructies / Install instructions";

// The command the server's code lenses ("gebruikt door 5 beleidsregels")
// run: it turns the protocol's arguments into VS Code's and shows the
// references as editor.action.showReferences does.
const SHOW_REFERENCES = "kader.toonVerwijzingen";
const SETTINGS = "Instellingen / Settings";

function taal(): string | undefined {
  const value = vscode.workspace.getConfiguration("kader").get<string>("taal", "");
  return value === "nl" || value === "en" ? value : undefined;
}

async function notFound(context: vscode.ExtensionContext, tried: string[]): Promise<void> {
  const message =
    "kader kan het programma kader-lsp niet vinden, dus er worden geen bevindingen getoond. " +
    `Gezocht: ${tried.join(", ")}. / kader cannot find the program kader-lsp, so no findings are shown. ` +
    `Looked for: ${tried.join(", ")}.`;
  const choice = await vscode.window.showErrorMessage(message, INSTALL, SETTINGS);
  if (choice === INSTALL) {
    const readme = vscode.Uri.joinPath(context.extensionUri, "README.md");
    await vscode.commands.executeCommand("markdown.showPreview", readme);
  } else if (choice === SETTINGS) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "kader.server.path");
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer({
    setting: vscode.workspace.getConfiguration("kader").get<string>("server.path", ""),
    extensionPath: context.extensionPath,
    envPath: process.env.PATH ?? "",
    platform: process.platform,
  });
  if ("missing" in found) {
    await notFound(context, found.missing);
    return;
  }
  const serverOptions: ServerOptions = { command: found.path, args: [] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "kader" },
      { scheme: "untitled", language: "kader" },
      { scheme: "file", pattern: "**/kader.toml" },
    ],
    initializationOptions: {
      taal: taal(),
      // A machine setting: a workspace cannot turn it on (see package.json).
      allowExternalPacks: vscode.workspace
        .getConfiguration("kader")
        .get<boolean>("allowExternalPacks", false),
      // The limits that keep the editor responsive on files nobody meant to
      // check; maxFileSize also follows later changes of the settings.
      maxFileSize: vscode.workspace.getConfiguration("kader").get<number>("maxFileSize"),
      maxFiles: vscode.workspace.getConfiguration("kader").get<number>("maxFiles"),
      showReferencesCommand: SHOW_REFERENCES,
    },
    synchronize: { configurationSection: "kader" },
    middleware: {
      window: {
        // The server's own pages (the decision trace of "Waarom?") open as
        // the Markdown preview, beside the policy.
        showDocument: async (params, next) => {
          if (!isPage(params)) {
            const shown = await next(params, new vscode.CancellationTokenSource().token);
            return "success" in shown ? shown : { success: false };
          }
          const page = vscode.Uri.parse(params.uri);
          await vscode.commands.executeCommand("markdown.showPreviewToSide", page);
          return { success: true };
        },
      },
    },
  };
  client = new LanguageClient("kader", "kader", serverOptions, clientOptions);
  try {
    await client.start();
    // Which server answers, in the output channel (View → Output → kader).
    client.outputChannel.appendLine(describeServer(client.initializeResult?.serverInfo, found));
  } catch (e) {
    client = undefined;
    void vscode.window.showErrorMessage(
      `kader-lsp (${found.path}) kon niet starten / could not start: ${String(e)}`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      SHOW_REFERENCES,
      async (uri: string, position: LspPosition, locations: LspLocation[]) => {
        const running = client;
        if (!running) {
          return;
        }
        const p2c = running.protocol2CodeConverter;
        await vscode.commands.executeCommand(
          "editor.action.showReferences",
          p2c.asUri(uri),
          p2c.asPosition(position),
          locations.map((location) => p2c.asLocation(location)),
        );
      },
    ),
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("kader.server.path")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
