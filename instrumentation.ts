/** Next.js start-up hook; the Node-only work lives in instrumentation-node.ts (never in Edge). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
