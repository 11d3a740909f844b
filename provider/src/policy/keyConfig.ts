import { KeySpec, KeyUsage, Origin, RemovalPolicy, keySpecValues, keyUsageValues, removalPolicyValues } from "../schemaTypes";
import { normalizeAliasNames } from "./aliases";
import { KmsKeyError, show } from "./errors";
import { ORIGINS, OriginInputs, checkOrigin } from "./origins";
import { checkReplicaRegions } from "./regions";

// CDK v2's deny lists (aws-kms/lib/key.js), verbatim: the specs each usage does not accept.
const DENIED_SPECS: { [usage in KeyUsage]: readonly KeySpec[] } = {
    ENCRYPT_DECRYPT: ["ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"],
    SIGN_VERIFY: ["SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"],
    GENERATE_VERIFY_MAC: ["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"],
    KEY_AGREEMENT: ["SYMMETRIC_DEFAULT", "RSA_2048", "RSA_3072", "RSA_4096", "ECC_SECG_P256K1", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"],
};

/** Whether KMS accepts the pair. Beyond CDK: Ed25519, which CDK's lists miss, is for SIGN_VERIFY only. */
export function specAllowsUsage(spec: KeySpec, usage: KeyUsage): boolean {
    if (spec === "ECC_NIST_EDWARDS25519") return usage === "SIGN_VERIFY";
    return !DENIED_SPECS[usage].includes(spec);
}

/** KMS's limits on a key's description and tags (CreateKey, TagResource: the Tag type). */
export const KEY_LIMITS = Object.freeze({ descriptionLength: 8192, tags: 50, tagKeyLength: 128, tagValueLength: 256 });

/** Checks a description KMS would accept: a string of at most 8192 characters. */
export function checkDescription(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new KmsKeyError("description", `description: expected a string, got ${show(value)}`);
    if (value.length > KEY_LIMITS.descriptionLength) {
        throw new KmsKeyError("description", `description: ${value.length} characters; KMS allows at most ${KEY_LIMITS.descriptionLength}`);
    }
    return value;
}

/** Checks tags KMS would accept: at most 50, keys of 1-128 characters not starting with aws:, values of at most 256. */
export function checkTags(value: unknown): { [key: string]: string } | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) throw new KmsKeyError("tags", `tags: expected an object of tag key → value, got ${show(value)}`);
    const entries = Object.entries(value as object);
    if (entries.length > KEY_LIMITS.tags) throw new KmsKeyError("tags", `tags: ${entries.length} tags; KMS allows at most ${KEY_LIMITS.tags} per key`);
    for (const [key, v] of entries) {
        // Named as the provider's schema checks name map entries: tags.team, tags["aws:x"].
        const property = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `tags.${key}` : `tags[${JSON.stringify(key)}]`;
        if (key.length < 1 || key.length > KEY_LIMITS.tagKeyLength) {
            throw new KmsKeyError(property, `${property}: a tag key has 1 to ${KEY_LIMITS.tagKeyLength} characters, this one ${key.length}`);
        }
        if (key.toLowerCase().startsWith("aws:")) throw new KmsKeyError(property, `${property}: tag keys starting with "aws:" are reserved for AWS`);
        if (typeof v !== "string") throw new KmsKeyError(property, `${property}: a tag value must be a string, got ${show(v)}`);
        if (v.length > KEY_LIMITS.tagValueLength) throw new KmsKeyError(property, `${property}: a tag value has at most ${KEY_LIMITS.tagValueLength} characters, this one ${v.length}`);
    }
    return value as { [key: string]: string };
}

/** The plain (non-policy) inputs of a key, as the user gave them (the origin's: see origins.ts). */
export interface KeyConfigInput extends OriginInputs {
    /** Read by the origin rules (a key waiting for imported key material cannot be enabled). */
    enabled?: unknown;
    multiRegion?: unknown;
    replicaRegions?: unknown;
    alias?: unknown;
    aliases?: unknown;
    keySpec?: unknown;
    keyUsage?: unknown;
    enableKeyRotation?: unknown;
    rotationPeriodInDays?: unknown;
    pendingWindowInDays?: unknown;
    removalPolicy?: unknown;
    trustAccountIdentities?: unknown;
    bypassPolicyLockoutSafetyCheck?: unknown;
}

/** The validated key settings, with defaults applied. */
export interface KeyConfig {
    /** Only set when given, as CDK emits KeySpec/KeyUsage only when given. */
    keySpec?: KeySpec;
    keyUsage?: KeyUsage;
    enableKeyRotation: boolean;
    rotationPeriodInDays?: number;
    pendingWindowInDays: number;
    removalPolicy: RemovalPolicy;
    aliasNames: string[];
    trustAccountIdentities: boolean;
    bypassPolicyLockoutSafetyCheck: boolean;
    /** Set when given, and true when there are replicas (replicaRegions implies a multi-Region primary). */
    multiRegion?: boolean;
    /** The Regions of the key's replicas, in the order given (empty: none). */
    replicaRegions: string[];
    /** Where the key material comes from (default AWS_KMS); what each origin allows is ORIGINS. */
    origin: Origin;
}

function optionalBoolean(value: unknown, property: string): boolean | undefined {
    if (value === undefined || typeof value === "boolean") return value;
    throw new KmsKeyError(property, `${property}: expected true or false, got ${show(value)}`);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], property: string, what: string): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    throw new KmsKeyError(property, `${property}: ${show(value)} is not ${what}; allowed: ${allowed.join(", ")}`);
}

function wholeDays(value: unknown, property: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new KmsKeyError(property, `${property}: ${show(value)} must be a whole number of days from ${min} to ${max}`);
    }
    if (value < min || value > max) {
        throw new KmsKeyError(property, `'${property}' value must be between ${min} and ${max} days. Received: ${value}`);
    }
    return value;
}

/**
 * Validates the key settings in CDK's order (spec/usage, rotation, rotation period, waiting period,
 * then aliases), so the first failing check wins as in CDK; messages keep CDK's wording, corrected
 * where CDK's is wrong ("must between", "2650"), and name our property.
 */
export function resolveKeyConfig(input: KeyConfigInput): KeyConfig {
    const keySpec = oneOf(input.keySpec, keySpecValues, "keySpec", "a key spec");
    const keyUsage = oneOf(input.keyUsage, keyUsageValues, "keyUsage", "a key usage");
    const spec = keySpec ?? "SYMMETRIC_DEFAULT";
    const usage = keyUsage ?? "ENCRYPT_DECRYPT";
    if (!specAllowsUsage(spec, usage)) {
        const fits = keyUsageValues.filter((u) => specAllowsUsage(spec, u));
        throw new KmsKeyError(keyUsage ? "keyUsage" : "keySpec",
            `key spec '${spec}' is not valid with usage '${usage}' (keySpec ${spec} allows keyUsage ${fits.join(" or ")})`);
    }
    const enableKeyRotation = optionalBoolean(input.enableKeyRotation, "enableKeyRotation");
    const rotationRequested = enableKeyRotation === true || (input.rotationPeriodInDays !== undefined && enableKeyRotation !== false);
    const rotationProperty = enableKeyRotation === true ? "enableKeyRotation" : "rotationPeriodInDays";
    if (rotationRequested && spec.startsWith("HMAC")) {
        throw new KmsKeyError(rotationProperty, `key rotation cannot be enabled on HMAC keys (${rotationProperty}; keySpec ${spec})`);
    }
    if (rotationRequested && spec !== "SYMMETRIC_DEFAULT") {
        throw new KmsKeyError(rotationProperty, `key rotation cannot be enabled on asymmetric keys (${rotationProperty}; keySpec ${spec})`);
    }
    if (input.rotationPeriodInDays !== undefined && enableKeyRotation === false) {
        throw new KmsKeyError("rotationPeriodInDays", `'rotationPeriodInDays' cannot be specified when 'enableKeyRotation' is disabled`);
    }
    const rotationPeriodInDays = wholeDays(input.rotationPeriodInDays, "rotationPeriodInDays", 90, 2560);
    const trustAccountIdentities = optionalBoolean(input.trustAccountIdentities, "trustAccountIdentities") ?? true;
    const pendingWindowInDays = wholeDays(input.pendingWindowInDays, "pendingWindowInDays", 7, 30) ?? 30;
    const removalPolicy = oneOf(input.removalPolicy, removalPolicyValues, "removalPolicy", "a removal policy") ?? "retain";
    const givenMultiRegion = optionalBoolean(input.multiRegion, "multiRegion");
    const replicaRegions = checkReplicaRegions(input.replicaRegions);
    if (replicaRegions.length && givenMultiRegion === false) {
        throw new KmsKeyError("multiRegion", `multiRegion: false, but replicaRegions ${show(replicaRegions)} needs a multi-Region primary key; leave multiRegion out (replicaRegions implies it) or set it to true`);
    }
    const multiRegion = replicaRegions.length ? true : givenMultiRegion;
    const origin = checkOrigin(input, {
        keySpec: spec, keyUsage: usage, multiRegion: givenMultiRegion, replicaRegions, enabled: input.enabled,
        rotationProperty: rotationRequested ? rotationProperty : undefined,
    });
    const bypassPolicyLockoutSafetyCheck = optionalBoolean(input.bypassPolicyLockoutSafetyCheck, "bypassPolicyLockoutSafetyCheck") ?? false;
    return {
        keySpec,
        keyUsage,
        // Deliberately unlike CDK (default false): rotation is on by default where KMS supports it.
        // Off where KMS has no automatic rotation (asymmetric and HMAC keys, imported key material, custom key stores).
        enableKeyRotation: enableKeyRotation ?? (ORIGINS[origin].automaticRotation && (rotationPeriodInDays !== undefined || spec === "SYMMETRIC_DEFAULT")),
        rotationPeriodInDays,
        pendingWindowInDays,
        removalPolicy,
        aliasNames: normalizeAliasNames(input.alias, input.aliases),
        trustAccountIdentities,
        bypassPolicyLockoutSafetyCheck,
        multiRegion,
        replicaRegions,
        origin,
    };
}
