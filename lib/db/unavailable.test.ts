import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { isDatabaseReachable, isDatabaseUnavailable } from "./unavailable";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises lost or refused connections and PostgreSQL's not-now refusals, however deeply wrapped", () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006", "53300"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
      expect(
        isDatabaseUnavailable(new Error("Failed query", { cause: new Error("driver", { cause: withCode(code) }) })),
        code,
      ).toBe(true);
    }
    expect(isDatabaseUnavailable(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]))).toBe(true);
  });

  it("does not take a bad query or bad data for an outage", () => {
    for (const error of [
      withCode("23505"),
      withCode("42703"),
      withCode("22P02"),
      new Error("boom"),
      null,
      "ECONNREFUSED",
    ])
      expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("isDatabaseReachable", () => {
  const database = useTestDatabase();

  it("is true when the database answers and false when it cannot be reached", async () => {
    expect(await isDatabaseReachable(async () => database.db)).toBe(true);
    expect(await isDatabaseReachable(async () => Promise.reject(withCode("ECONNREFUSED")))).toBe(false);
  });

  it("lets any other failure through", async () => {
    await expect(isDatabaseReachable(async () => Promise.reject(new Error("no DATABASE_URL")))).rejects.toThrow(
      "no DATABASE_URL",
    );
  });
});
