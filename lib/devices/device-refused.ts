import { DomainError } from "@/lib/errors";
import type { ValidationCode } from "@/lib/validations/api";

export type DeviceRefusalCode = Exclude<ValidationCode, "VALID" | "VALID_ROTATING">;

const STATUS: Record<DeviceRefusalCode, number> = {
  UNKNOWN_KEY: 404,
  NOT_ACTIVATED: 409,
  TOO_MANY_DEVICES: 409,
  FINGERPRINT_MISMATCH: 409,
  PRODUCT_MISMATCH: 403,
  REVOKED: 403,
  KEY_RETIRED: 403,
  SUSPENDED: 403,
  EXPIRED: 403,
  NOT_YET_VALID: 403,
  NO_FLOATING_SEAT: 409,
  SEAT_MODEL_MISMATCH: 409,
  QUOTA_EXHAUSTED: 409,
  TRANSFER_LIMIT_REACHED: 409,
  SEAT_NOT_ASSIGNED: 409,
  TOO_MANY_USERS: 409,
};

/**
 * The device API's "no": the same codes and sentences as online validation, so the client tells
 * the user the same thing whichever call it made. `license` is known for every code but
 * UNKNOWN_KEY; the API signs the refusal with that license's key.
 */
export class DeviceRefused extends DomainError {
  readonly status: number;

  constructor(
    readonly code: DeviceRefusalCode,
    detail: string,
    readonly license: { id: string; productId: string; editionId: string } | null,
    /** RFC 9457 §3.2 extension members the problem carries beside `code`, e.g. `transferLimit`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.status = STATUS[code];
  }
}
