import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./public-address";

describe("isPublicAddress", () => {
  it.each(["8.8.8.8", "93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "accepts the public unicast address %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it.each([
    ["64:ff9b::7f00:1", "NAT64 (RFC 6052) carrying 127.0.0.1"],
    ["2002:7f00:1::", "6to4 carrying 127.0.0.1"],
    ["::7f00:1", "IPv4-compatible (RFC 4291 §2.5.5.1)"],
    ["::8.8.8.8", "IPv4-compatible, even of a public address"],
    ["255.255.255.255", "broadcast"],
    ["198.18.0.1", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["2001:db8::1", "documentation"],
    ["ff02::1", "multicast"],
    ["not an address", "not an address at all"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});
