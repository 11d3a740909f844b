import { ADMIN_ACTIONS, GRANT_ACTIONS, LEGACY_ROOT_ACTIONS, actionMatches, checkActions } from "./actions";
import { iamIdentityOf } from "./arns";
import {
    MAX_KEY_POLICY_BYTES, POLICY_VERSION, PolicyDocument, Statement, asList, dedupeStatements, mergePrincipals, policyBytes,
} from "./document";
import { fail, show } from "./errors";
import { Principal, accountRootArn, principalIds, toPrincipal } from "./principals";

/** Where the key is created: the account and partition, and who deploys it (for the lockout guard). */
export interface PolicyEnv {
    accountId: string;
    partition: string;
    /** The deploying principal's ARN (sts:GetCallerIdentity), if known. */
    callerArn?: string;
}

/** The policy inputs of a key, plain data as the user gave them. */
export interface KeyPolicyInput {
    trustAccountIdentities?: boolean;
    policy?: unknown;
    policyStatements?: unknown;
    admins?: unknown;
    grants?: unknown;
    bypassPolicyLockoutSafetyCheck?: boolean;
}

export interface KeyPolicy {
    document: PolicyDocument;
    json: string;
    /** Whether statements were merged by principal to fit KMS's size limit. */
    mergedPrincipals: boolean;
}

function allow(actions: readonly string[], principal: Principal | string): Statement {
    // CDK renders one action as a string and several as a list; keys in CDK's (sorted) order.
    return { Action: actions.length === 1 ? actions[0] : [...actions], Effect: "Allow", Principal: principal, Resource: "*" };
}

/** CDK v2's default statement: the account root may do anything, so IAM policies in the account can grant access. */
export function defaultRootStatement(env: PolicyEnv): Statement {
    return allow(["kms:*"], { AWS: accountRootArn(env.partition, env.accountId) });
}

/** CDK v1's legacy default statement (trustAccountIdentities false): the root gets admin actions and GenerateDataKey. */
export function legacyRootStatement(env: PolicyEnv): Statement {
    return allow(LEGACY_ROOT_ACTIONS, { AWS: accountRootArn(env.partition, env.accountId) });
}

/** Reads a custom policy (an object or JSON text) into a list of checked statements. */
function customPolicyStatements(policy: unknown): Statement[] {
    let document = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch (e) {
            fail("policy", `policy: not valid JSON (${(e as Error).message}); give a policy document object or its JSON text`);
        }
    }
    if (!document || typeof document !== "object" || Array.isArray(document) || !("Statement" in document)) {
        fail("policy", `policy: expected a policy document with a Statement list, e.g. {"Version":"2012-10-17","Statement":[...]}; got ${JSON.stringify(document)}`);
    }
    const version = (document as { Version?: unknown }).Version;
    if (version !== undefined && version !== POLICY_VERSION && version !== "2008-10-17") {
        fail("policy.Version", `policy.Version: ${show(version)} is not a policy language version; use "2012-10-17"`);
    }
    return asList((document as { Statement: unknown }).Statement).map((s, i) => checkStatement(s, `policy.Statement[${i}]`));
}

const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/** Checks a statement given by the user, with the rules CDK v2 applies to resource policies and more. */
export function checkStatement(statement: unknown, property: string): Statement {
    if (!statement || typeof statement !== "object" || Array.isArray(statement)) {
        fail(property, `${property}: a statement must be an object like {"Effect":"Allow","Principal":{...},"Action":[...],"Resource":"*"}; got ${JSON.stringify(statement)}`);
    }
    const s = statement as { [key: string]: unknown };
    const unknownKey = Object.keys(s).find((k) => !STATEMENT_KEYS.includes(k));
    if (unknownKey) fail(`${property}.${unknownKey}`, `${property}: unknown statement element ${show(unknownKey)}; allowed: ${STATEMENT_KEYS.join(", ")}`);
    if (s.Effect !== "Allow" && s.Effect !== "Deny") fail(`${property}.Effect`, `${property}.Effect: ${JSON.stringify(s.Effect)} must be "Allow" or "Deny"`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
        fail(`${property}.Principal`, `A PolicyStatement used in a resource-based policy must specify at least one IAM principal. (${property})`);
    }
    if (s.Action === undefined && s.NotAction === undefined) {
        fail(`${property}.Action`, `A PolicyStatement must specify at least one 'action' or 'notAction'. (${property})`);
    }
    if (s.Resource === undefined && s.NotResource === undefined) {
        fail(`${property}.Resource`, `A PolicyStatement used in a resource-based policy must specify at least one resource. (${property}; in a key policy "*" means this key)`);
    }
    for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
        const v = s[key];
        if (v !== undefined && !(typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")))) {
            fail(`${property}.${key}`, `${property}.${key}: expected a string or a non-empty list of strings, got ${JSON.stringify(v)}`);
        }
    }
    return s as unknown as Statement;
}

/** One statement per admin, with CDK's 14 admin actions, as CDK's grantAdmin on a principal given by ARN. */
function adminStatements(admins: unknown, env: PolicyEnv): Statement[] {
    if (admins === undefined) return [];
    if (!Array.isArray(admins)) fail("admins", `admins: expected a list of principals, got ${JSON.stringify(admins)}`);
    return (admins as unknown[]).map((a, i) => allow(ADMIN_ACTIONS, toPrincipal(a, `admins[${i}]`, env.partition)));
}

/** One statement per grant, as CDK's grant methods on a principal given by ARN (key policy, Resource "*"). */
function grantStatements(grants: unknown, env: PolicyEnv): Statement[] {
    if (grants === undefined) return [];
    if (!Array.isArray(grants)) fail("grants", `grants: expected a list of {grantee, kind} or {grantee, actions}, got ${JSON.stringify(grants)}`);
    return (grants as unknown[]).map((g, i) => {
        const property = `grants[${i}]`;
        if (!g || typeof g !== "object") fail(property, `${property}: expected {grantee, kind} or {grantee, actions}, got ${JSON.stringify(g)}`);
        const { grantee, kind, actions } = g as { grantee?: unknown; kind?: unknown; actions?: unknown };
        const principal = toPrincipal(grantee, `${property}.grantee`, env.partition);
        if ((kind === undefined) === (actions === undefined)) {
            fail(property, `${property}: give exactly one of kind (${Object.keys(GRANT_ACTIONS).join(", ")}) and actions; got ${JSON.stringify(g)}`);
        }
        if (kind !== undefined) {
            if (typeof kind !== "string" || !(kind in GRANT_ACTIONS)) {
                fail(`${property}.kind`, `${property}.kind: ${JSON.stringify(kind)} is not a grant kind; allowed: ${Object.keys(GRANT_ACTIONS).join(", ")}`);
            }
            return allow(GRANT_ACTIONS[kind as string], principal);
        }
        return allow(checkActions(actions, `${property}.actions`), principal);
    });
}

function extraStatements(statements: unknown): Statement[] {
    if (statements === undefined) return [];
    if (!Array.isArray(statements)) fail("policyStatements", `policyStatements: expected a list of statements, got ${JSON.stringify(statements)}`);
    return (statements as unknown[]).map((s, i) => checkStatement(s, `policyStatements[${i}]`));
}

/** The principals whose loss of kms:PutKeyPolicy is a lockout: the account root, and the deployer (as its role). */
export function guardedPrincipals(env: PolicyEnv): string[] {
    const ids = [accountRootArn(env.partition, env.accountId), env.accountId];
    if (env.callerArn) {
        ids.push(env.callerArn);
        const identity = iamIdentityOf(env.callerArn);
        if (identity?.type === "role" && env.callerArn.includes(":assumed-role/")) {
            ids.push(`arn:${identity.partition}:iam::${identity.account}:role/${identity.name}`);
        }
    }
    return ids;
}

/** Whether a statement applies to one of the guarded principals. */
function coversPrincipal(statement: Statement, ids: string[]): boolean {
    if (statement.NotPrincipal !== undefined) {
        // NotPrincipal applies to everyone it does not list: only a Deny can use it (KMS refuses it in an Allow).
        const spared = principalIds(statement.NotPrincipal).AWS ?? [];
        return statement.Effect === "Deny" && !spared.some((p) => ids.includes(p));
    }
    const aws = principalIds(statement.Principal).AWS ?? [];
    return aws.some((p) => p === "*" || ids.includes(p));
}

const PUT_KEY_POLICY = "kms:PutKeyPolicy";

function allowsPut(s: Statement, ids: string[]): boolean {
    return s.Effect === "Allow" && s.Condition === undefined && s.NotAction === undefined && s.NotResource === undefined &&
        coversPrincipal(s, ids) && asList(s.Action).some((a) => actionMatches(a, PUT_KEY_POLICY)) && asList(s.Resource).includes("*");
}

function deniesPut(s: Statement, ids: string[]): boolean {
    if (s.Effect !== "Deny" || s.Condition !== undefined || !coversPrincipal(s, ids)) return false;
    return s.NotAction !== undefined
        ? !asList(s.NotAction).some((a) => actionMatches(a, PUT_KEY_POLICY))
        : asList(s.Action).some((a) => actionMatches(a, PUT_KEY_POLICY));
}

/**
 * Whether the policy keeps the account in control of its key: some unconditional Allow gives
 * kms:PutKeyPolicy (directly or by wildcard) to the account root or the deployer, and no
 * unconditional Deny takes it away from them.
 */
export function isLockout(document: PolicyDocument, env: PolicyEnv): boolean {
    const ids = guardedPrincipals(env);
    const allowed = document.Statement.some((s) => allowsPut(s, ids));
    const denied = document.Statement.some((s) => deniesPut(s, ids));
    return !allowed || denied;
}

/**
 * Builds the final key policy with CDK's semantics: the base (default or legacy root statement, or the
 * custom policy, per trustAccountIdentities), then admins, grants and extra statements in that order,
 * identical statements once. Then the guards CDK lacks: no lockout, and at most 32 KB (merging
 * statements that differ only in principal first). `guards: false` only checks the inputs.
 */
export function buildKeyPolicy(input: KeyPolicyInput, env: PolicyEnv, options: { guards?: boolean } = {}): KeyPolicy {
    const trust = input.trustAccountIdentities ?? true;
    const custom = input.policy === undefined || input.policy === null ? undefined : customPolicyStatements(input.policy);
    // An empty custom policy makes CDK v2 omit KeyPolicy, so KMS applies its default: the root kms:* statement,
    // which is ours too. We write it out, so the policy output says what the key really has.
    const base = trust
        ? (custom?.length ? custom : [defaultRootStatement(env)])
        : [...(custom ?? []), legacyRootStatement(env)];
    const statements = dedupeStatements([
        ...base,
        ...adminStatements(input.admins, env),
        ...grantStatements(input.grants, env),
        ...extraStatements(input.policyStatements),
    ]);
    let document: PolicyDocument = { Version: POLICY_VERSION, Statement: statements };
    let mergedPrincipals = false;
    if (options.guards !== false) {
        if (!input.bypassPolicyLockoutSafetyCheck && isLockout(document, env)) {
            fail("policy",
                `policy: this key policy would lock the account out of its key: no unconditional Allow statement gives kms:PutKeyPolicy ` +
                `(or kms:* / kms:Put*) with Resource "*" to the account root ${accountRootArn(env.partition, env.accountId)}` +
                (env.callerArn ? ` or the deploying principal ${env.callerArn}` : "") +
                `, or a Deny takes it away. KMS would refuse it. Add {"Effect":"Allow","Principal":{"AWS":"${accountRootArn(env.partition, env.accountId)}"},"Action":"kms:*","Resource":"*"} ` +
                `to the policy (or omit policy to get that default), or set bypassPolicyLockoutSafetyCheck if you really mean to lose control of the key.`);
        }
        if (policyBytes(document) > MAX_KEY_POLICY_BYTES) {
            document = { Version: POLICY_VERSION, Statement: mergePrincipals(statements) };
            mergedPrincipals = true;
            const size = policyBytes(document);
            if (size > MAX_KEY_POLICY_BYTES) {
                fail("policy",
                    `policy: the key policy is ${size} bytes even after merging statements that differ only in principal; KMS allows at most ${MAX_KEY_POLICY_BYTES} bytes. ` +
                    `Grant fewer principals in the key policy (use the grant methods, which attach identity policies, for roles and users in the key's account).`);
            }
        }
    }
    return { document, json: JSON.stringify(document), mergedPrincipals };
}
