import { checkDestination, type OutgoingPolicy } from "./check-destination";
import { sendRequest, type OutgoingRequest } from "./send-request";

/**
 * The one way the app makes an outgoing HTTP request (webhook delivery, test sends, anything
 * later such as IdP discovery): built once per process from the configuration and passed down,
 * so the policy cannot differ between callers. `no-unguarded-requests.test.ts` fails when code in lib/ or app/
 * calls fetch or node:http(s) itself.
 */
export interface OutgoingHttp {
  checkDestination(url: string): ReturnType<typeof checkDestination>;
  send(url: string, request: OutgoingRequest): ReturnType<typeof sendRequest>;
}

export function createOutgoingHttp(policy: OutgoingPolicy): OutgoingHttp {
  return {
    checkDestination: (url) => checkDestination(url, policy),
    send: (url, request) => sendRequest(url, request, policy),
  };
}
