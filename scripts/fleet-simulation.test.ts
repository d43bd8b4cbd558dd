import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { testSecrets } from "@/testing/factories";
import { writeReport } from "@/testing/reports";
import { simulateFleet } from "./fleet-simulation";

// CI size; `npm run simulate` (and `npm run test:full`) runs 10 000 installs.
const INSTALLS = Number(process.env.REKEY_SIM_INSTALLS ?? 200);
const DAYS = Number(process.env.REKEY_SIM_DAYS ?? 45);

describe("fleet simulation (reduced size)", () => {
  const database = useTestDatabase();

  it("keeps every diligent customer's installs working, floating, borrowed and named-user seats included, through scheduled, customer, reissue and emergency rotations and a signing-key rollover", async () => {
    const report = await simulateFleet({
      db: database.db,
      secrets: testSecrets(),
      installs: INSTALLS,
      days: DAYS,
      seed: 7,
      checkEveryHours: 48,
      installsPerLicense: 10,
      concurrency: 4,
    });
    writeReport("fleet-simulation-ci", report);
    expect(report.unintendedByCode).toEqual({});
    expect(report.unintendedFailures).toBe(0);
    // The simulation must have exercised what it claims to.
    expect(report.rotations.scheduledSteps).toBeGreaterThan(0);
    expect(report.rotations.customer).toBeGreaterThan(0);
    expect(report.rotations.emergency).toBeGreaterThan(0);
    expect(report.rotations.reissue).toBeGreaterThan(0);
    expect(report.signingKeyRollovers).toBe(1);
    expect(report.intendedFailures).toBeGreaterThan(0);
    expect(report.manualSteps.licenseFileRefreshes).toBeGreaterThan(0);
    expect(report.mix.floating).toBeGreaterThan(0);
    expect(report.mix.borrowed).toBeGreaterThan(0);
    expect(report.mix["named-user"]).toBeGreaterThan(0);
  }, 600_000);
});
