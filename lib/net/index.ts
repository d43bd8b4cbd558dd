export { createOutgoingHttp, type OutgoingHttp } from "./outgoing-http";
export type { CheckedDestination, OutgoingPolicy, Resolve, ResolvedAddress } from "./check-destination";
export type { OutgoingRequest, OutgoingResponse } from "./send-request";
export { COULD_NOT_DELIVER, DeliveryFailed, DestinationRefused, statusClass } from "./errors";
