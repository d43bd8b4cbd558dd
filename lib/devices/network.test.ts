import { describe, expect, it } from "vitest";
import { createKeyedHasher } from "@/lib/crypto";
import { networkDigest, networkOf } from "./network";

describe("the network an activation came from", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["::ffff:203.0.113.77", "203.0.113.0/24"],
    ["2001:db8:abcd:12::1", "2001:db8:abcd::/48"],
    ["2001:0db8:0000:0012::1", "2001:db8:0::/48"],
    ["2001:db8::1", "2001:db8:0::/48"],
    ["::1", "0:0:0::/48"],
  ])("groups %s into %s", (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it("has no network for an unknown address, and keeps only a keyed hash of a known one", () => {
    const hasher = createKeyedHasher("a-test-secret-that-is-long-enough-0123");
    expect(networkOf("unknown")).toBeNull();
    expect(networkDigest(hasher, "unknown")).toBeNull();
    expect(networkDigest(hasher, "203.0.113.1")).toBe(networkDigest(hasher, "203.0.113.254"));
    expect(networkDigest(hasher, "203.0.113.1")).not.toContain("203.0.113");
    expect(networkDigest(hasher, "203.0.113.1")).not.toBe(networkDigest(hasher, "203.0.114.1"));
  });
});
