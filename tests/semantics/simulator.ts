// Evaluates key policies with @cloud-copilot/iam-simulate: what a principal may actually do with the key,
// given the key policy (a resource policy) and the principal's own identity policies. KMS is special:
// a key policy statement for the account root does not allow anything by itself, it lets the account's
// IAM policies allow access (the simulator's KMS authorizer models this "AllowedForAccount" trust).
import { runSimulation } from "@cloud-copilot/iam-simulate";

export const ACCOUNT = "111122223333";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/abcd`;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Caller {
    /** The requesting principal: an IAM role/user ARN, an assumed-role session ARN, or a service principal. */
    principal: string;
    /** The caller's identity policies (none by default). */
    identityPolicies?: object[];
    /** Request context keys, e.g. kms:ViaService. */
    context?: Record<string, string | string[]>;
}

/** An identity policy allowing everything: an IAM administrator. */
export const IAM_ADMIN_POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** An identity policy allowing the given KMS actions on the key. */
export function identityPolicy(actions: string[], resource = KEY_ARN) {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resource }] };
}

/** The decision for one request on the key. Throws if the simulator finds the input invalid. */
export async function decide(keyPolicy: unknown, caller: Caller, action: string): Promise<Decision> {
    const result = await runSimulation({
        request: {
            principal: caller.principal,
            action,
            resource: { resource: KEY_ARN, accountId: ACCOUNT },
            contextVariables: caller.context ?? {},
        },
        identityPolicies: (caller.identityPolicies ?? []).map((policy, i) => ({ name: `identity${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: keyPolicy,
    }, {});
    if (result.resultType === "error") throw new Error(`iam-simulate rejected the request: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
}

/** The actions of `actions` that the caller is allowed on the key. */
export async function allowedActions(keyPolicy: unknown, caller: Caller, actions: readonly string[]): Promise<string[]> {
    const allowed: string[] = [];
    for (const action of actions) {
        if ((await decide(keyPolicy, caller, action)) === "Allowed") allowed.push(action);
    }
    return allowed;
}

/** Every KMS action that applies to a key resource (the ones a key policy can grant). */
export const KEY_ACTIONS = [
    "kms:CancelKeyDeletion", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteImportedKeyMaterial", "kms:DeriveSharedSecret", "kms:DescribeKey",
    "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac",
    "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetParametersForImport", "kms:GetPublicKey", "kms:ImportKeyMaterial", "kms:ListGrants", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy",
    "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:ReplicateKey", "kms:RetireGrant", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion", "kms:Sign", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion",
    "kms:Verify", "kms:VerifyMac",
] as const;

/** The cryptographic (data-plane) operations among KEY_ACTIONS. */
export const DATA_PLANE_KEY_ACTIONS = [
    "kms:Decrypt", "kms:DeriveSharedSecret", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:Sign", "kms:Verify", "kms:VerifyMac",
] as const;
