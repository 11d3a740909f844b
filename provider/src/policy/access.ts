import { globMatches } from "./actions";
import { ACCOUNT_ID, parseArn } from "./arns";
import { accountRootArn, principalIds } from "./principals";
import { ConditionBlock, PolicyDocument, Statement, asList } from "./document";
import { coversAction } from "./lockout";
import type { KmsGrantPlan } from "./kmsGrants";

// Who can do what with this key: the question security engineers read key policies to answer, answered
// by evaluating the final key policy (and the identity policies the component attached) rather than by
// pattern-matching statements: wildcards, NotAction and Deny count as IAM counts them. KMS grants on the key
// (kmsGrants) give their grantees the capabilities of their operations too, outside any policy.

/** What a principal may do with the key, each as the key-resource actions that give it. */
export const CAPABILITIES: { readonly [capability: string]: { all?: readonly string[]; any?: readonly string[] } } = Object.freeze({
    // Every key-management action an administrator needs; having all of them is "admin".
    admin: {
        all: ["kms:DescribeKey", "kms:EnableKey", "kms:DisableKey", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource",
            "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:EnableKeyRotation", "kms:DisableKeyRotation"],
    },
    encrypt: { any: ["kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:ReEncryptTo"] },
    // ReEncryptFrom turns this key's ciphertext into ciphertext of a key the caller controls: as good as decrypting.
    decrypt: { any: ["kms:Decrypt", "kms:ReEncryptFrom"] },
    sign: { any: ["kms:Sign"] },
    verify: { any: ["kms:Verify"] },
    generateMac: { any: ["kms:GenerateMac"] },
    verifyMac: { any: ["kms:VerifyMac"] },
    createGrant: { any: ["kms:CreateGrant"] },
    changePolicy: { any: ["kms:PutKeyPolicy"] },
    scheduleDeletion: { any: ["kms:ScheduleKeyDeletion"] },
});

export type Capability = keyof typeof CAPABILITIES;

export interface AccessEntry {
    /** The principal as the policy names it: an ARN, a service, a federated provider, or "*". */
    principal: string;
    /** AWS, Service, Federated, CanonicalUser, or "*" for everyone. */
    type: string;
    /** The account root: the key policy lets the account's IAM policies grant these; by itself it allows nobody. */
    delegatedToIam: boolean;
    /** A principal of another account also needs its own account's IAM policies to allow what is listed. */
    crossAccount: boolean;
    /** Where the access comes from. */
    source: "keyPolicy" | "identityPolicy" | "kmsGrant";
    capabilities: Capability[];
    /**
     * The Conditions the granting statements carry (each limits the capabilities that statement gives); for a KMS
     * grant, its constraint as KMS names it (`{EncryptionContextEquals: {...}}` or `{EncryptionContextSubset: {...}}`).
     */
    conditions: ConditionBlock[];
    /** Deny statements that may take some of the capabilities away, with their conditions. */
    limitedByDeny: ConditionBlock[];
}

/** An identity policy a grant method attached: to whom, and the document. */
export interface AttachedIdentityPolicy {
    principal: string;
    document: PolicyDocument;
}

/** A KMS grant on the key (a resolved kmsGrants entry): its grantee may call its operations (KMS's names, e.g. Decrypt), within its constraints. */
export type GrantedAccess = Pick<KmsGrantPlan, "granteePrincipal" | "operations" | "constraints">;

/** The capabilities that the actions `has` allows give. */
function capabilitiesOf(has: (action: string) => boolean): Capability[] {
    return (Object.keys(CAPABILITIES) as Capability[]).filter((c) => {
        const { all, any } = CAPABILITIES[c];
        return all ? all.every(has) : any!.some(has);
    });
}

function principalsOf(s: Statement): { type: string; id: string }[] {
    return Object.entries(principalIds(s.Principal)).flatMap(([type, ids]) => ids.map((id) => ({ type: id === "*" ? "*" : type, id })));
}

/** Whether a statement's Principal (or NotPrincipal, for a Deny) names `id`. */
function names(s: Statement, id: string): boolean {
    if (s.NotPrincipal !== undefined) return !Object.values(principalIds(s.NotPrincipal)).flat().includes(id);
    return Object.values(principalIds(s.Principal)).flat().some((p) => p === id || p === "*");
}

/** Whether a statement's resources cover the key ("*" in a key policy; the key's ARN, or a pattern of it, elsewhere). */
function coversKey(s: Statement, keyArn: string | undefined): boolean {
    const matches = (r: string) => r === "*" || keyArn === undefined || globMatches(r, keyArn, false);
    if (s.NotResource !== undefined) return !asList(s.NotResource).some(matches);
    return asList(s.Resource).some(matches);
}

function accountOf(principal: string): string | undefined {
    return ACCOUNT_ID.test(principal) ? principal : parseArn(principal)?.account || undefined;
}

const conditional = (s: Statement) => s.Condition !== undefined && Object.keys(s.Condition).length > 0;

/** A KMS grant's constraint as KMS names it, for `conditions`. */
function constraintBlocks(grant: GrantedAccess): ConditionBlock[] {
    const { encryptionContextEquals, encryptionContextSubset } = grant.constraints ?? {};
    return [
        ...(encryptionContextEquals ? [{ EncryptionContextEquals: encryptionContextEquals }] : []),
        ...(encryptionContextSubset ? [{ EncryptionContextSubset: encryptionContextSubset }] : []),
    ];
}

/**
 * One principal's entry. Its access comes from the Allow statements naming it (all of an identity policy's), or,
 * with `grant`, from that KMS grant: a grant operation is the API action of its name (Decrypt is kms:Decrypt), and
 * the grant's constraint limits it. Either way the Denies naming it take away (unconditional) or limit (conditional),
 * for a grant too: "No AWS principal has any permissions to a KMS key unless that permission is provided explicitly
 * and never denied" (KMS Developer Guide, KMS key access and permissions).
 */
function summarize(principal: string, type: string, delegatedToIam: boolean, source: AccessEntry["source"], statements: Statement[], keyArn: string | undefined,
    keyAccount: string, grant?: GrantedAccess): AccessEntry | undefined {
    const allows = grant ? [] : statements.filter((s) => s.Effect === "Allow" && s.NotPrincipal === undefined && coversKey(s, keyArn) &&
        (source === "identityPolicy" || Object.values(principalIds(s.Principal)).flat().includes(principal)));
    const denies = statements.filter((s) => s.Effect === "Deny" && (source === "identityPolicy" || names(s, principal)) && coversKey(s, keyArn));
    const operations = new Set(grant?.operations.map((o) => `kms:${o}`));
    const allowed = (action: string) => (grant ? operations.has(action) : allows.some((s) => coversAction(s, action)));
    const deniedOutright = (action: string) => denies.some((s) => !conditional(s) && coversAction(s, action));
    const capabilities = capabilitiesOf((action) => allowed(action) && !deniedOutright(action));
    if (!capabilities.length) return undefined;
    const actions = capabilities.flatMap((c) => [...(CAPABILITIES[c].all ?? CAPABILITIES[c].any!)]);
    const limiting = (list: Statement[]) => list.filter((s) => conditional(s) && actions.some((a) => coversAction(s, a))).map((s) => s.Condition!);
    const conditions = grant ? constraintBlocks(grant) : limiting(allows);
    return { principal, type, delegatedToIam, crossAccount: isCrossAccount(principal, keyAccount), source, capabilities, conditions, limitedByDeny: limiting(denies) };
}

function isCrossAccount(principal: string, keyAccount: string): boolean {
    const account = accountOf(principal);
    return account !== undefined && account !== keyAccount;
}

/**
 * Who can do what with the key: one entry per principal the key policy names (the account root marked as
 * IAM-delegated), then one per identity policy the component attached, then one per KMS grant (with a
 * capability). Capabilities are evaluated: a wildcard or NotAction gives what it matches, an unconditional Deny
 * takes away, a conditional Deny is listed as a limit.
 */
export function accessSummary(keyPolicy: PolicyDocument, account: { accountId: string; partition: string }, identityPolicies: AttachedIdentityPolicy[] = [], keyArn?: string,
    kmsGrants: readonly GrantedAccess[] = []): AccessEntry[] {
    const root = accountRootArn(account.partition, account.accountId);
    const seen = new Set<string>();
    const entries: AccessEntry[] = [];
    for (const s of keyPolicy.Statement) {
        for (const { type, id } of principalsOf(s)) {
            const principal = id === account.accountId ? root : id;
            if (seen.has(principal)) continue;
            seen.add(principal);
            const entry = summarize(id, type, principal === root, "keyPolicy", keyPolicy.Statement, keyArn, account.accountId);
            if (entry) entries.push({ ...entry, principal });
        }
    }
    for (const { principal, document } of identityPolicies) {
        const entry = summarize(principal, "AWS", false, "identityPolicy", document.Statement, keyArn, account.accountId);
        if (entry) entries.push(entry);
    }
    for (const grant of kmsGrants) {
        const grantee = grant.granteePrincipal;
        const entry = summarize(grantee, grantee.startsWith("arn:") ? "AWS" : "Service", grantee === root, "kmsGrant", keyPolicy.Statement, keyArn, account.accountId, grant);
        if (entry) entries.push(entry);
    }
    return entries;
}
