import { fail } from "./errors";

// KMS action lists, verbatim and in the order of aws-cdk-lib/aws-kms/lib/private/perms (v2.276 and v1.171).

/** CDK's ADMIN_ACTIONS: key management, no cryptographic (data-plane) operations. */
export const ADMIN_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
] as const;

/** The root statement of CDK v1's legacy default policy (flag off, trustAccountIdentities false); note the order. */
export const LEGACY_ROOT_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
    "kms:GenerateDataKey", "kms:TagResource", "kms:UntagResource",
] as const;

const ENCRYPT = ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
const DECRYPT = ["kms:Decrypt"];

/** The actions of each grant kind, as CDK's grant methods (grantEncryptDecrypt puts decrypt first). */
export const GRANT_ACTIONS: { readonly [kind: string]: readonly string[] } = {
    encrypt: ENCRYPT,
    decrypt: DECRYPT,
    encryptDecrypt: [...DECRYPT, ...ENCRYPT],
    sign: ["kms:Sign"],
    verify: ["kms:Verify"],
    signVerify: ["kms:Sign", "kms:Verify"],
    generateMac: ["kms:GenerateMac"],
    verifyMac: ["kms:VerifyMac"],
    admin: ADMIN_ACTIONS,
};

/** Cryptographic operations: what an administrator must never be given. */
export const DATA_PLANE_ACTIONS = [
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext",
    "kms:Sign", "kms:Verify", "kms:GenerateMac", "kms:VerifyMac", "kms:DeriveSharedSecret",
] as const;

const patterns = new Map<string, RegExp>();

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
    let re = patterns.get(pattern);
    if (!re) {
        const source = "^" + pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("") + "$";
        patterns.set(pattern, (re = new RegExp(source, "i")));
    }
    return re.test(action);
}

const ACTION_PATTERN = /^(\*|kms:[A-Za-z*?]+)$/;

/** Checks explicit grant actions: at least one, each `kms:<Action>` (wildcards allowed). */
export function checkActions(actions: unknown, property: string): string[] {
    if (!Array.isArray(actions) || actions.length === 0) {
        fail(property, `${property}: a grant must name at least one action, e.g. ["kms:DescribeKey"]; got ${JSON.stringify(actions)}`);
    }
    (actions as unknown[]).forEach((a, i) => {
        if (typeof a !== "string" || !ACTION_PATTERN.test(a)) {
            fail(`${property}[${i}]`, `${property}[${i}]: ${JSON.stringify(a)} is not a KMS action; actions look like "kms:Decrypt" or "kms:Get*"`);
        }
    });
    return actions as string[];
}
