import type { ValidationCode } from "@/lib/validations/api";

/** What each validation code means and what the client should do: the API docs render this. */
export const VALIDATION_CODE_GUIDE: Record<ValidationCode, { valid: boolean; meaning: string; clientAction: string }> =
  {
    VALID: { valid: true, meaning: "The key is current and the license is in force.", clientAction: "Run normally." },
    VALID_ROTATING: {
      valid: true,
      meaning: "The key still works but is being replaced; `key.rotatesAt` says until when.",
      clientAction: "Run normally and tell the user to install the new key from the portal before `rotatesAt`.",
    },
    EXPIRED: {
      valid: false,
      meaning:
        "The license's term has ended. During the vendor's expiry grace `valid` is still true and `graceEndsAt` says until when; devices already activated keep renewing their leases (up to `graceEndsAt`), but activating a new device is refused with this code until the license is renewed.",
      clientAction:
        "With `graceEndsAt`: keep running and ask the user to renew before then. Without it, or as an activation refusal: stop licensed features (or do not start them); point the user to renewal.",
    },
    SUSPENDED: {
      valid: false,
      meaning: "The vendor has suspended the license (reversible).",
      clientAction: "Stop licensed features; show `detail`.",
    },
    REVOKED: {
      valid: false,
      meaning: "The key or license was revoked and will not work again.",
      clientAction: "Stop licensed features; ask for a current key.",
    },
    KEY_RETIRED: {
      valid: false,
      meaning: "The key was replaced by a newer one and its overlap has ended.",
      clientAction: "Ask the user to enter the current key from the portal.",
    },
    UNKNOWN_KEY: {
      valid: false,
      meaning: "No such key (or a typo: keys carry a check symbol).",
      clientAction: "Ask the user to re-enter the key.",
    },
    NOT_ACTIVATED: {
      valid: false,
      meaning: "This device is not activated and a seat is free.",
      clientAction: "Activate the device, then validate again.",
    },
    TOO_MANY_DEVICES: {
      valid: false,
      meaning: "All seats are taken by other devices.",
      clientAction: "Tell the user to free a seat in the portal's Devices section.",
    },
    FINGERPRINT_MISMATCH: {
      valid: false,
      meaning: "A single-seat license is locked to another device.",
      clientAction: "Tell the user to move the license in the portal.",
    },
    PRODUCT_MISMATCH: {
      valid: false,
      meaning: "The key belongs to a different product than the one asked about.",
      clientAction: "Ask for the key of this product.",
    },
    NOT_YET_VALID: {
      valid: false,
      meaning: "The license's term has not started yet.",
      clientAction: "Try again on the start date.",
    },
    NO_FLOATING_SEAT: {
      valid: false,
      meaning: "Every concurrent seat of this floating license is leased by another machine.",
      clientAction:
        "Tell the user to try again later or ask an owner to release a lease in the portal; seats free up as other clients release theirs or stop renewing.",
    },
    SEAT_MODEL_MISMATCH: {
      valid: false,
      meaning:
        "The call does not fit how this license counts seats: a device activation on a floating license, or a lease checkout on a device license.",
      clientAction:
        "Use `/api/v1/leases/*` (SDK `checkoutLease`) for floating licenses and device activation otherwise.",
    },
    QUOTA_EXHAUSTED: {
      valid: false,
      meaning:
        "Usage recording only (`POST /api/v1/usage`): the license has used its quota of the meter for this period. As an answer (200/201) the record was counted and nothing is left; as a refusal (409) the record would pass what the edition's overage strategy allows and was not counted.",
      clientAction:
        "Stop the metered action until `usage.periodEndsAt` (the license's other features keep working) and tell the user; with `always_allow` carry on, the overage is reported to the vendor.",
    },
    SEAT_NOT_ASSIGNED: {
      valid: false,
      meaning:
        "Named-user licenses: the `userToken` (or, where the edition allows it, `user`) sent, or none, holds no seat of this license, and a seat is free for an owner to assign. A token stops holding its seat once the seat is taken back or reassigned.",
      clientAction:
        "Tell the user to ask an owner of their organization to assign them a seat in the portal's Seats section, then to copy their seat token from it into your software (sent as `userToken`). A bare `user` email is taken on your software's word, so editions may refuse it (Require seat tokens).",
    },
    TOO_MANY_USERS: {
      valid: false,
      meaning:
        "Named-user licenses: the `userToken` or `user` sent holds no seat, and every seat is assigned to someone else.",
      clientAction:
        "Tell the user every seat is assigned; an owner can unassign someone in the portal or buy more seats.",
    },
    TRANSFER_LIMIT_REACHED: {
      valid: false,
      meaning:
        "Device activation only: a seat is free, but moving it to this device would pass the edition's device transfer limit (`transferLimit.limit` moves per `transferLimit.periodDays` days). A seat's first device, and a device that only lapsed, never count.",
      clientAction:
        "Tell the user when the next transfer is possible (`transferLimit.nextTransferAt`, absent when the edition allows none) or to ask support for an exception; keep using the devices already activated.",
    },
  };
