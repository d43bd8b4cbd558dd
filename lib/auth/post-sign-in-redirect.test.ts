import { describe, expect, it } from "vitest";
import { postSignInRedirect } from "./post-sign-in-redirect";

const portal = "https://portal.example.com";

describe("postSignInRedirect", () => {
  it("makes a portal path absolute on REKEY_PUBLIC_URL's origin", () => {
    expect(postSignInRedirect("/signin/mfa?callbackUrl=%2Flicenses", portal)).toBe(
      "https://portal.example.com/signin/mfa?callbackUrl=%2Flicenses",
    );
  });

  it("keeps an absolute URL on the portal's own origin", () => {
    expect(postSignInRedirect("https://portal.example.com/admin", portal)).toBe("https://portal.example.com/admin");
  });

  it.each([
    "https://evil.example/steal",
    "//evil.example/steal",
    "/\\evil.example/steal",
    "http://portal.example.com/admin",
    "https://portal.example.com.evil.example/",
    "http://[::1",
  ])("sends %s to the portal's home instead of following it", (url) => {
    expect(postSignInRedirect(url, portal)).toBe("https://portal.example.com/");
  });

  it("never answers with the address the request arrived on (the 0.0.0.0 bind address included)", () => {
    expect(postSignInRedirect("http://0.0.0.0:3000/", portal)).toBe("https://portal.example.com/");
  });
});
