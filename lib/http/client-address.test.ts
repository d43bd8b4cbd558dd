import { describe, expect, it } from "vitest";
import { clientAddress, trustedForwardedFor } from "./client-address";

const forwardedFor = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddress", () => {
  it("ignores addresses a client prepends to X-Forwarded-For behind one proxy", () => {
    // The client sent "X-Forwarded-For: 203.0.113.7"; the proxy appended the peer it saw.
    expect(clientAddress(forwardedFor("203.0.113.7, 198.51.100.20"), { trustedProxyHops: 1 })).toBe("198.51.100.20");
  });

  it("counts a client rotating forged headers as one address", () => {
    const seen = new Set(
      ["1.1.1.1", "2.2.2.2", "3.3.3.3"].map((forged) =>
        clientAddress(forwardedFor(`${forged}, 198.51.100.20`), { trustedProxyHops: 1 }),
      ),
    );
    expect([...seen]).toEqual(["198.51.100.20"]);
  });

  it("takes the Nth entry from the right behind N proxies", () => {
    expect(clientAddress(forwardedFor("10.9.9.9, 198.51.100.20, 10.0.0.1"), { trustedProxyHops: 2 })).toBe(
      "198.51.100.20",
    );
  });

  it("takes the leftmost entry when fewer proxies than configured appended one", () => {
    expect(clientAddress(forwardedFor("198.51.100.20"), { trustedProxyHops: 3 })).toBe("198.51.100.20");
  });

  it("with no proxy uses the socket address the server puts in the header, never an entry to its left", () => {
    expect(clientAddress(forwardedFor("::1"), { trustedProxyHops: 0 })).toBe("::1");
    expect(clientAddress(forwardedFor("203.0.113.7, 127.0.0.1"), { trustedProxyHops: 0 })).toBe("127.0.0.1");
  });

  it("ignores X-Real-IP, which any client can send", () => {
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.7" }), { trustedProxyHops: 1 })).toBe("unknown");
    expect(clientAddress(new Headers({ "x-forwarded-for": " , " }), { trustedProxyHops: 0 })).toBe("unknown");
  });
});

describe("trustedForwardedFor", () => {
  it("with no proxy replaces whatever the client sent by the socket address", () => {
    expect(trustedForwardedFor("203.0.113.7", "198.51.100.20", { trustedProxyHops: 0 })).toBe("198.51.100.20");
    expect(trustedForwardedFor(undefined, "198.51.100.20", { trustedProxyHops: 0 })).toBe("198.51.100.20");
  });

  it("behind proxies keeps the header they wrote, and fills in the socket address when there is none", () => {
    expect(trustedForwardedFor("203.0.113.7, 10.0.0.1", "10.0.0.2", { trustedProxyHops: 1 })).toBe(
      "203.0.113.7, 10.0.0.1",
    );
    expect(trustedForwardedFor(undefined, "10.0.0.2", { trustedProxyHops: 1 })).toBe("10.0.0.2");
  });
});
