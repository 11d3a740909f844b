"""A realistic KmsKey program in Python: a data key with admins, aliases and grants; a signing key; keys imported by alias.

The same scenario as ../typescript/index.ts, through the generated SDK `pulumi_kmskey` (../../sdk/python).
Deploy it with `pulumi up` (AWS credentials in the environment); Pulumi installs requirements.txt into ./venv.
"""

import pulumi
import pulumi_kmskey as kmskey

account = "111122223333"
config = pulumi.Config()
admin_role = config.get("adminRoleArn") or f"arn:aws:iam::{account}:role/KeyAdministrators"
app_role = config.get("appRoleArn") or f"arn:aws:iam::{account}:role/orders-service"
partner_account = config.get("partnerAccount") or "444455556666"
verifier_role = config.get("verifierRoleArn") or f"arn:aws:iam::{account}:role/receipt-verifier"
auditor_role = config.get("auditorRoleArn") or f"arn:aws:iam::{account}:role/auditor"

# The data key: CDK's default policy (account root kms:*), an admin statement, grants in the key policy for a
# service and a partner account, and an identity policy on the application role (same account: key policy untouched).
data_key = kmskey.KmsKey(
    "orders-data",
    description="Encrypts order records at rest",
    alias="orders/data",
    aliases=["orders/data-v1"],
    admins=[admin_role],
    grants=[
        kmskey.KeyGrantArgs(grantee="logs.amazonaws.com", kind=kmskey.GrantKind.ENCRYPT_DECRYPT),
        kmskey.KeyGrantArgs(grantee=partner_account, kind=kmskey.GrantKind.DECRYPT),
    ],
    pending_window_in_days=7,
    tags={"team": "orders", "dataClassification": "confidential"},
)
data_key.grant_encrypt_decrypt(grantee=app_role)

# A signing key: asymmetric, so no rotation; the app signs, a verifier role only verifies.
signing_key = kmskey.KmsKey(
    "orders-signing",
    description="Signs order receipts",
    alias="orders/signing",
    key_spec=kmskey.KeySpec.ECC_NIST_P256,
    key_usage=kmskey.KeyUsage.SIGN_VERIFY,
    admins=[admin_role],
    removal_policy=kmskey.RemovalPolicy.DESTROY,
    pending_window_in_days=30,
)
signing_key.grant_sign(grantee=app_role)
signing_key.grant_verify(grantee=verifier_role)

# A key owned elsewhere, imported by alias: grants are identity policies scoped with kms:ResourceAliases.
audit_key = kmskey.ImportedKey("audit", alias_name="alias/security/audit")
audit_key.grant_decrypt(grantee=auditor_role)

# A key looked up by alias; the dummy key stands in when it does not exist yet.
legacy_key = kmskey.ImportedKey("legacy", lookup_alias_name="alias/legacy-orders", return_dummy_key_on_missing=True)

pulumi.export("dataKeyArn", data_key.key_arn)
pulumi.export("dataKeyAliases", data_key.alias_names)
pulumi.export("signingKeyId", signing_key.key_id)
pulumi.export("auditKeyArn", audit_key.key_arn)
pulumi.export("legacyKeyIsDummy", legacy_key.is_lookup_dummy)
