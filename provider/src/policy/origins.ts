// Key origins and custom key stores, as data: what each origin takes, requires and allows (the `ORIGINS` table),
// and the checks of the origin-specific inputs. Plain data in, KmsKeyErrors naming the property out.
//
// AWS's rules, from the KMS documentation:
// - CreateKey, CustomKeyStoreId: "This parameter is valid only for symmetric encryption KMS keys in a single Region.
//   You cannot create any other type of KMS key in a custom key store."; MultiRegion: "you cannot create a
//   multi-Region key in a custom key store" (API Reference, CreateKey:
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html).
// - EnableKeyRotation: "You cannot enable automatic rotation of asymmetric KMS keys, HMAC KMS keys, KMS keys with
//   imported key material, or KMS keys in a custom key store" (API Reference, EnableKeyRotation:
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html).
// - Key type reference, "you can create only symmetric encryption KMS keys in a custom key store"
//   (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-compare.html).
// - Imported key material may be multi-Region ("you can create a multi-Region key with imported key material",
//   CreateKey MultiRegion); @pulumi/aws 7.48's aws.kms.ExternalKey takes keyUsage ENCRYPT_DECRYPT, SIGN_VERIFY
//   or GENERATE_VERIFY_MAC, and replicas of it are aws.kms.ReplicaExternalKey.
// - CustomKeyStoreId is 1 to 64 characters; XksKeyId 1 to 128 of [a-zA-Z0-9-_.] (CreateKey request parameters).
// - terraform-provider-aws's aws_kms_key sends Origin AWS_CLOUDHSM when custom_key_store_id is set and
//   EXTERNAL_KEY_STORE when xks_key_id is set, so aws.kms.Key needs no origin argument.
import { KeySpec, KeyUsage, Origin, originValues } from "../schemaTypes";
import { KmsKeyError, show } from "./errors";

/** The inputs that only some origins take. */
export const ORIGIN_INPUTS = ["keyMaterialBase64", "validTo", "customKeyStoreId", "xksKeyId"] as const;
export type OriginInput = (typeof ORIGIN_INPUTS)[number];

export interface OriginRule {
    /** The @pulumi/aws resources of the key and of its replicas. */
    resource: "aws.kms.Key" | "aws.kms.ExternalKey";
    replicaResource: "aws.kms.ReplicaKey" | "aws.kms.ReplicaExternalKey" | undefined;
    /** The origin-specific inputs it takes, and those of them it requires. */
    takes: readonly OriginInput[];
    requires: readonly OriginInput[];
    /** Whether KMS rotates its key material automatically (EnableKeyRotation). */
    automaticRotation: boolean;
    /** Whether it can be a multi-Region key (and so have replicas). */
    multiRegion: boolean;
    /** The key specs and usages it allows; undefined: every pair KMS allows. */
    keySpecs?: readonly KeySpec[];
    keyUsages?: readonly KeyUsage[];
    /** Actions its admins need beyond CDK's admin list. */
    adminActions: readonly string[];
    /** What it is, for error messages. */
    what: string;
}

const KEY_STORE = { automaticRotation: false, multiRegion: false, keySpecs: ["SYMMETRIC_DEFAULT"], keyUsages: ["ENCRYPT_DECRYPT"], adminActions: [], replicaResource: undefined } as const;

/** What each origin allows (see the documentation quoted above). */
export const ORIGINS: { readonly [origin in Origin]: OriginRule } = Object.freeze({
    AWS_KMS: { resource: "aws.kms.Key", replicaResource: "aws.kms.ReplicaKey", takes: [], requires: [], automaticRotation: true, multiRegion: true, adminActions: [], what: "a key with KMS key material" },
    EXTERNAL: {
        resource: "aws.kms.ExternalKey", replicaResource: "aws.kms.ReplicaExternalKey", takes: ["keyMaterialBase64", "validTo"], requires: [],
        automaticRotation: false, multiRegion: true, keyUsages: ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC"],
        adminActions: ["kms:ImportKeyMaterial"], what: "a key with imported key material",
    },
    AWS_CLOUDHSM: { ...KEY_STORE, resource: "aws.kms.Key", takes: ["customKeyStoreId"], requires: ["customKeyStoreId"], what: "a key in an AWS CloudHSM key store" },
    EXTERNAL_KEY_STORE: {
        ...KEY_STORE, resource: "aws.kms.Key", takes: ["customKeyStoreId", "xksKeyId"], requires: ["customKeyStoreId", "xksKeyId"], what: "a key in an external key store",
    },
});

/** A value the component does not know yet (an Output, a secret): counts as given, checked once known. */
export const NOT_YET_KNOWN: unique symbol = Symbol("not yet known");

/** The origin inputs as the user gave them (NOT_YET_KNOWN for one that is not known yet). */
export interface OriginInputs {
    origin?: unknown;
    keyMaterialBase64?: unknown;
    validTo?: unknown;
    customKeyStoreId?: unknown;
    xksKeyId?: unknown;
}

/** The key's other settings the origin rules read. */
export interface OriginContext {
    keySpec: KeySpec;
    keyUsage: KeyUsage;
    /** Which input asked for automatic rotation, if any. */
    rotationProperty?: "enableKeyRotation" | "rotationPeriodInDays";
    multiRegion?: boolean;
    replicaRegions: readonly string[];
    enabled?: unknown;
}

const given = (value: unknown) => value !== undefined && value !== null;

/** Checks the origin and its inputs against ORIGINS; returns the origin (default AWS_KMS). */
export function checkOrigin(input: OriginInputs, context: OriginContext): Origin {
    const origin = input.origin === undefined ? "AWS_KMS" : input.origin;
    if (typeof origin !== "string" || !(originValues as readonly string[]).includes(origin)) {
        throw new KmsKeyError("origin", `origin: ${show(input.origin)} is not a key origin; allowed: ${originValues.join(", ")}`);
    }
    const rule = ORIGINS[origin as Origin];
    const named = `origin ${origin} (${rule.what})`;
    for (const name of ORIGIN_INPUTS) {
        if (given(input[name]) && !rule.takes.includes(name)) {
            const takers = originValues.filter((o) => ORIGINS[o].takes.includes(name));
            throw new KmsKeyError(name, `${name}: only a key of origin ${takers.join(" or ")} takes it, not ${named}; remove ${name} or set origin`);
        }
    }
    for (const name of rule.requires) {
        if (!given(input[name])) throw new KmsKeyError(name, `${name}: ${named} requires it; give ${rule.requires.join(" and ")}`);
    }
    if (rule.keySpecs && !rule.keySpecs.includes(context.keySpec)) {
        throw new KmsKeyError("keySpec", `keySpec: ${context.keySpec} is not allowed for ${named}; allowed: ${rule.keySpecs.join(", ")} (KMS creates only symmetric encryption keys in a custom key store)`);
    }
    if (rule.keyUsages && !rule.keyUsages.includes(context.keyUsage)) {
        throw new KmsKeyError("keyUsage", `keyUsage: ${context.keyUsage} is not allowed for ${named}; allowed: ${rule.keyUsages.join(", ")}`);
    }
    if (context.rotationProperty && !rule.automaticRotation) {
        throw new KmsKeyError(context.rotationProperty, `${context.rotationProperty}: KMS does not rotate ${rule.what} automatically (origin ${origin}); ` +
            `leave enableKeyRotation and rotationPeriodInDays out (rotation is off for this origin)`);
    }
    if (!rule.multiRegion && context.replicaRegions.length) {
        throw new KmsKeyError("replicaRegions", `replicaRegions: ${named} cannot be multi-Region, so it has no replicas; KMS creates no multi-Region key in a custom key store`);
    }
    if (!rule.multiRegion && context.multiRegion === true) {
        throw new KmsKeyError("multiRegion", `multiRegion: ${named} cannot be multi-Region; KMS creates no multi-Region key in a custom key store`);
    }
    if (given(input.validTo) && !given(input.keyMaterialBase64)) {
        throw new KmsKeyError("validTo", `validTo: the expiry of imported key material, but keyMaterialBase64 is not given; give both, or import the key material yourself`);
    }
    if (origin === "EXTERNAL" && !given(input.keyMaterialBase64) && context.enabled === true) {
        throw new KmsKeyError("enabled", `enabled: true, but a key of origin EXTERNAL without keyMaterialBase64 waits for its key material (PendingImport) and cannot be enabled; give keyMaterialBase64 or leave enabled out`);
    }
    const known = (name: OriginInput) => given(input[name]) && input[name] !== NOT_YET_KNOWN;
    if (known("keyMaterialBase64")) checkKeyMaterial(input.keyMaterialBase64, context.keySpec);
    if (known("validTo")) checkValidTo(input.validTo);
    if (known("customKeyStoreId")) checkCustomKeyStoreId(input.customKeyStoreId);
    if (known("xksKeyId")) checkXksKeyId(input.xksKeyId);
    return origin as Origin;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Key material KMS would import: standard base64; for SYMMETRIC_DEFAULT, 256 bits. A secret: its value is never shown. */
export function checkKeyMaterial(value: unknown, keySpec: KeySpec = "SYMMETRIC_DEFAULT"): string {
    if (typeof value !== "string") throw new KmsKeyError("keyMaterialBase64", `keyMaterialBase64: expected a base64 string, got ${value === null ? "null" : typeof value} (a secret, not shown)`);
    if (value === "" || !BASE64.test(value)) {
        throw new KmsKeyError("keyMaterialBase64", `keyMaterialBase64: ${value.length} characters that are not standard base64 (A-Z, a-z, 0-9, +, /, = padding; the value is a secret, not shown)`);
    }
    const bytes = (value.length / 4) * 3 - (value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0);
    if (keySpec === "SYMMETRIC_DEFAULT" && bytes !== 32) {
        throw new KmsKeyError("keyMaterialBase64", `keyMaterialBase64: ${bytes} bytes of key material; a SYMMETRIC_DEFAULT key imports exactly 32 bytes (256 bits, 44 base64 characters; the value is a secret, not shown)`);
    }
    return value;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** How far ahead ImportKeyMaterial takes ValidTo: "The maximum value is 365 days from the request date" (KMS API Reference). */
const MAX_VALID_TO_MS = 365 * 24 * 3600 * 1000;

/**
 * An RFC 3339 date-time with a time zone, of a real calendar date (2030-02-30 is refused), that ImportKeyMaterial
 * would take from `now` on: in the future, and at most 365 days ahead. The provider imports (again) whenever the key
 * state lacks material; a later preview of an unchanged program only comes closer to the expiry, so the rule refuses
 * nothing that was accepted until the material has expired (then KMS has deleted it, and the key is unusable).
 */
export function checkValidTo(value: unknown, now: number = Date.now()): string {
    const match = typeof value === "string" ? RFC3339.exec(value) : null;
    const instant = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
    const example = instant(now + 90 * 24 * 3600 * 1000);
    const refuse = (why: string) => new KmsKeyError("validTo", `validTo: ${show(value)} ${why}; write an RFC 3339 date-time with a time zone, e.g. "${example}"`);
    if (!match) throw refuse("is not an RFC 3339 date-time");
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) throw refuse("is not a real date and time");
    if (match[9] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59)) throw refuse("has an impossible time zone offset");
    const expiry = Date.parse((value as string).toUpperCase());
    const at = instant(now);
    if (expiry <= now) {
        throw new KmsKeyError("validTo", `validTo: ${show(value)} is not in the future (now: ${at}); KMS imports key material only with a later expiry, and deletes expired material; give a date-time within 365 days from now, or leave validTo out (the material does not expire)`);
    }
    if (expiry - now > MAX_VALID_TO_MS) {
        throw new KmsKeyError("validTo", `validTo: ${show(value)} is more than 365 days after now (${at}); KMS takes an expiry of imported key material at most 365 days ahead; give an earlier date-time, or leave validTo out (the material does not expire)`);
    }
    return value as string;
}

/** A custom key store id as CreateKey takes it: 1 to 64 characters. */
export function checkCustomKeyStoreId(value: unknown): string {
    if (typeof value !== "string" || value.length < 1 || value.length > 64 || value.trim() !== value) {
        throw new KmsKeyError("customKeyStoreId", `customKeyStoreId: ${show(value)} is not a custom key store id; give the id of the key store, 1 to 64 characters (e.g. "cks-1234567890abcdef0")`);
    }
    return value;
}

/** An external key id as CreateKey takes it: 1 to 128 of letters, digits, -, _ and . */
export function checkXksKeyId(value: unknown): string {
    if (typeof value !== "string" || !/^[a-zA-Z0-9\-_.]{1,128}$/.test(value)) {
        throw new KmsKeyError("xksKeyId", `xksKeyId: ${show(value)} is not an external key id; KMS takes 1 to 128 letters, digits, '-', '_' and '.'`);
    }
    return value;
}
