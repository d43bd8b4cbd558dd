import { Marked, type Tokens } from "marked";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Only links a reader expects from release notes; `javascript:` and `data:` never become a link. */
const isSafeHref = (href: string) => /^(https?:|mailto:|#|\/(?!\/))/i.test(href.trim());

/**
 * Release notes are Markdown written by staff or the vendor's systems and shown to every
 * customer, so the HTML that comes out is safe by construction: raw HTML in the source is shown
 * as text, links keep only http(s), mailto and same-site targets (anything else is plain text),
 * and images become their alt text (no tracking pixels, no mixed content). marked escapes the rest.
 */
const notesRenderer = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return text;
      return `<a href="${escapeHtml(token.href)}" rel="noopener noreferrer nofollow">${text}</a>`;
    },
    image(token: Tokens.Image) {
      return escapeHtml(token.text);
    },
  },
});

export function renderReleaseNotes(markdown: string): string {
  return notesRenderer.parse(markdown) as string;
}
