"""examples/python run as a Pulumi program under mocks, through the installed pulumi_kmskey.

Checks that the example runs and registers what the scenario says: two KmsKeys and two ImportedKeys (remote
components) with their inputs, and the grants it asks for as method Calls.
"""

import pathlib
import runpy

import pulumi

from test_sdk import Mocks, RecordingMonitor

EXAMPLE = pathlib.Path(__file__).resolve().parents[3] / "examples" / "python" / "__main__.py"


def test_the_python_example_registers_the_scenario():
    monitor = RecordingMonitor(Mocks())
    pulumi.runtime.set_mocks(Mocks(), project="kmskey-example-python", stack="dev", preview=False, monitor=monitor)

    @pulumi.runtime.test
    def program():
        runpy.run_path(str(EXAMPLE), run_name="__main__")

    program()  # returns once every registration and call has been answered

    regs = {r["name"]: r for r in monitor.requests}
    assert sorted((r["type"], n) for n, r in regs.items()) == [
        ("kmskey:index:ImportedKey", "audit"),
        ("kmskey:index:ImportedKey", "legacy"),
        ("kmskey:index:KmsKey", "orders-data"),
        ("kmskey:index:KmsKey", "orders-signing"),
    ]
    assert all(r["remote"] and not r["custom"] for r in regs.values())
    assert regs["orders-data"]["wire"] == {
        "description": "Encrypts order records at rest",
        "alias": "orders/data",
        "aliases": ["orders/data-v1"],
        "admins": ["arn:aws:iam::111122223333:role/KeyAdministrators"],
        "grants": [
            {"grantee": "logs.amazonaws.com", "kind": "encryptDecrypt"},
            {"grantee": "444455556666", "kind": "decrypt"},
        ],
        "pendingWindowInDays": 7,
        "tags": {"team": "orders", "dataClassification": "confidential"},
    }
    signing = regs["orders-signing"]["wire"]
    assert (signing["keySpec"], signing["keyUsage"], signing["removalPolicy"]) == ("ECC_NIST_P256", "SIGN_VERIFY", "destroy")
    assert regs["legacy"]["wire"] == {"lookupAliasName": "alias/legacy-orders", "returnDummyKeyOnMissing": True}
    assert sorted((c["tok"], c["wire"]["grantee"]) for c in monitor.calls) == [
        ("kmskey:index:ImportedKey/grantDecrypt", "arn:aws:iam::111122223333:role/auditor"),
        ("kmskey:index:KmsKey/grantEncryptDecrypt", "arn:aws:iam::111122223333:role/orders-service"),
        ("kmskey:index:KmsKey/grantSign", "arn:aws:iam::111122223333:role/orders-service"),
        ("kmskey:index:KmsKey/grantVerify", "arn:aws:iam::111122223333:role/receipt-verifier"),
    ]
