export { runRotationWorkerPass, WORKER_ACTOR, type WorkerDeps, type WorkerPassReport } from "./rotation-worker";
export { startWorkerLoop } from "./worker-loop";
