/**
 * Prometheus metrics (`GET /metrics`). Counters are fed in process (validations by code); every
 * gauge is computed from the database at scrape time, so any number of app and worker processes
 * report the same figures and nothing drifts between scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { Db } from "@/lib/db";
import { countOpenAnomalyFlags } from "./count-open-anomaly-flags";
import { countRotationsByState } from "./count-rotations-by-state";
import { getRevocationPropagation } from "./get-revocation-propagation";
import { getTimeToAdopt } from "./get-time-to-adopt";
import { listOldKeyUsage } from "./list-old-key-usage";
import { countSigningKeysByState } from "./signing-key-health";
import { countOutboxByStatus } from "./summarize-outbox";
import { summarizeClientJwks } from "./summarize-client-jwks";
import { summarizeRotationFeedback } from "./summarize-rotation-feedback";
import { getWorkerLastPass } from "./worker-heartbeat";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface HealthMetrics {
  registry: Registry;
  /** Called by the validate route (through the telemetry hook) once per answer. */
  recordValidation(code: string): void;
}

export function createHealthMetrics({
  getDb,
  now = () => new Date(),
}: {
  getDb: () => Promise<Db>;
  now?: () => Date;
}): HealthMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const validations = new Counter({
    name: "rekey_validations_total",
    help: "License validations answered by this process, by code.",
    labelNames: ["code"],
    registers,
  });

  /** A gauge whose labelled values are recomputed from the database on each scrape. */
  function databaseGauge<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    read: (db: Db, at: Date) => Promise<{ labels: Record<L, string>; value: number }[]>,
  ) {
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const values = await read(await getDb(), now());
        this.reset();
        for (const { labels, value } of values) this.set(labels as never, value);
      },
    });
  }
  const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

  databaseGauge("rekey_rotations", "Rotations by state.", ["state"], async (db) =>
    entries(await countRotationsByState(db)).map(([state, value]) => ({ labels: { state }, value })),
  );
  databaseGauge("rekey_outbox_messages", "Outbox messages by kind and status.", ["kind", "status"], async (db) =>
    entries(await countOutboxByStatus(db)).flatMap(([kind, byStatus]) =>
      entries(byStatus).map(([status, value]) => ({ labels: { kind, status }, value })),
    ),
  );
  databaseGauge("rekey_signing_keys", "Signing keys by state.", ["state"], async (db) =>
    entries(await countSigningKeysByState(db)).map(([state, value]) => ({ labels: { state }, value })),
  );
  databaseGauge("rekey_open_anomaly_flags", "Open device anomaly flags by kind.", ["kind"], async (db) =>
    entries(await countOpenAnomalyFlags(db)).map(([kind, value]) => ({ labels: { kind }, value })),
  );
  databaseGauge(
    "rekey_worker_last_pass_age_seconds",
    "Seconds since any worker finished a pass; absent until one has.",
    [],
    async (db, at) => {
      const lastPass = await getWorkerLastPass(db);
      return lastPass ? [{ labels: {}, value: Math.max(0, (at.getTime() - lastPass.getTime()) / 1000) }] : [];
    },
  );
  databaseGauge(
    "rekey_old_key_licenses",
    "Licenses that presented an old key after its rotation issued the new one, last 24 h, by product.",
    ["product"],
    async (db, at) =>
      (await listOldKeyUsage(db, { since: new Date(at.getTime() - DAY_MS) })).map((row) => ({
        labels: { product: row.productCode },
        value: row.licenses,
      })),
  );
  databaseGauge(
    "rekey_time_to_adopt_seconds",
    "Time from a rotation issuing a new key to its first validation, rotations of the last 30 days, by product.",
    ["product", "quantile"],
    async (db, at) =>
      (await getTimeToAdopt(db, { since: new Date(at.getTime() - 30 * DAY_MS) })).flatMap((row) => [
        ...(row.p50Seconds === null
          ? []
          : [{ labels: { product: row.productCode, quantile: "0.5" }, value: row.p50Seconds }]),
        ...(row.p90Seconds === null
          ? []
          : [{ labels: { product: row.productCode, quantile: "0.9" }, value: row.p90Seconds }]),
      ]),
  );
  databaseGauge(
    "rekey_client_jwks_validations",
    "Validations in the last hour by what the client reported about its JWKS, by product.",
    ["product", "status"],
    async (db, at) =>
      (await summarizeClientJwks(db, { since: new Date(at.getTime() - HOUR_MS) })).flatMap((row) =>
        entries(row.counts).map(([status, value]) => ({
          labels: { product: row.productCode ?? "unknown", status },
          value,
        })),
      ),
  );
  databaseGauge(
    "rekey_revocation_propagation_seconds",
    "Revocation to first push over the SSE stream, last hour.",
    ["quantile"],
    async (db, at) => {
      const propagation = await getRevocationPropagation(db, { since: new Date(at.getTime() - HOUR_MS) });
      return [
        ...(propagation.p50Seconds === null ? [] : [{ labels: { quantile: "0.5" }, value: propagation.p50Seconds }]),
        ...(propagation.p99Seconds === null ? [] : [{ labels: { quantile: "0.99" }, value: propagation.p99Seconds }]),
      ];
    },
  );
  databaseGauge(
    "rekey_rotation_feedback",
    "After-rotation feedback answers of the last 30 days.",
    ["answer"],
    async (db, at) =>
      entries(
        (await summarizeRotationFeedback(db, { since: new Date(at.getTime() - 30 * DAY_MS), limit: 0 })).counts,
      ).map(([answer, value]) => ({ labels: { answer }, value })),
  );

  return { registry, recordValidation: (code) => validations.inc({ code }) };
}
