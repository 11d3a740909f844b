// A realistic KmsKey program: a data key with admins, aliases and grants; a signing key; keys imported by alias.
// Deploy it for real with `npm install --install-links && pulumi up` (AWS credentials in the environment);
// `make demo` synthesizes it offline against a mock account 111122223333.
import * as pulumi from "@pulumi/pulumi";
import { KmsKey } from "kmskey/provider";

const account = "111122223333";
const config = new pulumi.Config();
const adminRole = config.get("adminRoleArn") ?? `arn:aws:iam::${account}:role/KeyAdministrators`;
const appRole = config.get("appRoleArn") ?? `arn:aws:iam::${account}:role/orders-service`;
const partnerAccount = config.get("partnerAccount") ?? "444455556666";

// The data key: CDK's default policy (account root kms:*), an admin statement, grants in the key policy for a
// service and a partner account, and an identity policy on the application role (same account: key policy untouched).
const dataKey = new KmsKey("orders-data", {
    description: "Encrypts order records at rest",
    alias: "orders/data",
    aliases: ["orders/data-v1"],
    admins: [adminRole],
    grants: [
        { grantee: "logs.amazonaws.com", kind: "encryptDecrypt" },
        { grantee: partnerAccount, kind: "decrypt" },
    ],
    pendingWindowInDays: 7,
    tags: { team: "orders", dataClassification: "confidential" },
});
dataKey.grantEncryptDecrypt(appRole);

// A signing key: asymmetric, so no rotation; the app signs, a verifier role only verifies.
const signingKey = new KmsKey("orders-signing", {
    description: "Signs order receipts",
    alias: "orders/signing",
    keySpec: "ECC_NIST_P256",
    keyUsage: "SIGN_VERIFY",
    admins: [adminRole],
    removalPolicy: "destroy",
    pendingWindowInDays: 30,
});
signingKey.grantSign(appRole);
signingKey.grantVerify(`arn:aws:iam::${account}:role/receipt-verifier`);

// A key owned elsewhere, imported by alias: grants are identity policies scoped with kms:ResourceAliases.
const auditKey = KmsKey.fromAliasName("audit", "alias/security/audit");
auditKey.grantDecrypt(`arn:aws:iam::${account}:role/auditor`);

// A key looked up by alias; the dummy key stands in when it does not exist yet.
const legacyKey = KmsKey.fromLookup("legacy", { aliasName: "alias/legacy-orders", returnDummyKeyOnMissing: true });

export const dataKeyArn = dataKey.keyArn;
export const dataKeyAliases = dataKey.aliasNames;
export const signingKeyId = signingKey.keyId;
export const auditKeyArn = auditKey.keyArn;
export const legacyKeyIsDummy = legacyKey.isLookupDummy;
