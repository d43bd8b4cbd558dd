"""Rekey client: check a license key online, or a signed license file offline, from Python.
Mirrors the JS SDK (packages/sdk) code for code; see README.md."""
from .client import Client, Deactivation, DeviceLease, FloatingLease, MeterUsage, ValidationResult
from .errors import BadSignature, DeviceRefused, NoTrustworthyAnswer, PinRequired, ProblemError, RateLimited, RekeyError, Unreachable
from .jwks import JwksCache, KeysUnavailable, UnknownKeyId, jwks_url
from .license_file import LastSeenTimeStorage, LicenseFileResult, verify_license_file
from .offline_activation import (
    OfflineDeactivationRequest,
    create_offline_activation_request,
    create_offline_deactivation_request,
    offline_request_file,
    verify_deactivation_receipt,
    verify_offline_activation,
)
from .protocol import fingerprint_hash, offline_fingerprint_salt, parse_license_key_prefix

__all__ = [
    "BadSignature", "Client", "Deactivation", "DeviceLease", "DeviceRefused", "FloatingLease", "JwksCache", "KeysUnavailable", "LastSeenTimeStorage",
    "LicenseFileResult", "MeterUsage", "NoTrustworthyAnswer", "OfflineDeactivationRequest", "PinRequired", "ProblemError", "RateLimited", "RekeyError",
    "UnknownKeyId", "Unreachable", "ValidationResult", "create_offline_activation_request", "create_offline_deactivation_request",
    "fingerprint_hash", "jwks_url", "offline_fingerprint_salt", "offline_request_file", "parse_license_key_prefix",
    "verify_deactivation_receipt", "verify_license_file", "verify_offline_activation",
]
