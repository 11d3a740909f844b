// Which Pulumi AWS provider a key is built with, as data: what each backend's KMS resources can express, and the
// check that refuses, naming `backend` and the input, whatever the chosen backend cannot (nothing is dropped).
//
// Read from @pulumi/aws-native 1.79.0's own types (kms/key.d.ts, kms/replicaKey.d.ts, kms/index.d.ts,
// types/enums/kms): its kms module has Key, Alias and ReplicaKey only (no Grant, no ExternalKey, no
// CustomKeyStore); KeyArgs has no customKeyStoreId, xksKeyId, keyMaterialBase64 or validTo, and its KeyOrigin
// enum is AWS_KMS | EXTERNAL ("CFN doesn't support creating an Origin parameter of the AWS_CLOUDHSM or
// EXTERNAL_KEY_STORE values"); ReplicaKeyArgs has no bypassPolicyLockoutSafetyCheck and no key material.
// Deleting an aws-native key schedules its deletion with KMS's default waiting period, 30 days: the provider deletes
// through Cloud Control's DeleteResource, which carries only the type and the identifier, pendingWindowInDays is a
// write-only property (never read back), and the CloudFormation handler's ScheduleKeyDeletion takes the window from
// that model (aws-cloudformation-resource-providers-kms, common/KeyTranslator.java), so any other window is refused.
import { Backend, Origin, backendValues, originValues } from "../schemaTypes";
import { KmsKeyError, show } from "./errors";

/** The inputs a backend may lack, each refused when given (a non-empty list, a true flag, any other value). */
export type BackendInput = "kmsGrants" | "keyMaterialBase64" | "validTo" | "customKeyStoreId" | "xksKeyId";

export interface BackendRule {
    /** The Pulumi package whose resources the key is made of (the provider a child resource's token names). */
    pkg: "aws" | "aws-native";
    /** The token of the key resource, for provider lookups (getProvider) and messages. */
    keyToken: string;
    /** The origins its key resource can create. */
    origins: readonly Origin[];
    /** Inputs it has no resource property for, with why. */
    lacks: { readonly [input in BackendInput]?: string };
    /** Replica settings it cannot express, with why: replicas of these origins, and the lockout bypass. */
    replicaOrigins: readonly Origin[];
    replicaBypass: boolean;
    /** The only waiting period its deletion honours, if it does not honour pendingWindowInDays. */
    fixedDeletionWindow?: number;
}

const NATIVE_KEY = "aws-native:kms:Key has no";

/** What each backend supports. */
export const BACKENDS: { readonly [backend in Backend]: BackendRule } = Object.freeze({
    aws: {
        pkg: "aws", keyToken: "aws:kms/key:Key", origins: ["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"], lacks: {},
        replicaOrigins: ["AWS_KMS", "EXTERNAL"], replicaBypass: true,
    },
    "aws-native": {
        pkg: "aws-native", keyToken: "aws-native:kms:Key", origins: ["AWS_KMS", "EXTERNAL"],
        lacks: {
            kmsGrants: "@pulumi/aws-native has no KMS grant resource (its kms module has Key, Alias and ReplicaKey only)",
            keyMaterialBase64: `${NATIVE_KEY} key material input (an EXTERNAL key is created waiting for its import, which is done outside Pulumi)`,
            validTo: `${NATIVE_KEY} key material input, so nothing expires`,
            customKeyStoreId: `${NATIVE_KEY} custom key store input (CloudFormation cannot create keys in a custom key store)`,
            xksKeyId: `${NATIVE_KEY} external key store input (CloudFormation cannot create keys in a custom key store)`,
        },
        replicaOrigins: ["AWS_KMS"], replicaBypass: false, fixedDeletionWindow: 30,
    },
});

/** The key's inputs a backend check reads (as given; an Output counts as given). */
export interface BackendInputs {
    backend?: unknown;
    origin?: unknown;
    replicaRegions?: unknown;
    bypassPolicyLockoutSafetyCheck?: unknown;
    pendingWindowInDays?: unknown;
    kmsGrants?: unknown;
    keyMaterialBase64?: unknown;
    validTo?: unknown;
    customKeyStoreId?: unknown;
    xksKeyId?: unknown;
}

/** The backend named by `value` (default aws), or a KmsKeyError listing the allowed ones. */
export function resolveBackend(value: unknown): Backend {
    if (value === undefined) return "aws";
    if (typeof value === "string" && (backendValues as readonly string[]).includes(value)) return value as Backend;
    throw new KmsKeyError("backend", `backend: ${show(value)} is not a backend; allowed: ${backendValues.join(", ")}`);
}

const given = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/**
 * Checks that the backend can build what the inputs ask for; the first input it cannot express is refused,
 * naming that input, `backend`, the value and what the backend allows instead.
 */
export function checkBackend(input: BackendInputs): Backend {
    const backend = resolveBackend(input.backend);
    const rule = BACKENDS[backend];
    const refuse = (property: string, value: unknown, why: string): never => {
        throw new KmsKeyError(property, `${property}: ${show(value)} cannot be used with backend "${backend}": ${why}; use backend "aws", or leave ${property} out`);
    };
    for (const [property, why] of Object.entries(rule.lacks) as [BackendInput, string][]) {
        // A secret's value is never shown: only that it was given.
        if (given(input[property])) refuse(property, property === "keyMaterialBase64" ? "(key material)" : input[property], why);
    }
    const origin = (input.origin ?? "AWS_KMS") as Origin;
    // An origin that is no origin at all gets the origin check's own message (origins.ts).
    if ((originValues as readonly unknown[]).includes(origin) && !rule.origins.includes(origin)) {
        refuse("origin", origin, `${rule.keyToken} creates keys of origin ${rule.origins.join(" or ")} only`);
    }
    const replicas = given(input.replicaRegions);
    if (replicas && rule.origins.includes(origin) && !rule.replicaOrigins.includes(origin)) {
        refuse("replicaRegions", input.replicaRegions, `a replica of an origin ${origin} key needs its key material imported, which aws-native:kms:ReplicaKey cannot do (replicas of origin ${rule.replicaOrigins.join(", ")} only)`);
    }
    if (replicas && input.bypassPolicyLockoutSafetyCheck === true && !rule.replicaBypass) {
        refuse("bypassPolicyLockoutSafetyCheck", true, "aws-native:kms:ReplicaKey has no bypassPolicyLockoutSafetyCheck, so the replicas would not get it");
    }
    const window = input.pendingWindowInDays;
    if (rule.fixedDeletionWindow !== undefined && typeof window === "number" && window !== rule.fixedDeletionWindow) {
        refuse("pendingWindowInDays", window, `its deletion goes through Cloud Control, which schedules it with KMS's default waiting period of ` +
            `${rule.fixedDeletionWindow} days whatever pendingWindowInDays says (DeleteResource carries only the key's id)`);
    }
    return backend;
}
