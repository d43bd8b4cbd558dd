import { describe, expect, it } from "vitest";
import { parseLicenseKeyPrefix } from "./license-key-prefix.ts";

describe("the public prefix of a license key", () => {
  it.each([
    ["RK-7F3Q-K9M2-XW4D-8HNB-T", "RK-7F3Q"],
    ["rk-7f3q-k9m2-xw4d-8hnb-t", "RK-7F3Q"],
    [" RK 7F3Q K9M2 XW4D 8HNB T\n", "RK-7F3Q"],
    ["RK7F3QK9M2XW4D8HNBT", "RK-7F3Q"],
    ["7F3Q-K9M2-XW4D-8HNB-T", "RK-7F3Q"],
    ["RK-7F3O-K9M2-XW4D-8HNB-T", "RK-7F30"],
    ["RK-IL3Q-K9M2-XW4D-8HNB-T", "RK-113Q"],
    ["RKMN-K9M2-XW4D-8HNB-T", "RK-RKMN"],
  ])("reads %j as the portal does: %s", (key, prefix) => {
    expect(parseLicenseKeyPrefix(key)).toBe(prefix);
  });

  it.each(["RK-7F3Q", "RK-7F3Q-K9M2-XW4D-8HNB", "RK-7F3U-K9M2-XW4D-8HNB-T", ""])(
    "finds no prefix in %j, which is not shaped like a key",
    (text) => {
      expect(parseLicenseKeyPrefix(text)).toBeNull();
    },
  );
});
