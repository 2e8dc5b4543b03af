// De pagina's die kader-lsp schrijft en laat tonen ("Waarom?", "wat is er
// veranderd sinds het advies van de FG") zijn Markdown: VS Code toont ze
// opgemaakt, niet als bron.
// The pages kader-lsp writes and asks to show ("Why?", "what changed since
// the FG's advice") are Markdown: VS Code shows them rendered, not as source.

/** Whether the server's `window/showDocument` names one of its own pages:
 * a Markdown file in its cache folder `paginas`, shown inside the editor. */
export function isPage(params: { uri: string; external?: boolean }): boolean {
  if (params.external === true) {
    return false;
  }
  let url: URL;
  try {
    url = new URL(params.uri);
  } catch {
    return false;
  }
  const parts = url.pathname.split("/");
  return (
    url.protocol === "file:" &&
    parts.length >= 2 &&
    parts[parts.length - 2] === "paginas" &&
    parts[parts.length - 1].toLowerCase().endsWith(".md")
  );
}
