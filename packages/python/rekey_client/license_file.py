"""Offline check of a signed license file: everything a client can decide without the portal.
The same checks, in the same order, with the same codes as the JS SDK's ``verifyLicenseFile``
(packages/sdk/src/verify-license-file.ts), so a file gets one verdict whichever client reads it;
the shared vectors (scripts/protocol-vectors.ts) hold both to that.

PyJWT verifies the signature. The time and audience checks are ours, after the claims' format
check, because the SDK's order decides which code a file gets (the first thing the user must
fix), the expiry has a grace period PyJWT does not know, and PyJWT cannot be given a clock.
"""
import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional, Protocol, Tuple, Union

import jwt

from .jwks import AlgorithmMismatch, JwksCache, KeysUnavailable, UnknownKeyId, as_jwks_cache
from .protocol import DEFAULT_CLOCK_SKEW_SECONDS, EXPIRY_STRATEGIES, LICENSE_FILE_VERSION, SIGNING_ALGORITHMS, SUPPORTED_LICENSE_FILE_VERSIONS, fingerprint_hash

CODES = (
    "VALID", "EXPIRED", "NOT_YET_VALID", "FINGERPRINT_MISMATCH", "PRODUCT_MISMATCH", "UNSUPPORTED_VERSION",
    "CLOCK_ROLLBACK", "INVALID_SIGNATURE", "MALFORMED", "UNKNOWN_KEY_ID", "KEYS_UNAVAILABLE",
)

_SIGNATURE_FAILURE_DETAILS = {
    "MALFORMED": "This is not a readable license file. Download it again from the portal.",
    "INVALID_SIGNATURE": "This license file is damaged or has been altered. Download it again from the portal.",
    "UNKNOWN_KEY_ID": "This license file was signed with a key this app does not know yet. Connect to the internet once, or update the app.",
    "KEYS_UNAVAILABLE": "The license could not be checked because the portal's signing keys could not be loaded. Check the internet connection and try again.",
}

# RFC 7515 §2: base64url without padding, line breaks or whitespace.
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
# The only extension understood, and only as "the payload is base64url" (RFC 7797).
_UNDERSTOOD_CRITICAL_PARAMETERS = {"b64"}


class LastSeenTimeStorage(Protocol):
    """Where the app keeps the latest time this device has seen, in epoch milliseconds."""

    def get(self) -> Optional[int]: ...

    def set(self, ms: int) -> None: ...


@dataclass(frozen=True)
class LicenseFileResult:
    valid: bool
    code: str
    #: A sentence for the user saying what to do next.
    detail: str
    claims: Optional[Dict[str, Any]] = None
    in_grace: bool = False
    grace_ends_at: Optional[datetime] = None


class _Rejected(Exception):
    def __init__(self, code: str):
        self.code = code


def verify_license_file(
    file: str,
    jwks: Union[JwksCache, Dict[str, Any]],
    *,
    now: Optional[datetime] = None,
    fingerprint: Optional[str] = None,
    product: Optional[str] = None,
    storage: Optional[LastSeenTimeStorage] = None,
    clock_skew_seconds: int = DEFAULT_CLOCK_SKEW_SECONDS,
) -> LicenseFileResult:
    """Verifies a license file against the portal's keys: a JWKS dict shipped with the app, or a
    ``JwksCache`` that can fetch keys published after the app was built."""
    keys = as_jwks_cache(jwks)
    try:
        kid, payload = _verified_payload(file.strip(), keys)
    except _Rejected as rejected:
        return _reject(rejected.code, _SIGNATURE_FAILURE_DETAILS[rejected.code])

    claims = _read_claims(payload)
    if isinstance(claims, int):
        return _reject("UNSUPPORTED_VERSION", _describe_unsupported_version(claims))
    if claims is None:
        return _reject("MALFORMED", _SIGNATURE_FAILURE_DETAILS["MALFORMED"])
    # A genuine signature by another product's or edition's key is still a forgery for this file.
    if not keys.is_key_scoped_for(kid, {"product": claims["aud"], "edition": claims["edition"]}):
        return _reject("INVALID_SIGNATURE", _SIGNATURE_FAILURE_DETAILS["INVALID_SIGNATURE"])

    if product is not None and claims["aud"] != product:
        return _reject("PRODUCT_MISMATCH", f'This license file is for "{claims["aud"]}", not "{product}". Download the license file for this product from the portal.', claims)
    if _is_bound_to_another_device(claims, fingerprint):
        return _reject("FINGERPRINT_MISMATCH", "This license file belongs to another device. Activate this device in the portal and download its license file.", claims)

    checked_at = now or datetime.now(timezone.utc)
    checked_ms = math.floor(checked_at.timestamp() * 1000)
    skew_ms = clock_skew_seconds * 1000
    if storage is not None and _is_clock_rolled_back(storage, checked_ms, skew_ms):
        return _reject("CLOCK_ROLLBACK", "This device's clock appears to have been set back. Correct the date and time, then try again.", claims)
    if checked_ms < claims["nbf"] * 1000 - skew_ms:
        return _reject("NOT_YET_VALID", f"This license file only becomes valid on {_format_day(claims['nbf'])}. Check that this device's date and time are correct.", claims)
    return _check_expiry(claims, checked_ms)


def _verified_payload(token: str, keys: JwksCache) -> Tuple[str, Any]:
    """The ``kid`` of the key that signed, and the verified payload."""
    header = _read_protected_header(token)
    try:
        key = keys.get_key(header.get("kid"), header["alg"])
        return header["kid"], jwt.decode(
            token,
            key.key,
            algorithms=[header["alg"]],
            # Signature only: see the module's docstring for why the claims are checked here.
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False, "verify_iss": False},
        )
    except UnknownKeyId:
        raise _Rejected("UNKNOWN_KEY_ID")
    except KeysUnavailable:
        raise _Rejected("KEYS_UNAVAILABLE")
    except (AlgorithmMismatch, jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        raise _Rejected("INVALID_SIGNATURE")
    except jwt.InvalidTokenError:
        raise _Rejected("MALFORMED")


def _read_protected_header(token: str) -> Dict[str, Any]:
    """The compact-JWS checks that need no key (packages/sdk/src/compact-jws.ts), before PyJWT:
    it accepts padded base64url, only recent or patched releases check ``crit``, and both clients
    must refuse the same files with the same code whichever PyJWT is installed."""
    parts = token.split(".")
    if len(parts) != 3 or any(not _BASE64URL.match(part) or len(part) % 4 == 1 for part in parts):
        raise _Rejected("MALFORMED")
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)).decode("utf-8"))
    except (ValueError, binascii.Error):
        raise _Rejected("MALFORMED")
    if not isinstance(header, dict):
        raise _Rejected("MALFORMED")
    _check_critical_parameters(header)
    # RFC 7797 §3: the portal never signs unencoded payloads; accepting them gives bytes two meanings.
    if "b64" in header and header["b64"] is not True:
        raise _Rejected("MALFORMED")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg == "":
        raise _Rejected("MALFORMED")
    if alg not in SIGNING_ALGORITHMS:
        raise _Rejected("INVALID_SIGNATURE")
    return header


def _check_critical_parameters(header: Dict[str, Any]) -> None:
    """RFC 7515 §4.1.11: refuse a JWS naming an extension we do not understand."""
    if "crit" not in header:
        return
    crit = header["crit"]
    if not isinstance(crit, list) or not crit or any(not isinstance(name, str) or name == "" for name in crit) or len(set(crit)) != len(crit):
        raise _Rejected("MALFORMED")
    for name in crit:
        if name not in _UNDERSTOOD_CRITICAL_PARAMETERS:
            raise _Rejected("INVALID_SIGNATURE")
        if name not in header:
            raise _Rejected("MALFORMED")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_integer(value: Any) -> bool:
    return _is_number(value) and float(value).is_integer()


def _is_count(value: Any) -> bool:
    return _is_integer(value) and value >= 0


def _is_optional_string(value: Any) -> bool:
    return value is None or isinstance(value, str)


_CLAIM_CHECKS = {
    "iss": lambda value: isinstance(value, str),
    "sub": lambda value: isinstance(value, str),
    "aud": lambda value: isinstance(value, str),
    "iat": _is_number,
    "nbf": _is_number,
    "exp": _is_number,
    "edition": lambda value: isinstance(value, str),
    "trial": lambda value: isinstance(value, bool),
    "seats": _is_count,
    "entitlements": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
    "grace_days": _is_count,
    "license_expires_at": lambda value: value is None or _is_number(value),
    "fph": _is_optional_string,
    "fph_salt": _is_optional_string,
    "device": _is_optional_string,
    "nonce": _is_optional_string,
    # Issue 18: what the license does once expired past its grace (packages/sdk/src/license-claims.ts).
    "expiry_strategy": lambda value: value is None or value in EXPIRY_STRATEGIES,
    "entitlements_after_expiry": lambda value: value is None or (isinstance(value, list) and all(isinstance(item, str) for item in value)),
}


def _read_claims(payload: Any) -> Union[Dict[str, Any], int, None]:
    """The claims (format 1 read with ``trial: False``), the unsupported version number, or None
    when malformed. The version is checked before the shape: another format may have another shape."""
    if not isinstance(payload, dict):
        return None
    version = payload.get("ver")
    if not _is_integer(version):
        return None
    if version not in SUPPORTED_LICENSE_FILE_VERSIONS:
        return int(version)
    claims = {**payload, "trial": False} if version == 1 else payload
    # A present null is a wrong type for every optional string claim, as in the JS SDK.
    if any(claim in claims and claims[claim] is None for claim in ("fph", "fph_salt", "device", "nonce", "expiry_strategy", "entitlements_after_expiry")):
        return None
    if "license_expires_at" not in claims or not all(check(claims.get(claim)) for claim, check in _CLAIM_CHECKS.items()):
        return None
    return claims


def _is_bound_to_another_device(claims: Dict[str, Any], fingerprint: Optional[str]) -> bool:
    """A file without ``fph`` runs on any device; one with it only where the fingerprint hashes to it."""
    if claims.get("fph") is None:
        return False
    return fingerprint is None or fingerprint_hash(claims.get("fph_salt") or claims["sub"], fingerprint) != claims["fph"]


def _is_clock_rolled_back(storage: LastSeenTimeStorage, now_ms: int, tolerance_ms: int) -> bool:
    """Offline expiry is only as good as the device clock; a clock well behind the latest time
    seen was set back. Otherwise stores the later of the two."""
    last_seen_ms = storage.get()
    if last_seen_ms is not None and now_ms < last_seen_ms - tolerance_ms:
        return True
    if last_seen_ms is None or now_ms > last_seen_ms:
        storage.set(now_ms)
    return False


def _check_expiry(claims: Dict[str, Any], checked_ms: int) -> LicenseFileResult:
    """Grace absorbs clock skew at the expiry end, so ``exp`` is compared without tolerance
    (RFC 7519 §4.1.4: reject on or after)."""
    expires_ms = claims["exp"] * 1000
    if checked_ms < expires_ms:
        return LicenseFileResult(True, "VALID", "The license is valid.", claims)
    grace_ends_ms = expires_ms + claims["grace_days"] * 86_400_000
    license_ends = claims["license_expires_at"]
    is_license_over = license_ends is not None and license_ends * 1000 <= checked_ms
    if checked_ms < grace_ends_ms:
        detail = (
            f"Your license expired on {_format_day(license_ends)}. Renew it in the portal; the app keeps working until {_format_day(grace_ends_ms / 1000)}."
            if is_license_over
            else f"Connect to the internet before {_format_day(grace_ends_ms / 1000)} so the app can refresh its license file."
        )
        grace_ends_at = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=grace_ends_ms)
        return LicenseFileResult(True, "VALID", detail, claims, in_grace=True, grace_ends_at=grace_ends_at)
    detail = (
        f"Your license expired on {_format_day(license_ends)}. Renew it in the portal, then download a new license file."
        if is_license_over
        else "This license file is out of date. Connect to the internet so the app can refresh it, or download a new one from the portal."
    )
    return _reject("EXPIRED", detail, claims)


def _describe_unsupported_version(version: int) -> str:
    readable = " and ".join(str(v) for v in SUPPORTED_LICENSE_FILE_VERSIONS)
    if version > LICENSE_FILE_VERSION:
        return f"This license file uses format version {version}, which this app cannot read (it reads versions {readable}). Update the app to use it."
    return f"This license file uses format version {version}, which is too old for this app (it reads versions {readable}). Download a new license file from the portal."


def _format_day(epoch_seconds: float) -> str:
    """A calendar day in UTC: the client does not know the user's time zone."""
    return datetime.fromtimestamp(epoch_seconds, timezone.utc).strftime("%Y-%m-%d") + " (UTC)"


def _reject(code: str, detail: str, claims: Optional[Dict[str, Any]] = None) -> LicenseFileResult:
    return LicenseFileResult(False, code, detail, claims)
