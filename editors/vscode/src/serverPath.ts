// Waar kader-lsp staat: de instelling, dan het meegeleverde programma, dan PATH.
// Where kader-lsp is: the setting, then the bundled program, then PATH.
import * as fs from "fs";
import * as path from "path";

export type Source = "setting" | "bundled" | "path";

export interface Found {
  path: string;
  source: Source;
}

export interface Where {
  /** `kader.server.path`; empty when not set. */
  setting: string;
  /** The extension's own folder. */
  extensionPath: string;
  /** The PATH variable. */
  envPath: string;
  platform: NodeJS.Platform;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "kader-lsp.exe" : "kader-lsp";
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The first kader-lsp found, or an explanation of what was tried. A setting
 * that points at nothing is an error of its own: the user asked for that
 * program, so falling back silently would hide the mistake.
 */
export function findServer(where: Where): Found | { missing: string[] } {
  const name = executableName(where.platform);
  const setting = where.setting.trim();
  if (setting !== "") {
    return isExecutable(setting, where.platform)
      ? { path: setting, source: "setting" }
      : { missing: [setting] };
  }
  const tried: string[] = [];
  const bundled = path.join(where.extensionPath, "server", name);
  if (isExecutable(bundled, where.platform)) {
    return { path: bundled, source: "bundled" };
  }
  tried.push(bundled);
  const separator = where.platform === "win32" ? ";" : ":";
  for (const dir of where.envPath.split(separator)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutable(candidate, where.platform)) {
      return { path: candidate, source: "path" };
    }
  }
  tried.push(`${name} (PATH)`);
  return { missing: tried };
}

/** What the server says about itself in its answer to `initialize`. */
export interface ServerInfo {
  name: string;
  version?: string;
}

/**
 * The line the output channel shows once the server runs: which server,
 * which version (with the hash of its law texts and rules) and from where.
 */
export function describeServer(info: ServerInfo | undefined, found: Found): string {
  const name = info?.name ?? "kader-lsp";
  const version = info?.version ?? "onbekende versie / unknown version";
  const from: Record<Source, string> = {
    setting: "instelling / setting kader.server.path",
    bundled: "meegeleverd / bundled",
    path: "PATH",
  };
  return `${name} ${version} — ${found.path} (${from[found.source]})`;
}
