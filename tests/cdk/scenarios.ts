// The differential scenarios, as plain data. Each is translated once to CDK v2 (support/cdkSynth.ts) and
// once to KmsKey (support/cdkOurs.ts); differential.spec.ts compares the two.
import { keySpecValues, keyUsageValues } from "../../provider/src/schemaTypes";
import { ACCOUNT, JsonStatement, OTHER_ACCOUNT, ROOT_ARN, Scenario } from "../support/cdkScenario";

const PARTNER_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`;
const PARTNER_SESSION = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Partner/session`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;
const DEPLOYER_ROLE = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const THIRD_ACCOUNT = "777788889999";
const SERVICE = "logs.amazonaws.com";

const rootAll: JsonStatement = { Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:*", Resource: "*" };
const viaS3: JsonStatement = {
    Sid: "ViaS3", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*",
    Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } },
};
const customPolicy = { Version: "2012-10-17", Statement: [rootAll, viaS3] };
const extraStatements: JsonStatement[] = [
    viaS3,
    { Sid: "NoDisable", Effect: "Deny", Principal: { AWS: [PARTNER_ROLE, `arn:aws:iam::${THIRD_ACCOUNT}:root`], Service: SERVICE },
        Action: ["kms:DisableKey", "kms:ScheduleKeyDeletion"], Resource: ["*"] },
    { Effect: "Deny", Principal: "*", NotAction: ["kms:Decrypt", "kms:Describe*"], Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": [THIRD_ACCOUNT] } } },
    { Effect: "Allow", Principal: { AWS: OTHER_ACCOUNT }, Action: "kms:DescribeKey", Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "true" }, IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] } } },
];
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i * 7919));

/** The hand-written scenarios: every input, both policy modes, every grant kind, and the errors. */
export const scenarios: Scenario[] = [
    // ---- plain key properties ----
    { name: "no inputs: CDK's default key", input: {}, component: true },
    { name: "description, disabled, multi-Region", input: { description: "Payments key", enabled: false, multiRegion: true }, component: true },
    { name: "enabled and multiRegion given as true/false are emitted", input: { enabled: true, multiRegion: false }, component: true },
    { name: "tags", input: { tags: { team: "payments", env: "prod" } }, component: true },
    { name: "enableKeyRotation: true", input: { enableKeyRotation: true }, component: true },
    { name: "enableKeyRotation: false on a symmetric key", input: { enableKeyRotation: false }, component: true },
    { name: "rotationPeriodInDays 90 implies rotation", input: { rotationPeriodInDays: 90 }, component: true },
    { name: "rotationPeriodInDays 2560 (the real maximum) with rotation on", input: { enableKeyRotation: true, rotationPeriodInDays: 2560 }, component: true },
    { name: "removalPolicy destroy with a 7-day window", input: { removalPolicy: "destroy", pendingWindowInDays: 7 }, component: true },
    { name: "removalPolicy retain with a 30-day window", input: { removalPolicy: "retain", pendingWindowInDays: 30 }, component: true },
    { name: "HMAC key with rotation off", input: { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", enableKeyRotation: false }, component: true },
    { name: "RSA signing key with rotation off", input: { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: false } },

    // ---- key property errors (CDK's messages, kept) ----
    { name: "keyUsage alone: spec falls back to SYMMETRIC_DEFAULT", input: { keyUsage: "SIGN_VERIFY" }, keepsCdkMessage: true, component: true },
    { name: "keySpec alone: usage falls back to ENCRYPT_DECRYPT", input: { keySpec: "ECC_NIST_P256" }, keepsCdkMessage: true },
    { name: "rotation on an HMAC key", input: { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", enableKeyRotation: true }, keepsCdkMessage: true, component: true },
    { name: "rotation on an RSA key", input: { keySpec: "RSA_3072", keyUsage: "SIGN_VERIFY", enableKeyRotation: true }, keepsCdkMessage: true },
    { name: "rotation on an ECC key-agreement key", input: { keySpec: "ECC_NIST_P384", keyUsage: "KEY_AGREEMENT", enableKeyRotation: true }, keepsCdkMessage: true },
    { name: "rotationPeriodInDays with rotation off", input: { enableKeyRotation: false, rotationPeriodInDays: 365 }, keepsCdkMessage: true, component: true },
    { name: "rotationPeriodInDays 89", input: { rotationPeriodInDays: 89 }, keepsCdkMessage: true },
    { name: "rotationPeriodInDays 2561 (CDK's message says 2650)", input: { rotationPeriodInDays: 2561 }, keepsCdkMessage: true },
    { name: "rotationPeriodInDays 100.5", input: { rotationPeriodInDays: 100.5 }, message: "100.5 must be a whole number of days" },
    { name: "pendingWindowInDays 6", input: { pendingWindowInDays: 6 }, keepsCdkMessage: true, component: true },
    { name: "pendingWindowInDays 31", input: { pendingWindowInDays: 31 }, keepsCdkMessage: true },
    { name: "pendingWindowInDays 7.5", input: { pendingWindowInDays: 7.5 }, message: "7.5 must be a whole number of days" },
    { name: "an unknown keyUsage", input: { keyUsage: "ENCRYPT_ONLY" }, message: "keyUsage: 'ENCRYPT_ONLY' is not a key usage" },

    // ---- the key policy (trustAccountIdentities default: CDK v2) ----
    { name: "admins of every principal kind", input: { admins: [PARTNER_ROLE, OTHER_ACCOUNT, SERVICE, PARTNER_SESSION, USER] }, component: true },
    {
        name: "a grant of every kind, to every principal kind", component: true, input: {
            grants: [
                { grantee: PARTNER_ROLE, kind: "encrypt" }, { grantee: OTHER_ACCOUNT, kind: "decrypt" },
                { grantee: SERVICE, kind: "encryptDecrypt" }, { grantee: `arn:aws:iam::${THIRD_ACCOUNT}:root`, kind: "sign" },
                { grantee: PARTNER_SESSION, kind: "verify" }, { grantee: USER, kind: "signVerify" },
                { grantee: APP_ROLE, kind: "generateMac" }, { grantee: THIRD_ACCOUNT, kind: "verifyMac" },
                { grantee: `arn:aws:iam::${THIRD_ACCOUNT}:role/Ops`, kind: "admin" },
            ],
        },
    },
    {
        name: "sign/verify grants on an RSA signing key", component: true, input: {
            keySpec: "RSA_4096", keyUsage: "SIGN_VERIFY",
            grants: [{ grantee: PARTNER_ROLE, kind: "sign" }, { grantee: OTHER_ACCOUNT, kind: "verify" }, { grantee: APP_ROLE, kind: "signVerify" }],
        },
    },
    {
        name: "MAC grants on an HMAC key", component: true, input: {
            keySpec: "HMAC_384", keyUsage: "GENERATE_VERIFY_MAC",
            grants: [{ grantee: PARTNER_ROLE, kind: "generateMac" }, { grantee: SERVICE, kind: "verifyMac" }],
        },
    },
    {
        name: "grants with explicit actions", input: {
            grants: [{ grantee: PARTNER_ROLE, actions: ["kms:DescribeKey", "kms:GetPublicKey"] }, { grantee: OTHER_ACCOUNT, actions: ["kms:*"] },
                { grantee: SERVICE, actions: ["kms:Decrypt"] }],
        },
    },
    {
        name: "identical admins and grants are kept once", component: true, input: {
            admins: [PARTNER_ROLE, PARTNER_ROLE],
            grants: [{ grantee: OTHER_ACCOUNT, kind: "decrypt" }, { grantee: OTHER_ACCOUNT, kind: "decrypt" }, { grantee: PARTNER_ROLE, kind: "admin" },
                { grantee: OTHER_ACCOUNT, kind: "encryptDecrypt" }],
        },
    },
    { name: "extra statements: conditions, Deny, NotAction, Sid, several principals and resources", input: { policyStatements: extraStatements }, component: true },
    {
        name: "a custom policy replaces the default; admins, grants and statements follow", component: true, input: {
            policy: customPolicy, admins: [PARTNER_ROLE], grants: [{ grantee: SERVICE, kind: "encrypt" }],
            policyStatements: [{ Effect: "Allow", Principal: { AWS: THIRD_ACCOUNT }, Action: "kms:Verify", Resource: "*" }],
        },
    },
    { name: "a custom policy as JSON text", input: { policy: JSON.stringify(customPolicy) }, component: true },
    {
        name: "a custom policy for the deployer's role only (no root statement)", component: true,
        input: { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: DEPLOYER_ROLE }, Action: "kms:*", Resource: "*" }] } },
    },
    {
        name: "a custom policy naming the account by bare id",
        input: { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: ["kms:*"], Resource: ["*"] }] } },
    },
    {
        name: "a custom policy in the 2008-10-17 policy language (rendered as 2012-10-17 by both)",
        input: { policy: { Version: "2008-10-17", Statement: [rootAll] }, grants: [{ grantee: PARTNER_ROLE, kind: "decrypt" }] },
    },
    { name: "trustAccountIdentities: true (the v2 default, given)", input: { trustAccountIdentities: true, admins: [PARTNER_ROLE] }, component: true },

    // ---- legacy mode: trustAccountIdentities false (CDK v1 with the flag off; v2 cannot express it) ----
    { name: "legacy mode: no custom policy", input: { trustAccountIdentities: false }, component: true },
    { name: "legacy mode: a custom policy, then the legacy statement", input: { trustAccountIdentities: false, policy: customPolicy } },
    {
        name: "legacy mode: admins, grants and statements", component: true, input: {
            trustAccountIdentities: false, admins: [PARTNER_ROLE],
            grants: [{ grantee: OTHER_ACCOUNT, kind: "encryptDecrypt" }, { grantee: SERVICE, kind: "decrypt" }], policyStatements: [viaS3],
        },
    },

    // ---- key policy errors ----
    {
        name: "a statement without Principal", keepsCdkMessage: true, component: true,
        input: { policyStatements: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }] },
    },
    { name: "a statement without Resource", keepsCdkMessage: true, input: { policyStatements: [{ Effect: "Allow", Principal: { AWS: PARTNER_ROLE }, Action: "kms:Decrypt" }] } },
    { name: "a statement without Action", keepsCdkMessage: true, input: { policyStatements: [{ Effect: "Allow", Principal: { AWS: PARTNER_ROLE }, Resource: "*" }] } },
    {
        name: "a statement with an empty Action list", input: { policyStatements: [{ Effect: "Allow", Principal: { AWS: PARTNER_ROLE }, Action: [], Resource: "*" }] },
        message: "policyStatements[0].Action: expected a string or a non-empty list of strings",
    },
    {
        // CDK fails at synth with "A PolicyStatement must specify at least one 'action' or 'notAction'."; we name the grant.
        name: "a grant with no actions", input: { grants: [{ grantee: PARTNER_ROLE, actions: [] }] },
        message: "grants[0].actions: a grant must name at least one action",
    },

    // ---- aliases ----
    { name: "alias and aliases: alias/ is prepended case-sensitively", input: { alias: "payments", aliases: ["alias/payments-2", "ALIAS/x", "team:a/b_c"] }, component: true },
    { name: "an alias of 256 characters in all", input: { alias: "a".repeat(250) } },
    { name: "an alias of 257 characters in all", input: { alias: "a".repeat(251) }, keepsCdkMessage: true },
    { name: "an empty alias", input: { alias: "" }, keepsCdkMessage: true, component: true },
    { name: "the alias 'alias/'", input: { aliases: ["alias/"] }, keepsCdkMessage: true },
    { name: "the reserved alias/aws/ prefix, added", input: { alias: "aws/foo" }, keepsCdkMessage: true },
    { name: "the reserved alias/aws/ prefix, in another case", input: { aliases: ["ok", "alias/AWS/foo"] }, keepsCdkMessage: true },
    { name: "an alias with a dot", input: { alias: "bad.name" }, keepsCdkMessage: true },

    // ---- deliberate differences ----
    {
        name: "the same alias name twice", input: { alias: "dup", aliases: ["alias/dup"] }, component: true,
        difference: {
            cdk: "accept", ours: "reject", message: "aliases[0]: alias alias/dup is already given by alias",
            why: "CDK names alias constructs by the raw string, so 'dup' and 'alias/dup' become two AWS::KMS::Alias with one name, which CloudFormation rejects at deploy",
        },
    },
    {
        name: "a custom policy without the account root or the deployer", component: true,
        input: { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: APP_ROLE }, Action: "kms:*", Resource: "*" }] } },
        difference: {
            cdk: "accept", ours: "reject", message: "would lock the account out of its key",
            why: "lockout guard: KMS refuses a policy that does not let the caller change it again; we say so before deploying (CDK does not check)",
        },
    },
    {
        name: "a statement denying kms:PutKeyPolicy to everyone",
        input: { policyStatements: [{ Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*" }] },
        difference: { cdk: "accept", ours: "reject", message: "would lock the account out of its key", why: "lockout guard (an unconditional Deny takes PutKeyPolicy away)" },
    },
    {
        name: "a lockout policy with bypassPolicyLockoutSafetyCheck (CDK: the CfnKey escape hatch)", component: true,
        input: { bypassPolicyLockoutSafetyCheck: true, policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: APP_ROLE }, Action: "kms:*", Resource: "*" }] } },
    },
    {
        name: "an empty custom policy", input: { policy: { Version: "2012-10-17", Statement: [] } },
        difference: {
            cdk: "accept", ours: "accept",
            why: "CDK v2 omits KeyPolicy for an empty document, so KMS applies its own default key policy (the account root may do kms:*); " +
                "we write that same default statement out, so the policy output shows what the key really has",
        },
    },
    {
        name: "a key policy over 32 KB that fits once principals are merged",
        input: { grants: accounts(350).map((a) => ({ grantee: a, kind: "decrypt" })) },
    },
    {
        name: "a key policy over 32 KB even after merging", input: { grants: accounts(1100).map((a) => ({ grantee: a, kind: "decrypt" })) },
        difference: {
            cdk: "accept", ours: "reject", message: /^grants: the key policy is \d+ bytes \(as KMS receives it\) even after merging .* at most 32768 bytes/,
            why: "size guard: KMS refuses key policies over 32768 bytes; CDK emits them and the deployment fails",
        },
    },
    {
        name: "everyone as an admin", input: { admins: [PARTNER_ROLE, "*"] }, component: true,
        difference: {
            cdk: "accept", ours: "reject", message: 'admins[1]: "*" would let anyone in any AWS account administer the key',
            why: "public access: CDK writes an unconditioned Allow of the admin actions to everyone",
        },
    },
    {
        name: "a grant to everyone without a restricting condition", input: { grants: [{ grantee: "*", kind: "decrypt" }] }, component: true,
        difference: {
            cdk: "accept", ours: "reject", message: 'grants[0]: an Allow to everyone ("*") would let anyone in any AWS account use the key',
            why: "public access: an Allow to * needs a condition on the organization, account or source (or viaService)",
        },
    },
    {
        name: "a statement allowing everyone without a restricting condition", input: { policyStatements: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] },
        difference: {
            cdk: "accept", ours: "reject", message: 'policyStatements[0]: an Allow to everyone ("*")',
            why: "public access, in a statement",
        },
    },
    {
        name: "a Deny that becomes true at a later date (a lockout time bomb)",
        input: { policyStatements: [{ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { DateGreaterThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } } }] },
        difference: {
            cdk: "accept", ours: "reject", message: /^policyStatements\[0\]: this key policy would lock the account out of its key: .*aws:CurrentTime/,
            why: "lockout guard: KMS checks only at creation, so a Deny that starts later locks the account out then",
        },
    },
    {
        name: "an IAM group as a grantee", input: { grants: [{ grantee: `arn:aws:iam::${ACCOUNT}:group/Admins`, kind: "decrypt" }] },
        difference: {
            cdk: "accept", ours: "reject", message: "IAM groups cannot be principals in a key policy",
            why: "KMS refuses IAM groups as principals (MalformedPolicyDocumentException); CDK's ArnPrincipal passes the ARN through",
        },
    },
    {
        name: "a misspelt action", input: { grants: [{ grantee: APP_ROLE, actions: ["kms:Decrpyt"] }] },
        difference: {
            cdk: "accept", ours: "reject", message: "'kms:Decrpyt' is not a KMS action; did you mean kms:Decrypt?",
            why: "a misspelt action grants nothing; KMS accepts it silently",
        },
    },
    {
        name: "an unknown keySpec string", input: { keySpec: "RSA_1024" }, component: true,
        difference: {
            cdk: "accept", ours: "reject", message: "keySpec: 'RSA_1024' is not a key spec",
            why: "CDK passes unknown KeySpec strings through (only a template-linter warning); KMS would reject them at deploy",
        },
    },
    {
        name: "rotationPeriodInDays on an RSA key", input: { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", rotationPeriodInDays: 365 }, component: true,
        difference: {
            cdk: "accept", ours: "reject", message: "key rotation cannot be enabled on asymmetric keys",
            why: "CDK bug: the rotationPeriod path skips the spec checks and emits EnableKeyRotation: true on an asymmetric key, which KMS rejects",
        },
    },
    {
        name: "rotationPeriodInDays on an HMAC key", input: { keySpec: "HMAC_512", keyUsage: "GENERATE_VERIFY_MAC", rotationPeriodInDays: 180 },
        difference: { cdk: "accept", ours: "reject", message: "key rotation cannot be enabled on HMAC keys", why: "the same CDK rotationPeriod bug, on an HMAC key" },
    },
    {
        name: "rotationPeriodInDays on an Ed25519 key", input: { keySpec: "ECC_NIST_EDWARDS25519", keyUsage: "SIGN_VERIFY", rotationPeriodInDays: 90 },
        difference: { cdk: "accept", ours: "reject", message: "key rotation cannot be enabled on asymmetric keys", why: "the same CDK rotationPeriod bug, on an Ed25519 key" },
    },
];

const ED25519_WHY = "CDK's deny lists miss ECC_NIST_EDWARDS25519, so CDK accepts it with every usage, although its own enum doc (and KMS) allow only SIGN_VERIFY";

/** Every keySpec x keyUsage pair (17 x 4), given explicitly. */
export const specUsageScenarios: Scenario[] = keySpecValues.flatMap((keySpec) => keyUsageValues.map((keyUsage): Scenario => {
    const name = `${keySpec} / ${keyUsage}`;
    if (keySpec === "ECC_NIST_EDWARDS25519" && keyUsage !== "SIGN_VERIFY") {
        return {
            name, input: { keySpec, keyUsage }, component: true,
            difference: { cdk: "accept", ours: "reject", message: `key spec 'ECC_NIST_EDWARDS25519' is not valid with usage '${keyUsage}'`, why: ED25519_WHY },
        };
    }
    return { name, input: { keySpec, keyUsage }, keepsCdkMessage: true, component: true };
}));

/** Ed25519 with the default usage (ENCRYPT_DECRYPT): the same deliberate difference. */
scenarios.push({
    name: "ECC_NIST_EDWARDS25519 with the default usage", input: { keySpec: "ECC_NIST_EDWARDS25519" },
    difference: { cdk: "accept", ours: "reject", message: "key spec 'ECC_NIST_EDWARDS25519' is not valid with usage 'ENCRYPT_DECRYPT'", why: ED25519_WHY },
});
