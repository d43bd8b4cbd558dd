import { KindedError } from "@/lib/errors";
/**
 * Why a destination was refused before any connection: the address form a customer typed or its
 * name's addresses. Shown at save time as a field error; at send time it becomes `DeliveryFailed`
 * with the same text as any other failure, so the answer never tells an internal address apart
 * from a closed port.
 */
export class DestinationRefused extends KindedError {
  static readonly kind: string = "DestinationRefused";
  readonly code = "DESTINATION_REFUSED";
  constructor(
    readonly reason: "invalid-url" | "scheme" | "non-public-address" | "unresolvable",
    detail: string,
  ) {
    super(detail);
    this.name = "DestinationRefused";
  }
}

/** What the customer may read about a failed delivery: no errno, upstream text or timing. */
export const COULD_NOT_DELIVER = "Could not deliver to the endpoint.";

/**
 * An outgoing request that did not get an answer we accept. `message` is the customer-safe text
 * (it reaches the outbox's last error, which the portal shows); `detail` is for operators' logs.
 */
export class DeliveryFailed extends KindedError {
  static readonly kind: string = "DeliveryFailed";
  readonly code = "DELIVERY_FAILED";
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = "DeliveryFailed";
  }
}

/** `2xx` … `5xx`: all a customer learns of an upstream answer. */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
