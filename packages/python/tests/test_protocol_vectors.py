"""The shared vectors, read by the Python client: the JS SDK's test
(packages/sdk/src/protocol-vectors.test.ts) reads the same file and expects the same codes."""
import unittest
from datetime import datetime

from rekey_client import fingerprint_hash, parse_license_key_prefix, verify_license_file, verify_offline_activation

from .protocol_vectors import load_vectors


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


class SharedProtocolVectors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.vectors = load_vectors()

    def test_reaches_the_expected_code_on_every_license_file(self):
        for vector in self.vectors["licenseFiles"]:
            with self.subTest(vector["name"]):
                jwks = self.vectors["jwks"] if vector["jwks"] == "published" else self.vectors["jwksWithoutSigningKey"]
                result = verify_license_file(
                    vector["file"], jwks, now=_at(vector["at"]), product=vector.get("product"), fingerprint=vector.get("fingerprint"),
                    clock_skew_seconds=self.vectors["clockSkewSeconds"],
                )
                outcome = {"valid": result.valid, "code": result.code}
                if "inGrace" in vector["expected"]:
                    outcome["inGrace"] = result.in_grace
                self.assertEqual(outcome, vector["expected"])

    def test_reaches_the_expected_code_on_every_offline_activation_answer(self):
        for vector in self.vectors["offlineActivations"]:
            with self.subTest(vector["name"]):
                result = verify_offline_activation(vector["file"], self.vectors["jwks"], request=vector["request"], fingerprint=vector["fingerprint"], now=_at(vector["at"]))
                self.assertEqual({"valid": result.valid, "code": result.code}, vector["expected"])

    def test_hashes_fingerprints_and_reads_key_prefixes_as_the_vectors_say(self):
        for case in self.vectors["fingerprintHashes"]:
            self.assertEqual(fingerprint_hash(case["salt"], case["fingerprint"]), case["hash"])
        for case in self.vectors["keyPrefixes"]:
            self.assertEqual(parse_license_key_prefix(case["key"]), case["prefix"], case["key"])


if __name__ == "__main__":
    unittest.main()
