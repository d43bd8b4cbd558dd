"""The Python client against a running portal (the production build in e2e): run by
e2e/python-client.spec.ts, which reveals a key, downloads its license file, uploads an offline
activation request made by this client and hands everything over in the environment:

    REKEY_URL, REKEY_PRODUCT, REKEY_LICENSE_KEY, REKEY_LICENSE_FILE,
    REKEY_OFFLINE_REQUEST_FILE, REKEY_OFFLINE_LICENSE_FILE, REKEY_OFFLINE_FINGERPRINT,
    REKEY_OFFLINE_DEACTIVATION_REQUEST_FILE (written here, uploaded by the spec to free the seat)

    python3 -m unittest discover -s packages/python/tests -t packages/python -p 'live_*.py'
"""
import json
import os
import unittest
import uuid

from rekey_client import (
    Client, DeviceRefused, ProblemError, create_offline_activation_request, create_offline_deactivation_request, offline_request_file,
    verify_license_file, verify_offline_activation,
)

from .fake_portal import unused_base_url

PORTAL = os.environ["REKEY_URL"]
PRODUCT = os.environ["REKEY_PRODUCT"]
LICENSE_KEY = os.environ["REKEY_LICENSE_KEY"]


def read(variable: str) -> str:
    with open(os.environ[variable], encoding="utf-8") as file:
        return file.read()


def new_fingerprint(label: str) -> str:
    return f"{label}-{uuid.uuid4()}"


class LivePortal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(PORTAL)

    def test_verifies_the_downloaded_license_file_against_the_published_jwks(self):
        license_file = read("REKEY_LICENSE_FILE")
        result = verify_license_file(license_file, self.client.jwks, product=PRODUCT)
        self.assertEqual((result.valid, result.code, result.claims["aud"]), (True, "VALID", PRODUCT))
        self.assertEqual(verify_license_file(license_file, self.client.jwks, product=f"{PRODUCT}-other").code, "PRODUCT_MISMATCH")

    def test_validates_the_key_online_with_the_portal_s_signed_verdict(self):
        result = self.client.validate(LICENSE_KEY, product=PRODUCT)
        self.assertEqual((result.valid, result.code, result.source, result.license["product"]), (True, "VALID", "online", PRODUCT))

    def test_falls_back_to_the_license_file_when_the_portal_cannot_be_reached(self):
        unreachable = Client(unused_base_url(), jwks=self.client.jwks, timeout_seconds=2)
        result = unreachable.validate(LICENSE_KEY, product=PRODUCT, license_file=read("REKEY_LICENSE_FILE"))
        self.assertEqual((result.valid, result.code, result.source), (True, "VALID", "offline"))

    def test_reports_a_too_short_fingerprint_as_a_problem_naming_the_field(self):
        with self.assertRaises(ProblemError) as raised:
            self.client.validate(LICENSE_KEY, fingerprint="short", product=PRODUCT)
        self.assertEqual(raised.exception.code, "INVALID_INPUT")
        self.assertIn("fingerprint", [error["field"] for error in raised.exception.errors])

    def test_activates_heartbeats_and_deactivates_a_machine(self):
        machine = new_fingerprint("python-client")
        lease = self.client.activate(LICENSE_KEY, machine, product=PRODUCT, name="Python-CI", platform="Linux")
        self.assertLess(lease.issued_at, lease.expires_at)
        self.assertEqual(self.client.heartbeat(LICENSE_KEY, machine, product=PRODUCT).device_id, lease.device_id)
        self.assertEqual(self.client.deactivate(LICENSE_KEY, machine, product=PRODUCT).device_id, lease.device_id)
        with self.assertRaises(DeviceRefused) as raised:
            self.client.heartbeat(LICENSE_KEY, machine, product=PRODUCT)
        self.assertEqual(raised.exception.code, "NOT_ACTIVATED")

    def test_accepts_the_offline_activation_answer_on_its_machine_only_and_makes_the_deactivation_request(self):
        request = json.loads(read("REKEY_OFFLINE_REQUEST_FILE"))
        license_file = read("REKEY_OFFLINE_LICENSE_FILE")
        machine = os.environ["REKEY_OFFLINE_FINGERPRINT"]
        self.assertEqual(verify_offline_activation(license_file, self.client.jwks, request=request, fingerprint=machine).code, "VALID")
        self.assertEqual(verify_offline_activation(license_file, self.client.jwks, request=request, fingerprint=new_fingerprint("other")).code, "FINGERPRINT_MISMATCH")
        other_request = create_offline_activation_request(key=LICENSE_KEY, fingerprint=machine, product=PRODUCT)
        self.assertEqual(verify_offline_activation(license_file, self.client.jwks, request=other_request, fingerprint=machine).code, "REQUEST_MISMATCH")

        deactivation = create_offline_deactivation_request(license_file, self.client.jwks, fingerprint=machine)
        self.assertIsNotNone(deactivation.request, deactivation.detail)
        with open(os.environ["REKEY_OFFLINE_DEACTIVATION_REQUEST_FILE"], "w", encoding="utf-8") as file:
            file.write(offline_request_file(deactivation.request))


if __name__ == "__main__":
    unittest.main()
