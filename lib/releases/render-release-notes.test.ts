import { describe, expect, it } from "vitest";
import { renderReleaseNotes } from "./render-release-notes";

describe("release notes rendering", () => {
  it("renders Markdown headings, lists, emphasis and safe links", () => {
    const html = renderReleaseNotes("## Fixed\n\n- **Crash** on start\n- See [docs](https://example.com/docs)");
    expect(html).toContain("<h2>Fixed</h2>");
    expect(html).toContain("<strong>Crash</strong>");
    expect(html).toContain('<a href="https://example.com/docs" rel="noopener noreferrer nofollow">docs</a>');
  });

  it("shows raw HTML as text rather than running it", () => {
    const html = renderReleaseNotes('<script>alert(1)</script>\n\nHello <img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&#60;script&#62;");
  });

  it("drops links to javascript: and data: URLs and images, keeping their text", () => {
    const html = renderReleaseNotes(
      "[click](javascript:alert(1)) [x](data:text/html,hi) ![pixel](https://t.example/p.gif)",
    );
    expect(html).not.toMatch(/href|<img|javascript:/i);
    expect(html).toContain("click");
    expect(html).toContain("pixel");
  });
});
