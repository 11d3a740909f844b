import { nearest } from "./actions";
import { fail, show } from "./errors";
import { toPrincipal } from "./principals";

// KMS grants (CreateGrant, one aws.kms.Grant each) on the key: the grant operations, the encryption-context
// constraints and the names KMS accepts ("Grants in AWS KMS", the CreateGrant API and its GrantConstraints type).

/** CreateGrant's Operations: the GrantOperation values. */
export const GRANT_OPERATIONS = [
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify",
    "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac", "VerifyMac", "DeriveSharedSecret",
] as const;
export type GrantOperation = (typeof GRANT_OPERATIONS)[number];

/** Operations every key supports in a grant (management of the key and its grants). */
const ANY_KEY: readonly GrantOperation[] = ["DescribeKey", "CreateGrant", "RetireGrant"];

/**
 * The cryptographic operations a key supports, by key usage (and for ENCRYPT_DECRYPT by symmetric or RSA):
 * KMS refuses a grant for an operation its key does not support (ValidationException).
 */
export const GRANT_OPERATIONS_BY_USAGE: { readonly [usage: string]: readonly GrantOperation[] } = Object.freeze({
    "ENCRYPT_DECRYPT/symmetric": ["Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"],
    "ENCRYPT_DECRYPT/asymmetric": ["Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"],
    "SIGN_VERIFY": ["Sign", "Verify", "GetPublicKey"],
    "GENERATE_VERIFY_MAC": ["GenerateMac", "VerifyMac"],
    "KEY_AGREEMENT": ["DeriveSharedSecret", "GetPublicKey"],
});

/** KMS's limits: a grant's name (GrantNameType), grant tokens, encryption-context constraints (GrantConstraints). */
export const KMS_GRANT_LIMITS = Object.freeze({
    name: /^[a-zA-Z0-9:/_-]{1,256}$/, grantTokens: 10, grantTokenLength: 8192, contextPairs: 8, contextValueLength: 384,
});

export const KMS_GRANT_FIELDS = ["grantee", "operations", "constraints", "retiringPrincipal", "name", "grantCreationTokens", "retireOnDelete"];
export const KMS_GRANT_CONSTRAINTS = ["encryptionContextEquals", "encryptionContextSubset"] as const;

/** One grant, validated: principals as KMS takes them (an account id becomes its root ARN). */
export interface KmsGrantPlan {
    granteePrincipal: string;
    operations: GrantOperation[];
    constraints?: { encryptionContextEquals?: { [key: string]: string }; encryptionContextSubset?: { [key: string]: string } };
    retiringPrincipal?: string;
    name?: string;
    grantCreationTokens?: string[];
    retireOnDelete?: boolean;
}

/** The key a grant is on: its spec and usage (undefined: the defaults) and partition (undefined: not known yet). */
export interface KmsGrantKey {
    keySpec?: string;
    keyUsage?: string;
    partition?: string;
}

function nearestOperation(value: string): GrantOperation {
    return nearest(value.replace(/^kms:/i, ""), GRANT_OPERATIONS);
}

/** A principal KMS can name in a grant: an IAM principal ARN, an account or a service; never "*" or an identity provider. */
function grantPrincipal(value: unknown, property: string, partition: string | undefined): string {
    if (value === "*") fail(property, `${property}: "*" cannot be a grant's principal; a KMS grant names one specific principal (a role, user, account or service)`);
    const principal = toPrincipal(value, property, partition) as { [type: string]: string };
    if (principal.Federated !== undefined) {
        fail(property, `${property}: ${show(value)} is an identity provider, which cannot hold a grant; name the role its federated users assume`);
    }
    return principal.AWS ?? principal.Service;
}

function checkOperations(value: unknown, property: string, key: KmsGrantKey): GrantOperation[] {
    if (!Array.isArray(value)) fail(property, `${property}: expected a list of grant operations (${GRANT_OPERATIONS.join(", ")}), got ${show(value)}`);
    if (value.length === 0) fail(property, `${property}: a grant needs at least one operation (${GRANT_OPERATIONS.join(", ")})`);
    const spec = key.keySpec ?? "SYMMETRIC_DEFAULT";
    const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
    const supported = [...ANY_KEY, ...GRANT_OPERATIONS_BY_USAGE[usage === "ENCRYPT_DECRYPT" ? `${usage}/${spec === "SYMMETRIC_DEFAULT" ? "symmetric" : "asymmetric"}` : usage] ?? []];
    const seen = new Map<string, number>();
    return (value as unknown[]).map((op, i) => {
        const at = `${property}[${i}]`;
        if (typeof op !== "string") fail(at, `${at}: ${show(op)} is not a grant operation (a string such as "Decrypt")`);
        if (!(GRANT_OPERATIONS as readonly string[]).includes(op)) {
            fail(at, `${at}: ${show(op)} is not a KMS grant operation; did you mean ${nearestOperation(op)}? (grant operations: ${GRANT_OPERATIONS.join(", ")})`);
        }
        const first = seen.get(op);
        if (first !== undefined) fail(at, `${at}: ${show(op)} is already ${property}[${first}]`);
        seen.set(op, i);
        if (!supported.includes(op as GrantOperation)) {
            fail(at, `${at}: a key of keySpec ${spec} and keyUsage ${usage} does not support ${op}, so KMS would refuse the grant; it supports ${supported.join(", ")}`);
        }
        return op as GrantOperation;
    });
}

function checkContext(value: unknown, property: string): { [key: string]: string } {
    if (!value || typeof value !== "object" || Array.isArray(value)) fail(property, `${property}: expected an encryption context, an object of string to string, got ${show(value)}`);
    const entries = Object.entries(value as object);
    if (entries.length === 0) fail(property, `${property}: an empty encryption context constrains nothing; give 1 to ${KMS_GRANT_LIMITS.contextPairs} pairs`);
    if (entries.length > KMS_GRANT_LIMITS.contextPairs) fail(property, `${property}: ${entries.length} pairs; KMS allows at most ${KMS_GRANT_LIMITS.contextPairs} in a grant constraint`);
    for (const [k, v] of entries) {
        const at = `${property}[${JSON.stringify(k)}]`;
        if (k === "") fail(at, `${at}: an encryption context key cannot be empty`);
        if (typeof v !== "string") fail(at, `${at}: an encryption context value must be a string, got ${show(v)}`);
        if (v.length > KMS_GRANT_LIMITS.contextValueLength) fail(at, `${at}: ${v.length} characters; KMS allows at most ${KMS_GRANT_LIMITS.contextValueLength} in a grant constraint's value`);
    }
    return value as { [key: string]: string };
}

function checkConstraints(value: unknown, property: string, key: KmsGrantKey): KmsGrantPlan["constraints"] {
    if (value === undefined || value === null) return undefined;
    const choices = KMS_GRANT_CONSTRAINTS.join(" or ");
    if (typeof value !== "object" || Array.isArray(value)) fail(property, `${property}: expected {${choices}}, got ${show(value)}`);
    const unknown = Object.keys(value as object).find((k) => !(KMS_GRANT_CONSTRAINTS as readonly string[]).includes(k));
    if (unknown !== undefined) fail(`${property}.${unknown}`, `${property}: unknown field ${show(unknown)}; constraints has ${KMS_GRANT_CONSTRAINTS.join(", ")}`);
    const given = KMS_GRANT_CONSTRAINTS.filter((k) => (value as { [k: string]: unknown })[k] !== undefined && (value as { [k: string]: unknown })[k] !== null);
    if (given.length !== 1) fail(property, `${property}: give exactly one of ${choices}, got ${given.length === 0 ? "neither" : "both"}`);
    const spec = key.keySpec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") {
        fail(property, `${property}: keySpec ${spec} takes no encryption context, so KMS refuses an encryption-context constraint on its grants (only symmetric encryption keys have one)`);
    }
    const field = given[0];
    return { [field]: checkContext((value as { [k: string]: unknown })[field], `${property}.${field}`) };
}

function checkGrantTokens(value: unknown, property: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) fail(property, `${property}: expected a list of grant tokens, got ${show(value)}`);
    if (value.length > KMS_GRANT_LIMITS.grantTokens) fail(property, `${property}: ${value.length} grant tokens; KMS takes at most ${KMS_GRANT_LIMITS.grantTokens}`);
    return (value as unknown[]).map((token, i) => {
        const at = `${property}[${i}]`;
        if (typeof token !== "string" || token.length < 1 || token.length > KMS_GRANT_LIMITS.grantTokenLength) {
            fail(at, `${at}: a grant token is a string of 1 to ${KMS_GRANT_LIMITS.grantTokenLength} characters, got ${typeof token === "string" ? `${token.length} characters` : show(token)}`);
        }
        return token;
    });
}

/** Checks one of `kmsGrants`, at `property` (e.g. `kmsGrants[0]`), for a key of the given spec, usage and partition. */
export function resolveKmsGrant(value: unknown, property: string, key: KmsGrantKey): KmsGrantPlan {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
        fail(property, `${property}: expected a grant {grantee, operations, constraints?, retiringPrincipal?, name?, grantCreationTokens?, retireOnDelete?}, got ${show(value)}`);
    }
    const unknown = Object.keys(value as object).find((k) => !KMS_GRANT_FIELDS.includes(k));
    if (unknown !== undefined) fail(`${property}.${unknown}`, `${property}: unknown field ${show(unknown)}; a KMS grant has ${KMS_GRANT_FIELDS.join(", ")}`);
    const given = value as { [field: string]: unknown };
    const granteePrincipal = grantPrincipal(given.grantee, `${property}.grantee`, key.partition);
    const operations = checkOperations(given.operations, `${property}.operations`, key);
    const constraints = checkConstraints(given.constraints, `${property}.constraints`, key);
    const plan: KmsGrantPlan = { granteePrincipal, operations };
    if (constraints) plan.constraints = constraints;
    if (given.retiringPrincipal !== undefined && given.retiringPrincipal !== null) {
        plan.retiringPrincipal = grantPrincipal(given.retiringPrincipal, `${property}.retiringPrincipal`, key.partition);
    }
    if (given.name !== undefined && given.name !== null) {
        if (typeof given.name !== "string" || !KMS_GRANT_LIMITS.name.test(given.name)) {
            fail(`${property}.name`, `${property}.name: ${show(given.name)} is not a grant name; KMS takes 1 to 256 of a-z A-Z 0-9 : / _ -`);
        }
        plan.name = given.name;
    }
    const tokens = checkGrantTokens(given.grantCreationTokens, `${property}.grantCreationTokens`);
    if (tokens) plan.grantCreationTokens = tokens;
    if (given.retireOnDelete !== undefined && given.retireOnDelete !== null) {
        if (typeof given.retireOnDelete !== "boolean") fail(`${property}.retireOnDelete`, `${property}.retireOnDelete: expected true or false, got ${show(given.retireOnDelete)}`);
        plan.retireOnDelete = given.retireOnDelete;
    }
    return plan;
}

/** Checks `kmsGrants`: a list of grants, each as resolveKmsGrant checks it; a name given twice is refused (KMS answers a second CreateGrant of the same name and parameters with the first grant). */
export function resolveKmsGrants(value: unknown, key: KmsGrantKey): KmsGrantPlan[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) fail("kmsGrants", `kmsGrants: expected a list of grants, got ${show(value)}`);
    const names = new Map<string, number>();
    return (value as unknown[]).map((grant, i) => {
        const plan = resolveKmsGrant(grant, `kmsGrants[${i}]`, key);
        if (plan.name !== undefined) {
            const first = names.get(plan.name);
            if (first !== undefined) fail(`kmsGrants[${i}].name`, `kmsGrants[${i}].name: ${show(plan.name)} is already the name of kmsGrants[${first}]`);
            names.set(plan.name, i);
        }
        return plan;
    });
}
