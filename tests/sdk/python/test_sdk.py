"""The generated Python SDK (sdk/python, package pulumi_kmskey) under Pulumi's runtime mocks.

What it sends to the engine when a program creates a KmsKey or an ImportedKey and calls a method. The components
themselves run in the provider process, which mocks never start, so this checks the SDK's marshalling surface: the
type token, the remote flag, the package version, every input under its schema (camelCase) name, enums as their string
values, and outputs and method results read back from what the engine answers.

`MockResourceArgs` has no `remote` field, so the mock monitor is subclassed (`set_mocks(..., monitor=...)`) to
record the RegisterResource request itself, and to answer Call (methods), which the stock MockMonitor lacks.

Run by `make test-sdk` in the venv under .cache/sdk with pulumi_kmskey installed from sdk/python.
"""

import json
import pathlib

import pulumi
import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime.proto import provider_pb2

import pulumi_kmskey as kmskey

ACCOUNT = "111122223333"
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/KeyAdministrators"
APP = f"arn:aws:iam::{ACCOUNT}:role/orders-service"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
SCHEMA_VERSION = json.loads((pathlib.Path(__file__).resolve().parents[3] / "schema.json").read_text())["version"]


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        if args.typ == "kmskey:index:KmsKey":
            return None, {
                "keyId": KEY_ID,
                "keyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}",
                "aliasNames": ["alias/orders/data", "alias/orders/data-v1"],
                "policy": '{"Version":"2012-10-17","Statement":[]}',
            }
        if args.typ == "kmskey:index:ImportedKey":
            alias = args.inputs.get("aliasName")
            return None, {
                "keyId": alias,
                "keyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:{alias}",
                "aliasName": alias,
                "isLookupDummy": False,
            }
        return None, dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise AssertionError(f"unexpected invoke {args.token}")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The stock mock monitor, recording each RegisterResource and Call request as sent."""

    def __init__(self, mocks):
        super().__init__(mocks)
        self.requests = []
        self.calls = []

    def RegisterResource(self, request):
        if request.type != "pulumi:pulumi:Stack":
            self.requests.append({
                "type": request.type,
                "name": request.name,
                "custom": request.custom,
                "remote": request.remote,
                "version": request.version,
                "wire": json_format.MessageToDict(request.object),
            })
        return super().RegisterResource(request)

    def Call(self, request):
        wire = json_format.MessageToDict(request.args)
        self.calls.append({"tok": request.tok, "wire": wire})
        method = request.tok.split("/")[1]
        ret = struct_pb2.Struct()
        ret.update({"aliasName": f"alias/{wire['name']}"} if method == "addAlias" else {"policyName": f"kms-{method}-policy"})
        return provider_pb2.CallResponse(**{"return": ret})


@pytest.fixture
def monitor():
    m = RecordingMonitor(Mocks())
    pulumi.runtime.set_mocks(Mocks(), project="project", stack="stack", preview=False, monitor=m)
    return m


def test_enums_are_their_schema_values():
    assert kmskey.KeySpec.ECC_NIST_P256.value == "ECC_NIST_P256"
    assert kmskey.KeySpec.ML_DSA87 == "ML_DSA_87"
    assert kmskey.KeySpec.HMAC256 == "HMAC_256"
    assert kmskey.KeyUsage.SIGN_VERIFY == "SIGN_VERIFY"
    assert kmskey.GrantKind.ENCRYPT_DECRYPT == "encryptDecrypt"
    assert kmskey.RemovalPolicy.DESTROY == "destroy"


@pulumi.runtime.test
def test_kms_key_registers_a_remote_component_with_every_input(monitor):
    key = kmskey.KmsKey(
        "orders-data",
        description="Encrypts order records at rest",
        alias="orders/data",
        aliases=["orders/data-v1"],
        admins=[ADMIN],
        grants=[
            kmskey.KeyGrantArgs(grantee="logs.amazonaws.com", kind=kmskey.GrantKind.ENCRYPT_DECRYPT),
            {"grantee": "444455556666", "kind": kmskey.GrantKind.DECRYPT},
            kmskey.KeyGrantArgs(grantee="arn:aws:iam::444455556666:role/Reader", actions=["kms:Decrypt", "kms:DescribeKey"]),
        ],
        key_spec=kmskey.KeySpec.SYMMETRIC_DEFAULT,
        key_usage=kmskey.KeyUsage.ENCRYPT_DECRYPT,
        enable_key_rotation=True,
        rotation_period_in_days=180,
        pending_window_in_days=7,
        removal_policy=kmskey.RemovalPolicy.DESTROY,
        multi_region=False,
        enabled=True,
        trust_account_identities=True,
        bypass_policy_lockout_safety_check=False,
        policy_statements=[{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*"}],
        tags={"team": "orders", "dataClassification": "confidential"},
    )

    def check(values):
        _, key_arn, key_id, alias_names = values
        assert len(monitor.requests) == 1
        req = monitor.requests[0]
        assert {k: req[k] for k in ("type", "name", "custom", "remote", "version")} == {
            "type": "kmskey:index:KmsKey", "name": "orders-data", "custom": False, "remote": True, "version": SCHEMA_VERSION,
        }
        assert req["wire"] == {
            "description": "Encrypts order records at rest",
            "alias": "orders/data",
            "aliases": ["orders/data-v1"],
            "admins": [ADMIN],
            "grants": [
                {"grantee": "logs.amazonaws.com", "kind": "encryptDecrypt"},
                {"grantee": "444455556666", "kind": "decrypt"},
                {"grantee": "arn:aws:iam::444455556666:role/Reader", "actions": ["kms:Decrypt", "kms:DescribeKey"]},
            ],
            "keySpec": "SYMMETRIC_DEFAULT",
            "keyUsage": "ENCRYPT_DECRYPT",
            "enableKeyRotation": True,
            "rotationPeriodInDays": 180,
            "pendingWindowInDays": 7,
            "removalPolicy": "destroy",
            "multiRegion": False,
            "enabled": True,
            "trustAccountIdentities": True,
            "bypassPolicyLockoutSafetyCheck": False,
            "policyStatements": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*"}],
            "tags": {"team": "orders", "dataClassification": "confidential"},
        }
        assert key_arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}"
        assert key_id == KEY_ID
        assert alias_names == ["alias/orders/data", "alias/orders/data-v1"]

    return pulumi.Output.all(key.urn, key.key_arn, key.key_id, key.alias_names).apply(check)


@pulumi.runtime.test
def test_signing_key_sends_enum_strings_and_leaves_unset_inputs_out(monitor):
    key = kmskey.KmsKey(
        "orders-signing",
        key_spec=kmskey.KeySpec.ECC_NIST_P256,
        key_usage="SIGN_VERIFY",  # a plain string is accepted too
        policy={"Version": "2012-10-17", "Statement": []},
    )

    def check(_):
        assert monitor.requests[0]["wire"] == {
            "keySpec": "ECC_NIST_P256",
            "keyUsage": "SIGN_VERIFY",
            "policy": {"Version": "2012-10-17", "Statement": []},
        }

    return key.urn.apply(check)


@pulumi.runtime.test
def test_kms_key_methods_are_calls(monitor):
    key = kmskey.KmsKey("orders-data", alias="orders/data")
    policy_name = key.grant_encrypt_decrypt(grantee=APP)
    alias = key.add_alias(name="orders/data-v2")

    def check(values):
        urn, policy, alias_name = values
        assert policy == "kms-grantEncryptDecrypt-policy"
        assert alias_name == "alias/orders/data-v2"
        toks = sorted(c["tok"] for c in monitor.calls)
        assert toks == ["kmskey:index:KmsKey/addAlias", "kmskey:index:KmsKey/grantEncryptDecrypt"]
        grant = next(c for c in monitor.calls if c["tok"].endswith("/grantEncryptDecrypt"))
        assert grant["wire"]["grantee"] == APP
        assert grant["wire"]["__self__"]["urn"] == urn

    return pulumi.Output.all(key.urn, policy_name, alias).apply(check)


@pulumi.runtime.test
def test_imported_key_registers_a_remote_component_and_grants_through_a_call(monitor):
    audit = kmskey.ImportedKey("audit", alias_name="alias/security/audit")
    legacy = kmskey.ImportedKey("legacy", lookup_alias_name="alias/legacy-orders", return_dummy_key_on_missing=True)
    policy_name = audit.grant_decrypt(grantee=f"arn:aws:iam::{ACCOUNT}:role/auditor")

    def check(values):
        _, _, key_arn, is_dummy, policy = values
        regs = sorted(({k: r[k] for k in ("type", "name", "remote", "custom", "wire")} for r in monitor.requests), key=lambda r: r["name"])
        assert regs == [
            {"type": "kmskey:index:ImportedKey", "name": "audit", "remote": True, "custom": False, "wire": {"aliasName": "alias/security/audit"}},
            {"type": "kmskey:index:ImportedKey", "name": "legacy", "remote": True, "custom": False,
             "wire": {"lookupAliasName": "alias/legacy-orders", "returnDummyKeyOnMissing": True}},
        ]
        assert key_arn == f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/security/audit"
        assert is_dummy is False
        assert policy == "kms-grantDecrypt-policy"
        assert [c["tok"] for c in monitor.calls] == ["kmskey:index:ImportedKey/grantDecrypt"]
        assert monitor.calls[0]["wire"]["grantee"] == f"arn:aws:iam::{ACCOUNT}:role/auditor"

    return pulumi.Output.all(audit.urn, legacy.urn, audit.key_arn, audit.is_lookup_dummy, policy_name).apply(check)
