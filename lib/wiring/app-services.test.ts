import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { createAppServices } from "./app-services";
import { appServices, provideAppServices } from "./process-services";

const production = { NODE_ENV: "production", REKEY_PUBLIC_URL: "https://portal.example.com" };
const slot = globalThis as { __rekeyAppServices?: unknown };

describe("the wiring object", () => {
  it("takes every absolute URL and the token issuer from REKEY_PUBLIC_URL", () => {
    const services = createAppServices({ env: parseEnv(production) });
    expect(services.portalUrl).toBe("https://portal.example.com");
    expect(services.publicUrl("/signin")).toBe("https://portal.example.com/signin");
    expect(services.tokenIssuer).toBe("https://portal.example.com/");
  });

  it("refuses production secrets it would otherwise invent, naming the variable", () => {
    const services = createAppServices({ env: parseEnv(production) });
    expect(() => services.keySecrets()).toThrow(/REKEY_MASTER_KEY must be set in production/);
    expect(() => services.authSecret()).toThrow(/AUTH_SECRET must be set in production/);
  });

  it("keeps its own state: two objects share no telemetry, mailer renderer or clock", () => {
    const fixed = new Date("2026-01-01T00:00:00Z");
    const first = createAppServices({ env: parseEnv(production), now: () => fixed });
    const second = createAppServices({ env: parseEnv(production) });
    expect(first.validationTelemetry).not.toBe(second.validationTelemetry);
    expect(first.renderEmail).not.toBe(second.renderEmail);
    expect(first.now()).toBe(fixed);
  });
});

describe("the process's wiring object", () => {
  afterEach(() => {
    delete slot.__rekeyAppServices;
  });

  it("is the one the entry point provided, and pins Auth.js to REKEY_PUBLIC_URL", () => {
    const services = provideAppServices(createAppServices({ env: parseEnv(production) }));
    expect(appServices()).toBe(services);
    expect(process.env.AUTH_URL).toBe("https://portal.example.com");
  });

  it("refuses a second object: it would open a second database in the same process", () => {
    provideAppServices(createAppServices({ env: parseEnv(production) }));
    expect(() => provideAppServices(createAppServices({ env: parseEnv(production) }))).toThrow(
      /already has its wiring object/,
    );
  });
});
