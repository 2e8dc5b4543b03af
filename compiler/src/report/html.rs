//! The register as one self-contained HTML file: inline CSS, no scripts, no
//! external resources. It opens with a summary and a table of contents and
//! gives each policy its own section with a status badge and a table of the
//! elements (art. 30 lid 1 first). It reads well on screen and prints well
//! (`@media print`: every policy starts on a new page, links show their
//! address, nothing is cut off), for a lawyer or a council member.

use super::{not_stated, status_word, Register};
use crate::diagnostics::Taal;

const STYLE: &str = r#"
:root { --ink: #1b1f24; --muted: #5b6570; --line: #d9dee3; --bg: #f6f7f9; --ok: #1a7f37; --bad: #b42318; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.55 Georgia, "Times New Roman", serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2.5rem 2rem 4rem; background: #fff; min-height: 100vh; }
h1, h2, h3, nav, table, .meta, .badge, footer { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .75rem; color: var(--accent); }
h2 { font-size: 1.35rem; margin: 0 0 .35rem; }
.intro { font-size: 1.05rem; max-width: 46rem; }
.summary { margin: 1rem 0 1.5rem; font-weight: 600; }
nav { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1.25rem; margin: 0 0 2rem; background: #fbfcfd; }
nav h2 { font-size: 1rem; margin: 0 0 .4rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
nav ol { margin: 0; padding-left: 1.4rem; }
nav li { margin: .15rem 0; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
nav .badge { font-size: .7rem; margin-left: .4rem; }
section { border-top: 3px solid var(--accent); padding-top: 1.25rem; margin-top: 2.5rem; }
.description { margin: .25rem 0 .75rem; font-style: italic; }
.meta { color: var(--muted); font-size: .85rem; margin: .25rem 0 .75rem; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .8rem; font-weight: 700; letter-spacing: .02em; vertical-align: middle; }
.ok { background: #dafbe1; color: var(--ok); border: 1px solid #aceebb; }
.bad { background: #ffebe9; color: var(--bad); border: 1px solid #ffc1ba; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; margin: .5rem 0 0; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
th { width: 28%; font-weight: 600; }
td.law { width: 19%; color: var(--muted); font-size: .8rem; }
tr.art30 th { border-left: 3px solid var(--accent); }
td ul { margin: 0; padding-left: 1.1rem; }
.empty { color: var(--muted); font-style: italic; }
.internal th { color: #6e4b00; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .75rem; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; min-height: 0; }
  nav { break-after: page; border: none; padding: 0; }
  section { break-before: page; border-top-width: 2px; margin-top: 0; }
  tr, .badge { break-inside: avoid; }
  h2 { break-after: avoid; }
  .ok, .bad { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  section a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); }
}
"#;

/// Renders the register as a complete HTML document.
pub fn render(register: &Register) -> String {
    let taal = register.taal;
    let nl = taal == Taal::Nl;
    let title = esc(&register.title());
    let lang = if nl { "nl" } else { "en" };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p class=\"intro\">{}</p>\n",
        esc(register.intro())
    );
    let (total, bad) = register.counts();
    if !register.public {
        out.push_str(&format!(
            "<p class=\"summary\">{}</p>\n",
            if nl {
                format!("{total} verwerkingen, waarvan {bad} niet in orde.")
            } else {
                format!("{total} processing activities, {bad} of them not compliant.")
            }
        ));
    }

    out.push_str(&format!(
        "<nav aria-label=\"{0}\">\n<h2>{0}</h2>\n<ol>\n",
        if nl { "Inhoud" } else { "Contents" }
    ));
    for (i, entry) in register.entries.iter().enumerate() {
        let badge = if entry.compliant {
            String::new()
        } else {
            format!(
                " <span class=\"badge bad\">{}</span>",
                match (register.public, nl) {
                    (false, true) => "niet in orde",
                    (false, false) => "not compliant",
                    (true, true) => "wordt aangepast",
                    (true, false) => "being corrected",
                }
            )
        };
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>{badge}</li>\n",
            anchor(i, &entry.name),
            esc(&entry.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n");

    for (i, entry) in register.entries.iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            anchor(i, &entry.name),
            esc(&entry.title)
        ));
        if let Some(d) = &entry.description {
            out.push_str(&format!("<p class=\"description\">{}</p>\n", esc(d)));
        }
        if let (true, Some(summary)) = (register.public, &entry.summary) {
            out.push_str(&format!("<p>{}</p>\n", esc(summary)));
        }
        let class = if entry.compliant { "ok" } else { "bad" };
        let mut meta = format!(
            "<span class=\"badge {class}\">{}</span>",
            esc(status_word(entry.compliant, register.public, taal))
        );
        if !register.public {
            let codes = entry.error_codes();
            if !codes.is_empty() {
                meta.push_str(&format!(
                    " {} {}",
                    if nl { "fouten:" } else { "errors:" },
                    codes
                        .iter()
                        .map(|c| format!("<code>{}</code>", esc(c)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if let Some(w) = entry.warnings(taal) {
                meta.push_str(&format!(" · {}", esc(&w)));
            }
            meta.push_str(&format!(
                " · {} <code>{}</code> · <code>{}</code>",
                if nl { "bestand" } else { "file" },
                esc(&entry.file),
                esc(&entry.name)
            ));
        }
        out.push_str(&format!("<p class=\"meta\">{meta}</p>\n<table>\n"));
        for row in register.rows(entry) {
            let art30 = row.law.is_some_and(|l| l.contains("30"));
            let class = match (art30, row.internal) {
                (true, _) => " class=\"art30\"",
                (_, true) => " class=\"internal\"",
                _ => "",
            };
            let values = match row.values.as_slice() {
                [] => format!("<span class=\"empty\">{}</span>", not_stated(taal)),
                [one] => value(one),
                many => format!(
                    "<ul>{}</ul>",
                    many.iter()
                        .map(|v| format!("<li>{}</li>", value(v)))
                        .collect::<String>()
                ),
            };
            out.push_str(&format!(
                "<tr{class}><th scope=\"row\">{}</th><td>{values}</td><td class=\"law\">{}</td></tr>\n",
                esc(row.label),
                esc(row.law.unwrap_or(""))
            ));
        }
        out.push_str("</table>\n</section>\n");
    }

    if !register.other_errors.is_empty() {
        out.push_str(&format!(
            "<section id=\"overige-fouten\">\n<h2>{}</h2>\n<ul>\n",
            if nl {
                "Fouten buiten een beleid"
            } else {
                "Errors outside a policy"
            }
        ));
        for f in &register.other_errors {
            out.push_str(&format!(
                "<li><code>{}</code>: {}</li>\n",
                esc(&f.file),
                esc(&f.codes.join(", "))
            ));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(&format!(
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        if nl {
            "Samengesteld door kader uit de beleidsbestanden van de gemeente."
        } else {
            "Compiled by kader from the municipality's policy files."
        }
    ));
    out
}

/// A value; a web address becomes a link.
fn value(v: &str) -> String {
    if (v.starts_with("https://") || v.starts_with("http://")) && !v.contains(char::is_whitespace) {
        format!("<a href=\"{0}\">{0}</a>", esc(v))
    } else {
        esc(v)
    }
}

/// A stable, unique fragment id for a policy.
fn anchor(i: usize, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("b{}-{clean}", i + 1)
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
