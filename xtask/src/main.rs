//! `cargo xtask dist`: the release artefacts of kader, in `target/dist/`.
//!
//! For one target (by default the machine's own):
//! - `kader-<version>-<target>.tar.gz` (`.zip` for Windows) with `kader`,
//!   `kader-lsp`, the README, the licence and the stdlib's licence notes,
//!   all in one folder of the same name;
//! - `kader-<version>-<vsce target>.vsix`: the VS Code extension for that
//!   platform with `kader-lsp` inside at `server/kader-lsp` (executable), so
//!   a lawyer installs one file and nothing else;
//! - `SHA256SUMS` over both, in the format `sha256sum --check` reads.
//!
//! The release workflow (`.github/workflows/release.yml`) runs the same
//! command once per target and joins the checksum files.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "\
Gebruik / usage: cargo xtask dist [--target TRIPLE] [--no-vsix]

  --target TRIPLE  bouw voor dit doel (standaard deze machine) / build for this target (default: this machine)
  --no-vsix        geen VS Code-extensie / no VS Code extension";

/// The Cargo profile of the shipped programs (release, stripped).
const PROFILE: &str = "release-dist";

/// The version of every package in the workspace.
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match run(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("fout / error: {message}");
            1
        }
    };
    std::process::exit(code);
}

struct Options {
    target: Option<String>,
    vsix: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("dist") => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            std::process::exit(0);
        }
        Some(other) => {
            return Err(format!(
                "onbekende opdracht / unknown task `{other}`\n{USAGE}"
            ))
        }
        None => return Err(format!("geen opdracht / no task\n{USAGE}")),
    }
    let mut options = Options {
        target: None,
        vsix: true,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--target" => match args.next() {
                Some(t) if !t.starts_with('-') => options.target = Some(t.clone()),
                _ => {
                    return Err(format!(
                        "--target heeft een waarde nodig / needs a value\n{USAGE}"
                    ))
                }
            },
            "--no-vsix" => options.vsix = false,
            other => {
                return Err(format!(
                    "onbekende optie / unknown option `{other}`\n{USAGE}"
                ))
            }
        }
    }
    Ok(options)
}

fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("the xtask has no parent folder")?
        .to_path_buf();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { root.join(d) })
        .unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let host = host_triple()?;
    let target = options.target.clone().unwrap_or_else(|| host.clone());
    let windows = target.contains("windows");
    let exe = if windows { ".exe" } else { "" };

    // The two binaries, from the lock file as it is.
    eprintln!("== cargo build --profile {PROFILE} ({target})");
    let mut build = Command::new(&cargo);
    build.current_dir(&root).args([
        "build",
        "--profile",
        PROFILE,
        "--locked",
        "-p",
        "kader-cli",
        "-p",
        "kader-lsp",
    ]);
    if options.target.is_some() {
        build.args(["--target", &target]);
    }
    status(&mut build, "cargo build")?;
    let bin = match options.target {
        Some(_) => target_dir.join(&target).join(PROFILE),
        None => target_dir.join(PROFILE),
    };
    let kader = bin.join(format!("kader{exe}"));
    let lsp = bin.join(format!("kader-lsp{exe}"));
    for b in [&kader, &lsp] {
        if !b.is_file() {
            return Err(format!("{} was not built", b.display()));
        }
    }

    let dist = target_dir.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cannot empty {}: {e}", dist.display()))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;

    // The archive: one folder with the programs and what a user must read.
    let name = format!("kader-{VERSION}-{target}");
    let files: Vec<(String, PathBuf, bool)> = vec![
        (format!("kader{exe}"), kader.clone(), true),
        (format!("kader-lsp{exe}"), lsp.clone(), true),
        ("README.md".into(), root.join("README.md"), false),
        ("LICENSE".into(), root.join("LICENSE"), false),
        (
            "STDLIB-LICENTIE.md".into(),
            root.join("stdlib/LICENTIE.md"),
            false,
        ),
    ];
    let mut artefacts = Vec::new();
    let archive = if windows {
        let path = dist.join(format!("{name}.zip"));
        write_zip(&path, &name, &files)?;
        path
    } else {
        let path = dist.join(format!("{name}.tar.gz"));
        write_tar_gz(&path, &name, &files)?;
        path
    };
    artefacts.push(archive);

    if options.vsix {
        let platform = vsce_target(&target)?;
        let vsix = dist.join(format!("kader-{VERSION}-{platform}.vsix"));
        package_vsix(&root, &lsp, exe, platform, &vsix)?;
        artefacts.push(vsix);
    }

    // Checksums, as `sha256sum --check` reads them.
    let mut sums = String::new();
    for a in &artefacts {
        let bytes = fs::read(a).map_err(|e| format!("cannot read {}: {e}", a.display()))?;
        let digest = Sha256::digest(&bytes);
        for b in digest {
            let _ = write!(sums, "{b:02x}");
        }
        let _ = writeln!(sums, "  {}", file_name(a));
    }
    let sums_path = dist.join("SHA256SUMS");
    fs::write(&sums_path, &sums)
        .map_err(|e| format!("cannot write {}: {e}", sums_path.display()))?;

    println!("{}:", dist.display());
    for a in artefacts.iter().chain([&sums_path]) {
        let size = fs::metadata(a).map(|m| m.len()).unwrap_or(0);
        println!("  {:<48} {:>10} bytes", file_name(a), size);
    }
    Ok(())
}

/// The target triple of the machine, from `rustc -vV`.
fn host_triple() -> Result<String, String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .arg("-vV")
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_string)
        .ok_or_else(|| "rustc -vV names no host".to_string())
}

/// The VS Code platform of a Rust target.
fn vsce_target(target: &str) -> Result<&'static str, String> {
    Ok(match target {
        "x86_64-unknown-linux-gnu" | "x86_64-unknown-linux-musl" => "linux-x64",
        "aarch64-unknown-linux-gnu" | "aarch64-unknown-linux-musl" => "linux-arm64",
        "x86_64-apple-darwin" => "darwin-x64",
        "aarch64-apple-darwin" => "darwin-arm64",
        "x86_64-pc-windows-msvc" | "x86_64-pc-windows-gnu" => "win32-x64",
        "aarch64-pc-windows-msvc" => "win32-arm64",
        other => {
            return Err(format!(
                "no VS Code platform for {other}; build with --no-vsix"
            ))
        }
    })
}

/// The VS Code extension with `kader-lsp` at `server/kader-lsp`.
fn package_vsix(
    root: &Path,
    lsp: &Path,
    exe: &str,
    platform: &str,
    out: &Path,
) -> Result<(), String> {
    let ext = root.join("editors/vscode");
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    eprintln!("== VS Code extension: npm ci, build");
    status(
        Command::new(npm).current_dir(&ext).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]),
        "npm ci",
    )?;
    status(
        Command::new(npm)
            .current_dir(&ext)
            .args(["run", "--silent", "build"]),
        "npm run build",
    )?;

    let server = ext.join("server");
    let bundled = server.join(format!("kader-lsp{exe}"));
    let result = (|| {
        if server.exists() {
            fs::remove_dir_all(&server)
                .map_err(|e| format!("cannot empty {}: {e}", server.display()))?;
        }
        fs::create_dir_all(&server)
            .map_err(|e| format!("cannot create {}: {e}", server.display()))?;
        fs::copy(lsp, &bundled).map_err(|e| format!("cannot copy kader-lsp: {e}"))?;
        make_executable(&bundled)?;
        eprintln!("== vsce package --target {platform}");
        status(
            Command::new("node")
                .current_dir(&ext)
                .args([
                    "node_modules/@vscode/vsce/vsce",
                    "package",
                    "--no-dependencies",
                    "--target",
                    platform,
                    "--out",
                ])
                .arg(out),
            "vsce package",
        )
    })();
    // The server folder is for this package only: a later plain package
    // (tests/e2e/vscode.sh) must not carry it.
    let _ = fs::remove_dir_all(&server);
    result?;
    check_vsix(out, exe)
}

/// The package really holds the server, and (outside Windows) as a program.
fn check_vsix(vsix: &Path, exe: &str) -> Result<(), String> {
    let file = fs::File::open(vsix).map_err(|e| format!("cannot open {}: {e}", vsix.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("{}: {e}", vsix.display()))?;
    let inside = format!("extension/server/kader-lsp{exe}");
    let entry = zip
        .by_name(&inside)
        .map_err(|e| format!("{} has no {inside}: {e}", vsix.display()))?;
    if exe.is_empty() && entry.unix_mode().is_none_or(|m| m & 0o111 == 0) {
        return Err(format!(
            "{inside} in {} is not executable (mode {:?})",
            vsix.display(),
            entry.unix_mode()
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("cannot make {} executable: {e}", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), String> {
    Ok(())
}

/// The modification time of every archive entry: `SOURCE_DATE_EPOCH` when
/// set (reproducible builds), else now.
fn mtime() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        })
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
}

fn write_tar_gz(out: &Path, folder: &str, files: &[(String, PathBuf, bool)]) -> Result<(), String> {
    let file =
        fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    let time = mtime();
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", out.display());
    for (name, path, executable) in files {
        let bytes = read(path)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(if *executable { 0o755 } else { 0o644 });
        header.set_mtime(time);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, format!("{folder}/{name}"), bytes.as_slice())
            .map_err(fail)?;
    }
    let gz = tar.into_inner().map_err(fail)?;
    gz.finish().map_err(fail)?.flush().map_err(fail)
}

fn write_zip(out: &Path, folder: &str, files: &[(String, PathBuf, bool)]) -> Result<(), String> {
    let file =
        fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let fail = |e: zip::result::ZipError| format!("cannot write {}: {e}", out.display());
    for (name, path, executable) in files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(if *executable { 0o755 } else { 0o644 });
        zip.start_file(format!("{folder}/{name}"), options)
            .map_err(fail)?;
        zip.write_all(&read(path)?)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    zip.finish().map_err(fail)?;
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs a command and turns a failure into a message.
fn status(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn arguments_are_read_and_bad_ones_explained() {
        let o = parse(&args(&[
            "dist",
            "--target",
            "aarch64-apple-darwin",
            "--no-vsix",
        ]))
        .ok();
        let o = o.as_ref();
        assert_eq!(
            o.and_then(|o| o.target.as_deref()),
            Some("aarch64-apple-darwin")
        );
        assert_eq!(o.map(|o| o.vsix), Some(false));
        for bad in [
            &["dist", "--target"][..],
            &["dist", "--fast"],
            &["build"],
            &[],
        ] {
            let err = parse(&args(bad)).err().unwrap_or_default();
            assert!(err.contains("cargo xtask dist"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn every_release_target_has_a_vs_code_platform() {
        for (target, platform) in [
            ("x86_64-unknown-linux-gnu", "linux-x64"),
            ("x86_64-unknown-linux-musl", "linux-x64"),
            ("aarch64-unknown-linux-musl", "linux-arm64"),
            ("x86_64-apple-darwin", "darwin-x64"),
            ("aarch64-apple-darwin", "darwin-arm64"),
            ("x86_64-pc-windows-msvc", "win32-x64"),
        ] {
            assert_eq!(vsce_target(target).ok(), Some(platform));
        }
        assert!(vsce_target("riscv64gc-unknown-linux-gnu").is_err());
    }
}
