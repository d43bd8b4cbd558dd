"""Typed exceptions, each carrying a stable ``code``. They mirror the JS SDK's ``ok: false``
results: ``reason`` is the SDK's reason (``unreachable``, ``rate_limited``, ``bad_request``,
``bad_signature``, ``refused``, ``pin_required``), ``code`` the portal's problem code where there
is one (RFC 9457 ``code`` member) and the upper-cased reason otherwise.
"""
from datetime import datetime
from typing import Any, Dict, List, Optional


class RekeyError(Exception):
    reason = "error"

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class NoTrustworthyAnswer(RekeyError):
    """Nothing the portal signed came back: fall back to the license file (``Client.validate``
    does when given one) or keep the lease you have, and retry later."""


class Unreachable(NoTrustworthyAnswer):
    """Network failure, a 5xx, a captive portal's HTML, or keys that could not be fetched."""

    reason = "unreachable"

    def __init__(self, detail: str, status: Optional[int] = None):
        super().__init__("UNREACHABLE", detail)
        self.status = status


class RateLimited(NoTrustworthyAnswer):
    reason = "rate_limited"

    def __init__(self, detail: str, retry_after_seconds: Optional[int]):
        super().__init__("RATE_LIMITED", detail)
        self.retry_after_seconds = retry_after_seconds


class BadSignature(NoTrustworthyAnswer):
    """An answer whose signed token is missing, forged, replayed (nonce mismatch) or for another device."""

    reason = "bad_signature"

    def __init__(self, detail: str):
        super().__init__("BAD_SIGNATURE", detail)


class ProblemError(RekeyError):
    """The portal refused the request itself (4xx problem+json): fix the input, do not fall back."""

    reason = "bad_request"

    def __init__(self, problem: Dict[str, Any]):
        super().__init__(problem["code"], problem.get("detail") or problem["title"])
        self.problem = problem
        self.status: int = problem["status"]
        self.errors: List[Dict[str, Any]] = problem.get("errors", [])


class DeviceRefused(RekeyError):
    """The portal's signed "no" for this request (``TOO_MANY_DEVICES``, ``NOT_ACTIVATED``, ``EXPIRED`` …).
    On ``TRANSFER_LIMIT_REACHED``, ``next_transfer_at`` is when a seat may move again (the problem's
    unsigned hint; None when the edition allows no moves or the hint is malformed)."""

    reason = "refused"

    def __init__(self, code: str, detail: str, next_transfer_at: Optional[datetime] = None):
        super().__init__(code, detail)
        self.next_transfer_at = next_transfer_at


class PinRequired(RekeyError):
    """``PIN_REQUIRED`` or ``PIN_INVALID``: ask the user for the license PIN and activate again with it."""

    reason = "pin_required"

    def __init__(self, code: str, detail: str, is_unusual_activation: bool):
        super().__init__(code, detail)
        self.is_unusual_activation = is_unusual_activation
