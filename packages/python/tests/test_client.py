import json
import time
import unittest
import unittest.mock
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from rekey_client import (
    BadSignature, Client, DeviceRefused, JwksCache, PinRequired, ProblemError, RateLimited, Unreachable, create_offline_activation_request,
    fingerprint_hash, offline_request_file,
)
from rekey_client.protocol import (
    DEACTIVATION_RECEIPT_AUDIENCE, DEVICE_LEASE_AUDIENCE, DEVICE_REFUSAL_AUDIENCE, FLOATING_LEASE_AUDIENCE, VALIDATION_TOKEN_AUDIENCE,
)

from .fake_portal import PORTAL_ISSUER, FakePortal, SigningKey, json_answer, signed, unused_base_url

VALIDATE = "/api/v1/licenses/validate"
FINGERPRINT = "machine-0123456789"
LICENSE_KEY = "RK-7F3Q-ABCD-EFGH-JKMN-P"


def make_license_file(key: SigningKey, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": PORTAL_ISSUER, "sub": str(uuid.uuid4()), "aud": "studio", "iat": now, "nbf": now, "exp": now + 30 * 86_400, "ver": 2,
        "edition": "pro", "trial": False, "seats": 5, "entitlements": ["export"], "grace_days": 7, "license_expires_at": None, **overrides,
    }
    return key.sign(claims)


def verdict(nonce, code="VALID", valid=True):
    return {"valid": valid, "code": code, "detail": f"The key is {code}.", "license": None, "key": None, "meta": {"nonce": nonce, "ts": "2026-12-06T00:00:00.000Z"}}


class ClientTestCase(unittest.TestCase):
    def setUp(self):
        self.key = SigningKey()
        self.portal = FakePortal({"/.well-known/jwks.json": lambda _: json_answer({"keys": [self.key.public_jwk]})})
        self.addCleanup(self.portal.close)
        self.client = Client(self.portal.base_url, timeout_seconds=5)

    def route(self, path, handler):
        self.portal.routes[path] = handler


class ValidateTest(ClientTestCase):
    def test_returns_the_portal_s_signed_verdict_for_this_request(self):
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, verdict(body["nonce"], "VALID_ROTATING"))}))
        result = self.client.validate(LICENSE_KEY, fingerprint=FINGERPRINT, product="studio")
        self.assertEqual((result.valid, result.code, result.source), (True, "VALID_ROTATING", "online"))
        body, headers = self.portal.last_request(VALIDATE)
        self.assertEqual(body, {"key": LICENSE_KEY, "fingerprint": FINGERPRINT, "product": "studio", "nonce": body["nonce"]})
        self.assertEqual(headers["Rekey-Accept-Algorithms"], "EdDSA, ES256, RS256")

    def test_names_the_access_an_expired_license_keeps(self):
        def answer(body):
            kept = {**verdict(body["nonce"], code="EXPIRED"), "keptAccess": {"strategy": "maintain_access", "releasedBefore": "2026-11-01T00:00:00.000Z"}}
            return json_answer({**kept, "token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, kept)})

        self.route(VALIDATE, answer)
        result = self.client.validate(LICENSE_KEY)
        self.assertEqual((result.valid, result.code, result.kept_access["strategy"]), (True, "EXPIRED", "maintain_access"))

    def test_refuses_a_recorded_valid_answer_replayed_for_another_request(self):
        recorded = signed(self.key, VALIDATION_TOKEN_AUDIENCE, verdict("an-earlier-nonce"))
        self.route(VALIDATE, lambda _: json_answer({"token": recorded}))
        with self.assertRaises(BadSignature):
            self.client.validate(LICENSE_KEY)

    def test_refuses_a_token_made_for_another_endpoint(self):
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, DEVICE_LEASE_AUDIENCE, verdict(body["nonce"]))}))
        with self.assertRaises(BadSignature):
            self.client.validate(LICENSE_KEY)

    def test_refuses_a_token_whose_header_names_another_algorithm_than_its_key_s(self):
        forger = ec.generate_private_key(ec.SECP256R1())
        claims = {"iss": PORTAL_ISSUER, "aud": VALIDATION_TOKEN_AUDIENCE, "iat": int(time.time()), "exp": int(time.time()) + 300}
        self.route(VALIDATE, lambda body: json_answer({"token": jwt.encode({**claims, **verdict(body["nonce"])}, forger, algorithm="ES256", headers={"kid": self.key.kid})}))
        with self.assertRaises(BadSignature):
            self.client.validate(LICENSE_KEY)

    def test_refuses_an_answer_about_one_edition_signed_with_another_edition_s_key(self):
        self.key.public_jwk["rekey_scope"] = {"product": "studio", "edition": "basic"}
        about_pro = {"product": "studio", "edition": "pro"}
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, {**verdict(body["nonce"]), "license": about_pro})}))
        with self.assertRaisesRegex(BadSignature, "another product or edition"):
            self.client.validate(LICENSE_KEY)

    def test_accepts_an_answer_signed_with_its_own_edition_s_key(self):
        self.key.public_jwk["rekey_scope"] = {"product": "studio", "edition": "pro"}
        about_pro = {"product": "studio", "edition": "pro"}
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, {**verdict(body["nonce"]), "license": about_pro})}))
        self.assertEqual(self.client.validate(LICENSE_KEY).code, "VALID")

    def test_refuses_an_unsigned_valid_answer(self):
        self.route(VALIDATE, lambda body: json_answer(verdict(body["nonce"])))
        with self.assertRaises(BadSignature):
            self.client.validate(LICENSE_KEY)

    def test_falls_back_to_the_license_file_when_the_portal_cannot_be_reached(self):
        offline_client = Client(unused_base_url(), jwks=JwksCache(jwks={"keys": [self.key.public_jwk]}), timeout_seconds=2)
        result = offline_client.validate(LICENSE_KEY, product="studio", license_file=make_license_file(self.key) + "\n")
        self.assertEqual((result.valid, result.code, result.source), (True, "VALID", "offline"))
        self.assertIsInstance(result.online_failure, Unreachable)

    def test_falls_back_to_the_license_file_when_a_captive_portal_answers(self):
        self.route(VALIDATE, lambda _: (200, {"Content-Type": "text/html"}, b"<h1>Sign in to the hotel Wi-Fi</h1>"))
        result = self.client.validate(LICENSE_KEY, product="other", license_file=make_license_file(self.key))
        self.assertEqual((result.valid, result.code, result.source), (False, "PRODUCT_MISMATCH", "offline"))

    def test_reports_bad_input_with_the_problem_code_and_never_falls_back(self):
        problem = {"type": "https://rekey.dev/problems/invalid-request", "title": "Invalid request", "status": 400, "code": "INVALID_REQUEST", "errors": [{"field": "fingerprint", "messages": ["Too short"]}]}
        self.route(VALIDATE, lambda _: json_answer(problem, 400))
        with self.assertRaises(ProblemError) as raised:
            self.client.validate(LICENSE_KEY, fingerprint="short", license_file=make_license_file(self.key))
        self.assertEqual((raised.exception.code, raised.exception.status, raised.exception.errors[0]["field"]), ("INVALID_REQUEST", 400, "fingerprint"))

    def test_reports_rate_limiting_with_the_retry_after(self):
        self.route(VALIDATE, lambda _: json_answer({"title": "Too many requests", "status": 429, "code": "RATE_LIMITED"}, 429, {"Retry-After": "42"}))
        with self.assertRaises(RateLimited) as raised:
            self.client.validate(LICENSE_KEY)
        self.assertEqual(raised.exception.retry_after_seconds, 42)


class DeviceApiTestCase(ClientTestCase):
    """The device, floating-lease and usage endpoints refuse alike: a problem signed for the request."""

    def refusal(self, body, code, is_signed=True, extensions=None):
        token = signed(self.key, DEVICE_REFUSAL_AUDIENCE, {"code": code, "detail": f"Refused: {code}.", "nonce": body["nonce"]}) if is_signed else None
        return json_answer({"type": "about:blank", "title": "Conflict", "status": 409, "code": code, **(extensions or {}), **({"token": token} if token else {})}, 409)


class DeviceTest(DeviceApiTestCase):
    def lease_answer(self, body, license_id="lic-1", fingerprint=FINGERPRINT):
        claims = {"sub": license_id, "device": "dev-1", "fph": fingerprint_hash(license_id, fingerprint), "product": "studio", "grace_days": 7, "nonce": body["nonce"]}
        return json_answer({"device": {"id": "dev-1"}, "lease": {"token": signed(self.key, DEVICE_LEASE_AUDIENCE, claims, 86_400)}}, 201)

    def test_activates_and_heartbeats_with_a_lease_bound_to_this_machine(self):
        for action in ("activate", "heartbeat"):
            self.route(f"/api/v1/devices/{action}", self.lease_answer)
        lease = self.client.activate(LICENSE_KEY, FINGERPRINT, product="studio", name="Lab PC")
        self.assertEqual((lease.license_id, lease.device_id, (lease.grace_ends_at - lease.expires_at).days), ("lic-1", "dev-1", 7))
        self.assertEqual(self.portal.last_request("/api/v1/devices/activate")[0]["name"], "Lab PC")
        self.assertEqual(self.client.heartbeat(LICENSE_KEY, FINGERPRINT).device_id, "dev-1")

    def test_reports_the_app_s_version_on_validation_activation_and_heartbeat_when_given(self):
        client = Client(self.portal.base_url, timeout_seconds=5, client_version="4.2.1")
        for action in ("activate", "heartbeat"):
            self.route(f"/api/v1/devices/{action}", self.lease_answer)
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, verdict(body["nonce"]))}))
        client.validate(LICENSE_KEY, fingerprint=FINGERPRINT)
        client.activate(LICENSE_KEY, FINGERPRINT)
        client.heartbeat(LICENSE_KEY, FINGERPRINT)
        for path in (VALIDATE, "/api/v1/devices/activate", "/api/v1/devices/heartbeat"):
            self.assertEqual(self.portal.last_request(path)[0]["clientVersion"], "4.2.1", path)

    def test_sends_a_named_user_s_seat_token_when_given_one(self):
        self.route(VALIDATE, lambda body: json_answer({"token": signed(self.key, VALIDATION_TOKEN_AUDIENCE, verdict(body["nonce"]))}))
        seat_token = "rks1.user-1." + "a" * 64
        self.client.validate(LICENSE_KEY, user_token=seat_token)
        self.assertEqual(self.portal.last_request(VALIDATE)[0]["userToken"], seat_token)

    def test_refuses_a_lease_issued_to_another_machine(self):
        self.route("/api/v1/devices/activate", lambda body: self.lease_answer(body, fingerprint="another-machine"))
        with self.assertRaises(BadSignature):
            self.client.activate(LICENSE_KEY, FINGERPRINT)

    def test_ends_a_lease_only_on_a_signed_refusal(self):
        self.route("/api/v1/devices/heartbeat", lambda body: self.refusal(body, "NOT_ACTIVATED"))
        with self.assertRaises(DeviceRefused) as raised:
            self.client.heartbeat(LICENSE_KEY, FINGERPRINT)
        self.assertEqual(raised.exception.code, "NOT_ACTIVATED")
        self.route("/api/v1/devices/heartbeat", lambda body: self.refusal(body, "NOT_ACTIVATED", is_signed=False))
        with self.assertRaises(ProblemError):
            self.client.heartbeat(LICENSE_KEY, FINGERPRINT)

    def test_says_when_a_seat_may_move_again_past_the_transfer_limit(self):
        limit = {"transferLimit": {"limit": 2, "periodDays": 30, "used": 2, "nextTransferAt": "2026-03-20T09:30:00.000Z"}}
        self.route("/api/v1/devices/activate", lambda body: self.refusal(body, "TRANSFER_LIMIT_REACHED", extensions=limit))
        with self.assertRaises(DeviceRefused) as raised:
            self.client.activate(LICENSE_KEY, FINGERPRINT)
        self.assertEqual(raised.exception.code, "TRANSFER_LIMIT_REACHED")
        self.assertEqual(raised.exception.next_transfer_at.isoformat(), "2026-03-20T09:30:00+00:00")

    def test_asks_for_the_license_pin(self):
        self.route("/api/v1/devices/activate", lambda _: json_answer({"title": "PIN required", "status": 403, "code": "PIN_REQUIRED", "unusualActivation": True}, 403))
        with self.assertRaises(PinRequired) as raised:
            self.client.activate(LICENSE_KEY, FINGERPRINT)
        self.assertEqual((raised.exception.code, raised.exception.is_unusual_activation), ("PIN_REQUIRED", True))

    def test_deactivates_with_a_receipt_for_this_request(self):
        def receipt(body):
            claims = {"sub": "lic-1", "device": "dev-1", "fph": fingerprint_hash("lic-1", FINGERPRINT), "deactivated_at": int(time.time()), "nonce": body["nonce"]}
            return json_answer({"receipt": signed(self.key, DEACTIVATION_RECEIPT_AUDIENCE, claims)})

        self.route("/api/v1/devices/deactivate", receipt)
        self.assertEqual(self.client.deactivate(LICENSE_KEY, FINGERPRINT).device_id, "dev-1")


class FloatingLeaseTest(DeviceApiTestCase):
    def floating_answer(self, body, fingerprint=FINGERPRINT, license_file=None):
        claims = {"sub": "lic-1", "lease": "lease-1", "kind": "borrowed" if license_file else "online", "fph": fingerprint_hash("lic-1", fingerprint), "nonce": body["nonce"]}
        answer = {"lease": {"id": "lease-1", "token": signed(self.key, FLOATING_LEASE_AUDIENCE, claims, 900)}, "seats": {"total": 5, "taken": 2}}
        return json_answer({**answer, **({"licenseFile": license_file} if license_file else {})}, 201)

    def test_checks_out_renews_and_releases_a_floating_seat_bound_to_this_machine(self):
        self.route("/api/v1/leases/checkout", self.floating_answer)
        self.route("/api/v1/leases/heartbeat", self.floating_answer)
        self.route("/api/v1/leases/release", lambda _: json_answer({"lease": {"id": "lease-1"}}))
        lease = self.client.checkout_lease(LICENSE_KEY, FINGERPRINT, name="render-node-3")
        self.assertEqual((lease.lease_id, lease.kind, lease.seats_taken, lease.seats_total), ("lease-1", "online", 2, 5))
        self.assertEqual(self.portal.last_request("/api/v1/leases/checkout")[0]["name"], "render-node-3")
        self.assertEqual(self.client.renew_lease(LICENSE_KEY, FINGERPRINT).lease_id, "lease-1")
        self.assertEqual(self.client.release_lease(LICENSE_KEY, FINGERPRINT), "lease-1")

    def test_borrows_a_seat_with_its_license_file_and_refuses_a_lease_for_another_machine(self):
        self.route("/api/v1/leases/checkout", lambda body: self.floating_answer(body, license_file="borrowed.jwt"))
        self.assertEqual(self.client.checkout_lease(LICENSE_KEY, FINGERPRINT, borrow_days=3).license_file, "borrowed.jwt")
        self.assertEqual(self.portal.last_request("/api/v1/leases/checkout")[0]["borrowDays"], 3)
        self.route("/api/v1/leases/checkout", lambda body: self.floating_answer(body, fingerprint="another-machine"))
        with self.assertRaises(BadSignature):
            self.client.checkout_lease(LICENSE_KEY, FINGERPRINT)

    def test_reports_no_free_floating_seat_only_when_signed(self):
        self.route("/api/v1/leases/checkout", lambda body: self.refusal(body, "NO_FLOATING_SEAT"))
        with self.assertRaises(DeviceRefused) as raised:
            self.client.checkout_lease(LICENSE_KEY, FINGERPRINT)
        self.assertEqual(raised.exception.code, "NO_FLOATING_SEAT")


class UsageTest(DeviceApiTestCase):
    def usage_answer(self, body, used=3):
        usage = {
            "meter": body["meter"], "period": "month", "periodStartsAt": "2026-12-01T00:00:00.000Z", "periodEndsAt": "2027-01-01T00:00:00.000Z",
            "limit": 10, "used": used, "remaining": max(0, 10 - used), "overage": max(0, used - 10), "overageStrategy": "none",
        }
        record = {"id": body["id"], "meter": body["meter"], "quantity": body["quantity"], "recordedAt": "2026-12-06T00:00:00.000Z", "replayed": False}
        return json_answer({"code": "QUOTA_EXHAUSTED" if used >= 10 else "VALID", "record": record, "usage": usage}, 201)

    def test_records_usage_under_the_caller_s_id_and_returns_what_is_left(self):
        self.route("/api/v1/usage", self.usage_answer)
        usage = self.client.record_usage(LICENSE_KEY, "exports", "export-run-0001", quantity=3)
        self.assertEqual((usage.code, usage.used, usage.remaining, usage.period_ends_at.year), ("VALID", 3, 7, 2027))
        self.assertEqual(self.portal.last_request("/api/v1/usage")[0], {"key": LICENSE_KEY, "meter": "exports", "quantity": 3, "id": "export-run-0001", "nonce": unittest.mock.ANY})

    def test_raises_quota_exhausted_only_for_a_signed_refusal_and_distrusts_a_malformed_answer(self):
        self.route("/api/v1/usage", lambda body: self.refusal(body, "QUOTA_EXHAUSTED"))
        with self.assertRaises(DeviceRefused) as raised:
            self.client.record_usage(LICENSE_KEY, "exports", "export-run-0002")
        self.assertEqual(raised.exception.code, "QUOTA_EXHAUSTED")
        self.route("/api/v1/usage", lambda body: self.refusal(body, "QUOTA_EXHAUSTED", is_signed=False))
        with self.assertRaises(ProblemError):
            self.client.record_usage(LICENSE_KEY, "exports", "export-run-0003")
        self.route("/api/v1/usage", lambda _: json_answer({"code": "VALID", "usage": {"meter": "exports"}}, 201))
        with self.assertRaises(BadSignature):
            self.client.record_usage(LICENSE_KEY, "exports", "export-run-0004")


class OfflineActivationRequestTest(unittest.TestCase):
    def test_names_the_key_by_prefix_and_the_machine_by_a_product_salted_hash_only(self):
        request = create_offline_activation_request(key=LICENSE_KEY.lower(), fingerprint=FINGERPRINT, product="studio", name="Lab PC")
        self.assertEqual((request["keyPrefix"], request["fingerprintHash"]), ("RK-7F3Q", fingerprint_hash("product:studio", FINGERPRINT)))
        file = offline_request_file(request)
        self.assertNotIn(FINGERPRINT, file)
        self.assertNotIn("ABCD", file)
        self.assertEqual(json.loads(file)["format"], "rekey.offline-activation-request")

    def test_refuses_text_that_is_not_a_license_key(self):
        with self.assertRaises(ValueError):
            create_offline_activation_request(key="not a key", fingerprint=FINGERPRINT, product="studio")


if __name__ == "__main__":
    unittest.main()
