"""Activation for air-gapped machines, carried by files (packages/sdk/src/offline-activation.ts):
the app writes an activation request (key prefix, hashed fingerprint, nonce), the customer uploads
it in the portal and brings back a signed license file bound to this machine. Deactivation is the
same in reverse. Nothing in a request can be used as a key or reveals the fingerprint.
"""
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Optional, Union

import jwt

from .jwks import AlgorithmMismatch, JwksCache, KeysUnavailable, UnknownKeyId, as_jwks_cache
from .license_file import LicenseFileResult, verify_license_file
from .protocol import (
    DEACTIVATION_RECEIPT_AUDIENCE,
    OFFLINE_ACTIVATION_REQUEST_FORMAT,
    OFFLINE_DEACTIVATION_REQUEST_FORMAT,
    OFFLINE_REQUEST_VERSION,
    base64url,
    fingerprint_hash,
    offline_fingerprint_salt,
    parse_license_key_prefix,
)

# Codes that still prove the file is this machine's: a file past its date can still give its seat back.
_RELEASABLE = ("VALID", "EXPIRED", "NOT_YET_VALID", "CLOCK_ROLLBACK", "REVOKED")


def _iso(moment: datetime) -> str:
    """JavaScript's ``toISOString`` form, so requests read the same whichever client made them."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def create_offline_activation_request(
    *, key: str, fingerprint: str, product: str, name: Optional[str] = None, platform: Optional[str] = None, now: Optional[datetime] = None
) -> Dict[str, Any]:
    """Write it with ``offline_request_file`` and keep it: ``verify_offline_activation`` needs its
    nonce. Raises ValueError when ``key`` is not shaped like a license key."""
    key_prefix = parse_license_key_prefix(key)
    if key_prefix is None:
        raise ValueError("That is not a Rekey license key.")
    return {
        "format": OFFLINE_ACTIVATION_REQUEST_FORMAT,
        "version": OFFLINE_REQUEST_VERSION,
        "product": product,
        "keyPrefix": key_prefix,
        "fingerprintHash": fingerprint_hash(offline_fingerprint_salt(product), fingerprint),
        "nonce": base64url(secrets.token_bytes(16)),
        **({"name": name} if name else {}),
        **({"platform": platform} if platform else {}),
        "createdAt": _iso(now or datetime.now(timezone.utc)),
    }


def offline_request_file(request: Dict[str, Any]) -> str:
    """The request as the file the customer carries to the portal."""
    return json.dumps(request, indent=2, ensure_ascii=False) + "\n"


def verify_offline_activation(
    file: str, jwks: Union[JwksCache, Dict[str, Any]], *, request: Dict[str, Any], fingerprint: str, now: Optional[datetime] = None
) -> LicenseFileResult:
    """Checks the license file the portal gave for ``request``: genuine, for this product, bound to
    this machine, and the answer to this very request (its nonce; else ``REQUEST_MISMATCH``)."""
    result = verify_license_file(file, jwks, now=now, fingerprint=fingerprint, product=request["product"])
    if result.claims is not None and result.claims.get("nonce") != request["nonce"]:
        return LicenseFileResult(
            False,
            "REQUEST_MISMATCH",
            "This license file answers a different activation request. Upload this machine's latest request file in the portal and use the file it gives you.",
        )
    return result


@dataclass(frozen=True)
class OfflineDeactivationRequest:
    request: Optional[Dict[str, Any]]
    #: Why there is no request, when ``request`` is None.
    detail: Optional[str] = None


def create_offline_deactivation_request(
    license_file: str, jwks: Union[JwksCache, Dict[str, Any]], *, fingerprint: str, now: Optional[datetime] = None
) -> OfflineDeactivationRequest:
    """Delete the license file before showing the request: it promises this machine no longer uses its seat."""
    checked = verify_license_file(license_file, jwks, fingerprint=fingerprint, now=now)
    if checked.code not in _RELEASABLE or checked.claims is None:
        return OfflineDeactivationRequest(None, checked.detail)
    claims = checked.claims
    if not (claims.get("device") and claims.get("fph") and claims.get("fph_salt")):
        return OfflineDeactivationRequest(None, "This license file was not issued by offline activation; deactivate this device from the app while online, or in the portal.")
    return OfflineDeactivationRequest({
        "format": OFFLINE_DEACTIVATION_REQUEST_FORMAT,
        "version": OFFLINE_REQUEST_VERSION,
        "license": claims["sub"],
        "device": claims["device"],
        "fingerprintHash": claims["fph"],
        "nonce": base64url(secrets.token_bytes(16)),
        "createdAt": _iso(now or datetime.now(timezone.utc)),
    })


def verify_deactivation_receipt(receipt: str, jwks: Union[JwksCache, Dict[str, Any]], *, request: Dict[str, Any]) -> bool:
    """True when the receipt is genuine and answers ``request`` (that device, that very request)."""
    token = receipt.strip()
    try:
        header = jwt.get_unverified_header(token)
        key = as_jwks_cache(jwks).get_key(header.get("kid"), header.get("alg"))
        payload = jwt.decode(token, key.key, algorithms=[header["alg"]], audience=DEACTIVATION_RECEIPT_AUDIENCE, options={"require": ["deactivated_at"]})
    except (UnknownKeyId, AlgorithmMismatch, KeysUnavailable, jwt.PyJWTError, ValueError, TypeError):
        return False
    return all(payload.get(claim) == request[field] for claim, field in (("sub", "license"), ("device", "device"), ("fph", "fingerprintHash"), ("nonce", "nonce")))
