import { describe, expect, it, vi } from "vitest";
import { DomainError, NotFound, RateLimited } from "./errors";
import { DeliveryFailed } from "./net/errors";

// A second instance of the module, as another Next layer (or scripts/serve.ts) would load it.
async function loadCopy(): Promise<typeof import("./errors")> {
  vi.resetModules();
  return import("./errors");
}

describe("domain errors across module copies", () => {
  it("recognises a RateLimited thrown by another copy of the module, so the answer stays a 429", async () => {
    const copy = await loadCopy();
    expect(copy.RateLimited).not.toBe(RateLimited);
    const thrown = new copy.RateLimited(30);
    expect(thrown instanceof RateLimited).toBe(true);
    expect(thrown instanceof DomainError).toBe(true);
  });

  it("keeps kinds apart: another copy's NotFound is not a RateLimited", async () => {
    const copy = await loadCopy();
    expect(new copy.NotFound("gone") instanceof RateLimited).toBe(false);
    expect(new copy.NotFound("gone") instanceof NotFound).toBe(true);
  });

  it("recognises a subclass of a kinded class by the kind it inherits", async () => {
    const copy = await loadCopy();
    class LicenseNotFound extends copy.NotFound {}
    expect(new LicenseNotFound("gone") instanceof NotFound).toBe(true);
    expect(new LicenseNotFound("gone") instanceof DomainError).toBe(true);
  });

  it("does not mistake a plain error or a delivery failure for a domain error", () => {
    expect(new Error("x") instanceof DomainError).toBe(false);
    expect(new DeliveryFailed("Could not deliver.", "timeout") instanceof DomainError).toBe(false);
    expect((null as unknown) instanceof DomainError).toBe(false);
  });
});
