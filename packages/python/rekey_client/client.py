"""Talking to the portal's client API (``/api/v1``), as the JS SDK does (validate-online.ts,
device-lease.ts, portal-request.ts). The JSON around an answer is unsigned and could come from
anything between the client and the portal (a proxy, a captive portal, a hosts-file redirect), so
only the signed token is believed, and only when it echoes the nonce sent with this request: that
proves the answer was made for this request and is not a recorded "valid" being replayed.
"""
import email.utils
import json
import math
import secrets
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

import jwt

from .errors import BadSignature, DeviceRefused, NoTrustworthyAnswer, PinRequired, ProblemError, RateLimited, Unreachable
from .jwks import AlgorithmMismatch, JwksCache, KeysUnavailable, UnknownKeyId, jwks_url
from .license_file import LastSeenTimeStorage, verify_license_file
from .protocol import (
    DEACTIVATION_RECEIPT_AUDIENCE,
    DEFAULT_CLOCK_SKEW_SECONDS,
    DEVICE_LEASE_AUDIENCE,
    DEVICE_REFUSAL_AUDIENCE,
    FLOATING_LEASE_AUDIENCE,
    OVERAGE_STRATEGIES,
    SIGNING_ALGORITHMS,
    USAGE_PERIODS,
    VALIDATION_TOKEN_AUDIENCE,
    base64url,
    fingerprint_hash,
)

_PIN_CODES = ("PIN_REQUIRED", "PIN_INVALID")


def _next_transfer_at(problem: Dict[str, Any]) -> Optional[datetime]:
    """The unsigned hint of a TRANSFER_LIMIT_REACHED refusal; a malformed one reads as unknown."""
    limit = problem.get("transferLimit")
    at = limit.get("nextTransferAt") if isinstance(limit, dict) else None
    try:
        return datetime.fromisoformat(at.replace("Z", "+00:00")) if isinstance(at, str) else None
    except ValueError:
        return None


def _from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


@dataclass(frozen=True)
class ValidationResult:
    """The portal's signed verdict (``source == "online"``), or the license file's when the portal
    gave no trustworthy answer (``source == "offline"``; then ``license`` holds the file's claims)."""

    valid: bool
    code: str
    detail: str
    source: str
    license: Optional[Dict[str, Any]] = None
    key: Optional[Dict[str, Any]] = None
    #: With code EXPIRED online: still valid until then (the vendor's expiry grace).
    grace_ends_at: Optional[str] = None
    #: Why the portal's answer was not used, when ``source == "offline"``.
    online_failure: Optional[NoTrustworthyAnswer] = None
    #: With code EXPIRED past the grace, when the edition keeps access (still valid): ``strategy``
    #: ``restrict`` (only ``license["entitlements"]`` keep working) or ``maintain_access`` (versions
    #: released before ``releasedBefore`` keep working).
    kept_access: Optional[Dict[str, Any]] = None


@dataclass(frozen=True)
class DeviceLease:
    """This device holds a seat until ``expires_at``, and may run offline until ``grace_ends_at``."""

    token: str
    license_id: str
    device_id: str
    product: str
    issued_at: datetime
    expires_at: datetime
    grace_ends_at: datetime


@dataclass(frozen=True)
class FloatingLease:
    """One of a floating license's concurrent seats, held by this machine until ``expires_at``
    (renew at half of it). A borrowed lease carries ``license_file``, valid offline until then."""

    token: str
    license_id: str
    lease_id: str
    kind: str
    expires_at: datetime
    seats_total: int
    seats_taken: int
    license_file: Optional[str] = None


@dataclass(frozen=True)
class MeterUsage:
    """One meter's use this period, as the portal counted it (usage quotas)."""

    code: str
    replayed: bool
    meter: str
    period: str
    period_ends_at: datetime
    limit: int
    used: int
    remaining: int
    overage: int
    overage_strategy: str


@dataclass(frozen=True)
class Deactivation:
    device_id: str
    deactivated_at: datetime
    receipt: str


class Client:
    """``Client("https://portal.example.com")``; share one per process so the JWKS stays cached."""

    def __init__(
        self,
        base_url: str,
        *,
        jwks: Optional[JwksCache] = None,
        timeout_seconds: float = 10,
        clock_skew_seconds: int = DEFAULT_CLOCK_SKEW_SECONDS,
        client_version: Optional[str] = None,
    ):
        """``client_version``: this app's version (at most 64 printable characters), sent with
        validations, activations and heartbeats so the customer sees it beside the device while a
        key rotates."""
        self.base_url = base_url.rstrip("/")
        self.client_version = client_version
        self.jwks = jwks or JwksCache(url=jwks_url(self.base_url), timeout_seconds=timeout_seconds)
        self.timeout_seconds = timeout_seconds
        self.clock_skew_seconds = clock_skew_seconds

    def validate(
        self,
        key: str,
        *,
        fingerprint: Optional[str] = None,
        product: Optional[str] = None,
        license_file: Optional[str] = None,
        storage: Optional[LastSeenTimeStorage] = None,
        user: Optional[str] = None,
        user_token: Optional[str] = None,
    ) -> ValidationResult:
        """Online validation; with ``license_file``, falls back to it whenever the portal gives no
        trustworthy answer (unreachable, rate limited, bad signature). A refused request
        (ProblemError: bad input) is never a reason to fall back, as in the JS SDK. ``user``: on
        named-user licenses, the email the app signed its user in with (SEAT_NOT_ASSIGNED or
        TOO_MANY_USERS without a seat). ``user_token``: the seat holder's token from the license's
        Seats page, which proves the seat instead of ``user`` (required by some editions); keep it
        secret and never log it."""
        try:
            return self._validate_online(key, fingerprint, product, user, user_token)
        except NoTrustworthyAnswer as failure:
            if license_file is None:
                raise
            offline = verify_license_file(license_file, self.jwks, fingerprint=fingerprint, product=product, storage=storage, clock_skew_seconds=self.clock_skew_seconds)
            return ValidationResult(offline.valid, offline.code, offline.detail, "offline", license=offline.claims, online_failure=failure)

    def _validate_online(self, key: str, fingerprint: Optional[str], product: Optional[str], user: Optional[str], user_token: Optional[str]) -> ValidationResult:
        nonce = _new_nonce()
        answer = self._post("/api/v1/licenses/validate", {"key": key, "fingerprint": fingerprint, "product": product, "user": user, "userToken": user_token, "clientVersion": self.client_version, "nonce": nonce}, self._drift_headers())
        if "problem" in answer:
            raise ProblemError(answer["problem"])
        payload = self._verify_token(answer["body"].get("token"), VALIDATION_TOKEN_AUDIENCE, ["iat", "exp"])
        meta = payload.get("meta")
        if not isinstance(meta, dict) or meta.get("nonce") != nonce:
            raise _nonce_mismatch()
        if not (isinstance(payload.get("valid"), bool) and isinstance(payload.get("code"), str) and isinstance(payload.get("detail"), str) and isinstance(meta.get("ts"), str)):
            raise BadSignature("The signed answer lacks the verdict fields.")
        license = payload.get("license")
        subject = {"product": license.get("product"), "edition": license.get("edition")} if isinstance(license, dict) else None
        if not self.jwks.is_key_scoped_for(jwt.get_unverified_header(answer["body"]["token"])["kid"], subject):
            raise BadSignature("The answer was signed with a key scoped to another product or edition.")
        grace_ends_at = payload.get("graceEndsAt")
        kept_access = payload.get("keptAccess")
        return ValidationResult(
            payload["valid"], payload["code"], payload["detail"], "online",
            license=payload.get("license"), key=payload.get("key"), grace_ends_at=grace_ends_at if isinstance(grace_ends_at, str) else None,
            kept_access=kept_access if isinstance(kept_access, dict) else None,
        )

    def activate(self, key: str, fingerprint: str, *, product: Optional[str] = None, name: Optional[str] = None, platform: Optional[str] = None, pin: Optional[str] = None) -> DeviceLease:
        """Takes a seat for this machine. ``pin``: the license PIN the user entered, for licenses
        that ask for one (PinRequired); it is never stored."""
        return self._call_for_lease("activate", key, fingerprint, product, {"name": name, "platform": platform, "pin": pin, "clientVersion": self.client_version})

    def heartbeat(self, key: str, fingerprint: str, *, product: Optional[str] = None) -> DeviceLease:
        """Renews the lease; call at half its lifetime. DeviceRefused("NOT_ACTIVATED") when the
        customer deactivated this machine in the portal."""
        return self._call_for_lease("heartbeat", key, fingerprint, product, {"clientVersion": self.client_version})

    def deactivate(self, key: str, fingerprint: str, *, product: Optional[str] = None) -> Deactivation:
        """Gives this machine's seat back; asking again after a lost answer returns the same receipt."""
        nonce, body = self._call_device_api("devices/deactivate", key, fingerprint, product, {})
        payload = self._verify_token(body.get("receipt"), DEACTIVATION_RECEIPT_AUDIENCE, ["iat", "deactivated_at"])
        if payload.get("nonce") != nonce:
            raise _nonce_mismatch()
        if payload.get("fph") != fingerprint_hash(str(payload.get("sub")), fingerprint):
            raise BadSignature("The receipt is for another device.")
        if not isinstance(payload.get("device"), str) or not isinstance(payload.get("deactivated_at"), (int, float)):
            raise BadSignature("The receipt lacks its device fields.")
        return Deactivation(payload["device"], _from_epoch(payload["deactivated_at"]), body["receipt"])

    def checkout_lease(self, key: str, fingerprint: str, *, product: Optional[str] = None, name: Optional[str] = None, borrow_days: Optional[int] = None) -> FloatingLease:
        """Takes one of a floating license's concurrent seats (or keeps the one this machine
        holds). DeviceRefused("NO_FLOATING_SEAT") while every seat is leased. ``borrow_days``
        borrows it for offline use: the lease carries a signed ``license_file``."""
        lease = self._call_for_floating_lease("leases/checkout", key, fingerprint, product, {"name": name, "borrowDays": borrow_days})
        if borrow_days and not lease.license_file:
            raise BadSignature("The borrowed lease came without its license file.")
        return lease

    def renew_lease(self, key: str, fingerprint: str, *, product: Optional[str] = None) -> FloatingLease:
        """The floating lease's heartbeat; never takes a new seat (NOT_ACTIVATED: check out again)."""
        return self._call_for_floating_lease("leases/heartbeat", key, fingerprint, product, {})

    def release_lease(self, key: str, fingerprint: str, *, product: Optional[str] = None) -> str:
        """Gives this machine's floating seat back (a borrowed one too); returns the lease id."""
        _, body = self._call_device_api("leases/release", key, fingerprint, product, {})
        lease = body.get("lease") if isinstance(body.get("lease"), dict) else {}
        if not isinstance(lease.get("id"), str):
            raise BadSignature("The answer lacks the lease.")
        return lease["id"]

    def record_usage(self, key: str, meter: str, record_id: str, *, quantity: int = 1, product: Optional[str] = None) -> MeterUsage:
        """Counts metered use against the license's quota. ``record_id`` is unique per record and
        reused on retry, so the portal counts it once. DeviceRefused("QUOTA_EXHAUSTED") when the
        record would pass what the edition's overage strategy allows (nothing was counted)."""
        _, body = self._call_device_api("usage", key, None, product, {"meter": meter, "quantity": quantity, "id": record_id})
        return read_usage(body)

    def _call_for_floating_lease(self, endpoint: str, key: str, fingerprint: str, product: Optional[str], extra: Dict[str, Any]) -> FloatingLease:
        nonce, body = self._call_device_api(endpoint, key, fingerprint, product, extra)
        lease = body.get("lease") if isinstance(body.get("lease"), dict) else {}
        payload = self._verify_token(lease.get("token"), FLOATING_LEASE_AUDIENCE, ["iat", "exp", "sub"])
        if payload.get("nonce") != nonce:
            raise _nonce_mismatch()
        sub, lease_id, exp = payload.get("sub"), payload.get("lease"), payload.get("exp")
        if not (isinstance(sub, str) and isinstance(lease_id, str) and isinstance(exp, (int, float))):
            raise BadSignature("The lease lacks its claims.")
        if payload.get("fph") != fingerprint_hash(sub, fingerprint):
            raise BadSignature("The lease belongs to another machine.")
        seats = body.get("seats") if isinstance(body.get("seats"), dict) else {}
        license_file = body.get("licenseFile")
        return FloatingLease(
            lease["token"], sub, lease_id, "borrowed" if payload.get("kind") == "borrowed" else "online", _from_epoch(exp),
            int(seats.get("total", 0)), int(seats.get("taken", 0)), license_file if isinstance(license_file, str) else None,
        )

    def _call_for_lease(self, action: str, key: str, fingerprint: str, product: Optional[str], extra: Dict[str, Any]) -> DeviceLease:
        nonce, body = self._call_device_api(f"devices/{action}", key, fingerprint, product, extra)
        lease = body.get("lease") if isinstance(body.get("lease"), dict) else {}
        payload = self._verify_token(lease.get("token"), DEVICE_LEASE_AUDIENCE, ["iat", "exp", "sub"])
        if payload.get("nonce") != nonce:
            raise _nonce_mismatch()
        return read_lease(lease["token"], payload, fingerprint)

    def _call_device_api(self, endpoint: str, key: str, fingerprint: Optional[str], product: Optional[str], extra: Dict[str, Any]):
        """One call to ``/api/v1/<endpoint>``: the device, floating-lease and usage endpoints share
        their request and refusal shape."""
        nonce = _new_nonce()
        request = {"key": key, "fingerprint": fingerprint, "product": product, "nonce": nonce, **extra}
        answer = self._post(f"/api/v1/{endpoint}", request, {})
        if "problem" in answer:
            self._raise_refusal(answer["problem"], nonce)
        return nonce, answer["body"]

    def _raise_refusal(self, problem: Dict[str, Any], nonce: str) -> None:
        """A refusal ends a lease only when it is signed for this request, so nothing between the
        client and the portal can forge a "no"."""
        detail = problem.get("detail") or problem["title"]
        # Unsigned on purpose: asking for the PIN grants and ends nothing, so there is nothing to forge.
        if problem["code"] in _PIN_CODES:
            raise PinRequired(problem["code"], detail, problem.get("unusualActivation") is True)
        if not isinstance(problem.get("token"), str):
            raise ProblemError(problem)
        payload = self._verify_token(problem["token"], DEVICE_REFUSAL_AUDIENCE, ["iat", "exp", "code"])
        if payload.get("nonce") != nonce:
            raise _nonce_mismatch()
        code = str(payload["code"])
        raise DeviceRefused(
            code,
            payload["detail"] if isinstance(payload.get("detail"), str) else detail,
            _next_transfer_at(problem) if code == "TRANSFER_LIMIT_REACHED" else None,
        )

    def _verify_token(self, token: Any, audience: str, required: List[str]) -> Dict[str, Any]:
        if not isinstance(token, str):
            raise BadSignature("The answer carries no signed token.")
        try:
            header = jwt.get_unverified_header(token)
            key = self.jwks.get_key(header.get("kid"), header.get("alg"))
            return jwt.decode(
                token, key.key, algorithms=[header["alg"]], audience=audience, leeway=self.clock_skew_seconds, options={"require": required}
            )
        except KeysUnavailable:
            raise Unreachable("The portal's signing keys could not be fetched.")
        # PyJWT reports some key/algorithm mismatches as ValueError or TypeError, not as its own errors.
        except (UnknownKeyId, AlgorithmMismatch, jwt.PyJWTError, ValueError, TypeError) as error:
            raise BadSignature(f"The token was not accepted: {error}")

    def _drift_headers(self) -> Dict[str, str]:
        """Advisory telemetry for the portal's drift monitoring: public information only."""
        kids = self.jwks.known_kids()
        return {"Rekey-Accept-Algorithms": ", ".join(SIGNING_ALGORITHMS), **({"Rekey-Jwks-Kids": ", ".join(kids)} if kids else {})}

    def _post(self, path: str, body: Dict[str, Any], headers: Dict[str, str]) -> Dict[str, Any]:
        """``{"body": …}`` for a JSON answer, ``{"problem": …}`` for a refusal; raises when there is no answer."""
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps({name: value for name, value in body.items() if value is not None}).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json, application/problem+json", **headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            with error:
                return self._read_error_answer(error.code, error.reason, error.headers.get("Retry-After"), error.read())
        except (urllib.error.URLError, OSError, socket.timeout) as error:
            raise Unreachable(f"The portal could not be reached: {error}")
        try:
            parsed = json.loads(raw)
        except ValueError:
            # A 200 that is not JSON is typically a captive portal or a proxy's login page.
            raise Unreachable("The answer was not JSON; something between this device and the portal answered instead.")
        if not isinstance(parsed, dict):
            raise BadSignature("The answer is not a JSON object.")
        return {"body": parsed}

    @staticmethod
    def _read_error_answer(status: int, reason: str, retry_after: Optional[str], raw: bytes) -> Dict[str, Any]:
        if status == 429:
            raise RateLimited("The portal is rate limiting this client.", parse_retry_after(retry_after))
        if status >= 500:
            raise Unreachable(f"The portal answered {status}.", status)
        return {"problem": read_problem(status, reason, raw)}


def read_problem(status: int, reason: str, raw: bytes) -> Dict[str, Any]:
    """RFC 9457 problem details; a refusal without one (a proxy's 404 page) reads as §4.2.1 ``about:blank``."""
    problem: Dict[str, Any] = {"type": "about:blank", "title": reason or f"HTTP {status}", "status": status, "code": f"HTTP_{status}"}
    try:
        body = json.loads(raw)
    except ValueError:
        return problem
    if not isinstance(body, dict):
        return problem
    for member in ("type", "title", "code", "detail", "token"):
        if isinstance(body.get(member), str):
            problem[member] = body[member]
    if isinstance(body.get("errors"), list):
        problem["errors"] = body["errors"]
    if isinstance(body.get("unusualActivation"), bool):
        problem["unusualActivation"] = body["unusualActivation"]
    if isinstance(body.get("transferLimit"), dict):
        problem["transferLimit"] = body["transferLimit"]
    return problem


def parse_retry_after(header: Optional[str], now: Optional[datetime] = None) -> Optional[int]:
    """RFC 9110 §10.2.3: either delay-seconds or an HTTP-date."""
    if header is None:
        return None
    if header.strip().isdigit():
        return int(header.strip())
    try:
        retry_at = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(0, math.ceil((retry_at - (now or datetime.now(timezone.utc))).total_seconds()))


def read_lease(token: str, payload: Dict[str, Any], fingerprint: str) -> DeviceLease:
    """The lease's claims, once its fingerprint hash is this machine's."""
    sub, device, product, iat, exp, grace_days = (payload.get(claim) for claim in ("sub", "device", "product", "iat", "exp", "grace_days"))
    if not (isinstance(sub, str) and isinstance(device, str) and isinstance(product, str) and all(isinstance(n, (int, float)) for n in (iat, exp, grace_days))):
        raise BadSignature("The lease lacks its claims.")
    if payload.get("fph") != fingerprint_hash(sub, fingerprint):
        raise BadSignature("The lease belongs to another device.")
    return DeviceLease(token, sub, device, product, _from_epoch(iat), _from_epoch(exp), _from_epoch(exp + grace_days * 86_400))


def read_usage(body: Dict[str, Any]) -> MeterUsage:
    """The usage answer's fields, checked: an answer missing them is not trusted."""
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    record = body.get("record") if isinstance(body.get("record"), dict) else {}
    counts = [usage.get(name) for name in ("limit", "used", "remaining", "overage")]
    if (
        body.get("code") not in ("VALID", "QUOTA_EXHAUSTED")
        or usage.get("period") not in USAGE_PERIODS
        or usage.get("overageStrategy") not in OVERAGE_STRATEGIES
        or not isinstance(usage.get("meter"), str)
        or not isinstance(usage.get("periodEndsAt"), str)
        or not all(isinstance(count, int) for count in counts)
    ):
        raise BadSignature("The usage answer lacks its fields.")
    limit, used, remaining, overage = counts
    period_ends_at = datetime.fromisoformat(usage["periodEndsAt"].replace("Z", "+00:00"))
    return MeterUsage(
        body["code"], record.get("replayed") is True, usage["meter"], usage["period"], period_ends_at, limit, used, remaining, overage,
        usage["overageStrategy"],
    )


def _new_nonce() -> str:
    return base64url(secrets.token_bytes(16))


def _nonce_mismatch() -> BadSignature:
    return BadSignature("The signed answer was made for another request (nonce mismatch); it may be a replay.")
