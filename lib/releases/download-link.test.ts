import { describe, expect, it } from "vitest";
import { createKeyedHasher } from "@/lib/crypto";
import { NotFound } from "@/lib/errors";
import { DownloadLinkExpired, readDownloadLink, signDownloadLink } from "./download-link";
import { DOWNLOAD_LINK_TTL_SECONDS } from "./release-policy";

const hasher = createKeyedHasher("download-link-test-secret");
const grant = { artifactId: "8a1c9d4e-0000-4000-8000-000000000001", licenseId: "8a1c9d4e-0000-4000-8000-000000000002" };
const now = new Date("2026-12-01T10:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("signed download links", () => {
  it("carry the artifact and license they were made for until they expire", () => {
    const { token, expiresAt } = signDownloadLink(hasher, grant, now);
    expect(expiresAt).toEqual(later(DOWNLOAD_LINK_TTL_SECONDS));
    expect(readDownloadLink(hasher, token, later(DOWNLOAD_LINK_TTL_SECONDS - 1))).toMatchObject(grant);
  });

  it("are refused as expired once their time is up", () => {
    const { token } = signDownloadLink(hasher, grant, now);
    expect(() => readDownloadLink(hasher, token, later(DOWNLOAD_LINK_TTL_SECONDS))).toThrow(DownloadLinkExpired);
  });

  it("are refused as unknown when edited to another artifact, license or time", () => {
    const { token } = signDownloadLink(hasher, grant, now);
    const [payload, mac] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    for (const edit of [{ a: grant.licenseId }, { l: grant.artifactId }, { e: claims.e + 86_400 }]) {
      const forged = Buffer.from(JSON.stringify({ ...claims, ...edit })).toString("base64url");
      expect(() => readDownloadLink(hasher, `${forged}.${mac}`, now)).toThrow(NotFound);
    }
  });

  it("are refused when made with another server's secret or malformed", () => {
    const { token } = signDownloadLink(createKeyedHasher("another-server"), grant, now);
    for (const candidate of [token, "", "abc", "a.b.c", `${token}.x`])
      expect(() => readDownloadLink(hasher, candidate, now), candidate).toThrow(NotFound);
  });
});
