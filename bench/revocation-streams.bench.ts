/**
 * What open revocation streams cost online validation: `POST /api/v1/licenses/validate` on the
 * production build (`npm start`, PostgreSQL) with no stream open, and with 1 000 SSE connections to
 * `GET /api/v1/revocations/stream` held open by this process throughout the round. Streams used to
 * poll the feed twice a second each (150 of them slowed validation from ~10 ms to 30–440 ms); they
 * now share one LISTEN per process (lib/licensing/revocation-fan-out.ts) and cost nothing while the
 * feed is quiet, so validation should not notice them.
 */
import { request as httpRequest, type ClientRequest } from "node:http";
import { parseMasterKeyRing } from "@/lib/crypto";
import { missesGoal, type Benchmark } from "./benchmark";
import { missingPrerequisite, startAppUnderTest } from "./app-under-test";
import { whereTheTimeGoes } from "./cpu-profile";
import { loadUnderConcurrency, ROUNDS, summariseLoad, type LoadFigures, type LoadTarget } from "./http-load";
import { readSeededLicenseKey } from "./validate-endpoint.bench";

const OPEN_STREAMS = 1_000;
const THROUGHPUT_GOAL = 0.9;
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;
const NO_STREAMS = "validate endpoint, no revocation stream open, baseline";
const WITH_STREAMS = `validate endpoint, ${OPEN_STREAMS.toLocaleString("en-US")} revocation streams open`;

export const revocationStreamsBenchmark: Benchmark = {
  name: "revocation-streams",
  description:
    `Successful validations per second at ${CONNECTIONS} connections (autocannon) on the production build with PostgreSQL, ` +
    `with ${OPEN_STREAMS.toLocaleString("en-US")} revocation SSE streams open at the feed's head (waiting for news) against none. ` +
    `Goal: ≥ ${THROUGHPUT_GOAL}× the throughput with no stream open. The streams are opened before a round (each has received ` +
    "its first bytes) and closed after it; a stream that ends during a round is counted in the case name. " +
    `After a ${WARM_UP_SECONDS} s warm-up, ${ROUNDS.rounds} rounds of ${ROUNDS.roundSeconds} s per case in rotating order; ` +
    "ops/s and latencies are medians over rounds, the ratio the median of per-round ratios.",

  async run() {
    const missing = missingPrerequisite("revocation-streams");
    if (missing) return [{ case: missing, opsPerSecond: 0 }];
    const { app, cluster, profileFile, secrets, stop } = await startAppUnderTest({
      label: "revocation-streams",
      seedDemo: true,
    });
    try {
      const key = await readSeededLicenseKey(cluster.url, parseMasterKeyRing(secrets.masterKey));
      const validate: Omit<LoadTarget, "name"> = {
        url: `${app.url}/api/v1/licenses/validate`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, nonce: "bench-nonce-0001" }),
      };
      await loadUnderConcurrency(
        { name: NO_STREAMS, ...validate },
        { connections: CONNECTIONS, seconds: WARM_UP_SECONDS },
      );
      const figures = new Map<string, LoadFigures[]>([
        [NO_STREAMS, []],
        [WITH_STREAMS, []],
      ]);
      let endedEarly = 0;
      const openStreamsAtHead = async () =>
        openStreams(`${app.url}/api/v1/revocations/stream?since=${await feedHead(app.url)}`, OPEN_STREAMS);
      for (let round = 0; round < ROUNDS.rounds; round++) {
        for (const isWithStreams of round % 2 === 0 ? [false, true] : [true, false]) {
          const name = isWithStreams ? WITH_STREAMS : NO_STREAMS;
          const streams = isWithStreams ? await openStreamsAtHead() : null;
          try {
            const roundFigures = await loadUnderConcurrency(
              { name, ...validate },
              { connections: CONNECTIONS, seconds: ROUNDS.roundSeconds },
            );
            figures.get(name)!.push(roundFigures);
            console.log(
              `revocation-streams: round ${round + 1}/${ROUNDS.rounds}, ${name}: ${Math.round(roundFigures.requestsPerSecond)} req/s, p50 ${roundFigures.p50Ms} ms, p99 ${roundFigures.p99Ms} ms`,
            );
          } finally {
            endedEarly += streams?.close() ?? 0;
          }
        }
      }
      const withStreams = summariseLoad(WITH_STREAMS, figures, { baseline: NO_STREAMS, ratio: THROUGHPUT_GOAL });
      const rows = [
        summariseLoad(NO_STREAMS, figures),
        {
          ...withStreams,
          case: `${withStreams.case}; ${endedEarly === 0 ? "every stream stayed open" : `${endedEarly} streams ENDED EARLY`}`,
        },
      ];
      if (!missesGoal(withStreams)) return rows;
      const targets = [NO_STREAMS, WITH_STREAMS].map((name) => ({ name, ...validate }));
      const note = await whereTheTimeGoes({
        title: `validate with ${OPEN_STREAMS.toLocaleString("en-US")} revocation streams open`,
        targets,
        profiled: targets[1]!,
        app: { pid: app.pid, profileFile },
        clusterDir: cluster.dir,
        connections: CONNECTIONS,
        seconds: ROUNDS.roundSeconds,
        aroundRound: async (target) => {
          if (target.name !== WITH_STREAMS) return () => {};
          const streams = await openStreamsAtHead();
          return () => streams.close();
        },
      });
      return { rows, notes: [note] };
    } finally {
      await stop();
    }
  },
};

/**
 * Where the feed ends: streams open there, as clients resuming with Last-Event-ID do, so a round
 * measures streams waiting for news, not 1 000 catching up on the demo seed's revocations.
 */
async function feedHead(appUrl: string): Promise<number> {
  let since = 0;
  for (;;) {
    const page = (await (await fetch(`${appUrl}/api/v1/revocations?since=${since}`)).json()) as {
      next: number;
      hasMore: boolean;
    };
    if (!page.hasMore) return page.next;
    since = page.next;
  }
}

/** Opens `count` event streams, each on its own connection; resolves once every one has sent its first bytes. */
async function openStreams(url: string, count: number): Promise<{ close: () => number }> {
  const requests: ClientRequest[] = [];
  let endedEarly = 0;
  let isClosing = false;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const request = httpRequest(url, { agent: false, headers: { accept: "text/event-stream" } }, (response) => {
            if (response.statusCode !== 200) reject(new Error(`revocation stream answered ${response.statusCode}`));
            response.once("data", () => resolve());
            response.on("data", () => {});
            response.once("close", () => {
              if (!isClosing) endedEarly += 1;
            });
          });
          request.once("error", reject);
          request.end();
          requests.push(request);
        }),
    ),
  );
  return {
    close() {
      isClosing = true;
      for (const request of requests) request.destroy();
      return endedEarly;
    },
  };
}
