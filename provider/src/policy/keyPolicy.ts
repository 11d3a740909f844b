import { ADMIN_ACTIONS, GRANT_ACTIONS, LEGACY_ROOT_ACTIONS, MULTI_REGION_ADMIN_ACTIONS, checkActions, isGrantKind, withKindCondition } from "./actions";
import { RESTRICTING_KEY_NAMES, checkCondition, restrictsPrincipal } from "./conditions";
import {
    ConditionBlock, MAX_KEY_POLICY_BYTES, POLICY_VERSION, PolicyDocument, Statement, badCharacter, canonicalJson, mergePrincipals, policyBytes,
} from "./document";
import { dnssecStatements } from "./dnssec";
import { fail, show } from "./errors";
import { checkPolicyDocument, checkStatement } from "./grammar";
import { findLockout } from "./lockout";
import { ORIGINS } from "./origins";
import { checkFiniteTree } from "./values";
import { Principal, accountRootArn, namesEveryone, principalIds, toPrincipal } from "./principals";

/** Where the key is created: the account, partition and region, and who deploys it (for the lockout guard). */
export interface PolicyEnv {
    accountId: string;
    partition: string;
    /** The key's region (for viaService and the guard's key ARN), if known. */
    region?: string;
    /** The deploying principal's ARN (sts:GetCallerIdentity), if known. */
    callerArn?: string;
    /** For a replica's policy (region is the replica's): the primary key's region. */
    primaryRegion?: string;
}

/** The policy inputs of a key, plain data as the user gave them. */
export interface KeyPolicyInput {
    trustAccountIdentities?: boolean;
    policy?: unknown;
    policyStatements?: unknown;
    admins?: unknown;
    grants?: unknown;
    /** Route 53 DNSSEC signing (dnssec.ts), which also needs the key's spec and usage. */
    dnssec?: unknown;
    keySpec?: string;
    keyUsage?: string;
    /** A multi-Region key: its admins also get kms:ReplicateKey. */
    multiRegion?: boolean;
    /** The key's origin (origins.ts): admins of an EXTERNAL key also get kms:ImportKeyMaterial. */
    origin?: string;
    bypassPolicyLockoutSafetyCheck?: boolean;
}

/** Something allowed but worth telling the user (logged on the component through the engine). */
export interface PolicyWarning {
    property: string;
    message: string;
}

export interface KeyPolicy {
    document: PolicyDocument;
    json: string;
    /** Whether statements were merged by principal to fit KMS's size limit. */
    mergedPrincipals: boolean;
    warnings: PolicyWarning[];
}

/** A statement with the input it came from, so that an error names that input. */
interface Sourced {
    statement: Statement;
    property: string;
    /** The top-level input (policy, admins, grants, policyStatements), or "default". */
    input: string;
}

function allow(actions: readonly string[], principal: Principal | string, condition?: ConditionBlock): Statement {
    // CDK renders one action as a string and several as a list; keys in CDK's (sorted) order.
    const statement: Statement = { Action: actions.length === 1 ? actions[0] : [...actions], Effect: "Allow", Principal: principal, Resource: "*" };
    if (condition) return { Action: statement.Action, Condition: condition, Effect: "Allow", Principal: principal, Resource: "*" };
    return statement;
}

/** CDK v2's default statement: the account root may do anything, so IAM policies in the account can grant access. */
export function defaultRootStatement(env: PolicyEnv): Statement {
    return allow(["kms:*"], { AWS: accountRootArn(env.partition, env.accountId) });
}

/** CDK v1's legacy default statement (trustAccountIdentities false): the root gets admin actions and GenerateDataKey. */
export function legacyRootStatement(env: PolicyEnv): Statement {
    return allow(LEGACY_ROOT_ACTIONS, { AWS: accountRootArn(env.partition, env.accountId) });
}

function listOf(value: unknown, property: string, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) fail(property, `${property}: expected a list of ${what}, got ${show(value)}`);
    return value as unknown[];
}

/**
 * One statement per admin, with CDK's 14 admin actions, as CDK's grantAdmin on a principal given by ARN; for a
 * multi-Region key, kms:ReplicateKey as well (which kms:Create* and kms:Update* do not cover); then what the
 * origin's admins need (EXTERNAL: kms:ImportKeyMaterial, which kms:Get* and kms:Delete* do not cover).
 */
function adminStatements(admins: unknown, env: PolicyEnv | undefined, multiRegion: boolean, origin: string | undefined): Sourced[] {
    const rule = Object.prototype.hasOwnProperty.call(ORIGINS, origin ?? "AWS_KMS") ? ORIGINS[(origin ?? "AWS_KMS") as keyof typeof ORIGINS] : undefined;
    if (!rule) fail("origin", `origin: ${show(origin)} is not a key origin; allowed: ${Object.keys(ORIGINS).join(", ")}`);
    const originActions = rule.adminActions;
    const actions = [...ADMIN_ACTIONS, ...(multiRegion ? MULTI_REGION_ADMIN_ACTIONS : []), ...originActions];
    return listOf(admins, "admins", "principals").map((a, i) => {
        const property = `admins[${i}]`;
        if (a === "*") {
            fail(property, `${property}: "*" would let anyone in any AWS account administer the key (PutKeyPolicy, ScheduleKeyDeletion, CreateGrant); ` +
                `name the administrators' roles or accounts`);
        }
        return { statement: allow(actions, toPrincipal(a, property, env?.partition)), property, input: "admins" };
    });
}

export const GRANT_FIELDS = ["grantee", "kind", "actions", "conditions", "viaService"];
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SERVICE_ENDPOINT = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** kms:ViaService for a service: `<service>.<key region>.<partition's suffix>`, or the full name as given. */
function viaServiceName(value: unknown, property: string, env: PolicyEnv | undefined): string {
    if (typeof value === "string" && SERVICE_ENDPOINT.test(value)) return value;
    if (typeof value !== "string" || !SERVICE_NAME.test(value)) {
        fail(property, `${property}: ${show(value)} is not a service; give its endpoint prefix (e.g. "s3", "secretsmanager") or the full name (e.g. "s3.us-east-1.amazonaws.com")`);
    }
    const suffix = env?.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `${value}.${env?.region ?? "us-east-1"}.${suffix}`;
}

/** A grant's Condition: its `conditions`, plus viaService's kms:ViaService and kms:CallerAccount (the AWS managed key pattern). */
function grantCondition(g: { kind?: unknown; conditions?: unknown; viaService?: unknown }, property: string, env: PolicyEnv | undefined): ConditionBlock | undefined {
    const condition: ConditionBlock = g.conditions === undefined ? {} : JSON.parse(JSON.stringify(checkCondition(g.conditions, `${property}.conditions`)));
    if (g.viaService !== undefined) {
        const equals = { ...(condition.StringEquals ?? {}) };
        for (const key of Object.keys(equals)) {
            if (/^kms:(ViaService|CallerAccount)$/i.test(key)) {
                fail(`${property}.viaService`, `${property}.viaService: conditions already has StringEquals ${key}; give the service either in viaService or in conditions, not both`);
            }
        }
        equals["kms:ViaService"] = viaServiceName(g.viaService, `${property}.viaService`, env);
        equals["kms:CallerAccount"] = env?.accountId ?? "000000000000";
        condition.StringEquals = equals;
    }
    // A kind's own condition (serviceGrants: Bool kms:GrantIsForAWSResource), wherever the kind is granted.
    const withKind = withKindCondition(condition, g.kind as string | undefined, property) as ConditionBlock;
    return Object.keys(withKind).length ? withKind : undefined;
}

/** One statement per grant, as CDK's grant methods on a principal given by ARN (key policy, Resource "*"). */
function grantStatements(grants: unknown, env: PolicyEnv | undefined): Sourced[] {
    return listOf(grants, "grants", "{grantee, kind} or {grantee, actions}").map((g, i) => {
        const property = `grants[${i}]`;
        if (!g || typeof g !== "object" || Array.isArray(g)) fail(property, `${property}: expected {grantee, kind} or {grantee, actions}, got ${show(g)}`);
        const unknown = Object.keys(g as object).find((k) => !GRANT_FIELDS.includes(k));
        // A misspelt field (e.g. `condition`) would silently drop a restriction: refuse it.
        if (unknown !== undefined) fail(`${property}.${unknown}`, `${property}: unknown field ${show(unknown)}; a grant has ${GRANT_FIELDS.join(", ")}`);
        const { grantee, kind, actions } = g as { grantee?: unknown; kind?: unknown; actions?: unknown };
        const principal = toPrincipal(grantee, `${property}.grantee`, env?.partition);
        if ((kind === undefined) === (actions === undefined)) {
            fail(property, `${property}: give exactly one of kind (${Object.keys(GRANT_ACTIONS).join(", ")}) and actions; got ${show(g)}`);
        }
        if (kind !== undefined && !isGrantKind(kind)) {
            fail(`${property}.kind`, `${property}.kind: ${show(kind)} is not a grant kind; allowed: ${Object.keys(GRANT_ACTIONS).join(", ")}`);
        }
        const granted = kind !== undefined ? GRANT_ACTIONS[kind as string] : checkActions(actions, `${property}.actions`);
        return { statement: allow(granted, principal, grantCondition(g as object, property, env)), property, input: "grants" };
    });
}

function extraStatements(statements: unknown, env: PolicyEnv | undefined): Sourced[] {
    return listOf(statements, "policyStatements", "statements").map((s, i) => {
        const property = `policyStatements[${i}]`;
        return { statement: checkStatement(s, property, env?.partition), property, input: "policyStatements" };
    });
}

/** Drops statements identical to an earlier one, as CDK's PolicyDocument does. */
function dedupe(statements: Sourced[]): Sourced[] {
    const seen = new Set<string>();
    return statements.filter((s) => {
        const key = canonicalJson(s.statement);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/** Refuses an Allow to everyone ("*") without a condition that restricts who can use it. */
function checkPublicAccess({ statement, property }: Sourced): void {
    if (statement.Effect !== "Allow" || !namesEveryone(statement.Principal) || restrictsPrincipal(statement.Condition)) return;
    fail(property, `${property}: an Allow to everyone ("*") would let anyone in any AWS account use the key. Restrict it with a condition: ` +
        `StringEquals, StringLike, ArnEquals or ArnLike (not ...IfExists, which passes when the key is absent) on one of ${RESTRICTING_KEY_NAMES.join(", ")}, ` +
        `with specific accounts, organizations or ARNs as values (e.g. {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), ` +
        `or for a grant, viaService (kms:ViaService and kms:CallerAccount, as AWS managed keys do)`);
}

/** Condition keys that keep a service from acting for someone else (the confused deputy). */
const SOURCE_CONTEXT = /^(aws:SourceAccount|aws:SourceArn|aws:SourceOrgID|aws:SourceOrgPaths|kms:ViaService|kms:EncryptionContext.*)$/i;

/** A warning for an Allow to a service principal without source context: the confused-deputy risk. */
function serviceWarning({ statement, property }: Sourced): PolicyWarning | undefined {
    if (statement.Effect !== "Allow" || !(principalIds(statement.Principal).Service ?? []).length) return undefined;
    const keys = Object.values(statement.Condition ?? {}).flatMap((k) => Object.keys(k));
    if (keys.some((k) => SOURCE_CONTEXT.test(k))) return undefined;
    const services = principalIds(statement.Principal).Service.join(", ");
    return {
        property,
        message: `${property}: ${services} may use this key on behalf of any account (the confused-deputy problem), since no condition names the source. ` +
            `Add a condition on aws:SourceAccount or aws:SourceArn (or kms:ViaService / kms:EncryptionContext:...), e.g. ` +
            `{"StringEquals": {"aws:SourceAccount": "<your account>"}}, unless this service sends no source context.`,
    };
}

function checkSids(statements: Sourced[]): void {
    const seen = new Map<string, string>();
    for (const { statement, property } of statements) {
        if (statement.Sid === undefined || statement.Sid === "") continue;
        const first = seen.get(statement.Sid);
        if (first) fail(`${property}.Sid`, `${property}.Sid: ${show(statement.Sid)} is already the Sid of ${first}; KMS refuses a key policy with duplicate Sids`);
        seen.set(statement.Sid, property);
    }
}

/** The input that contributes the most bytes to an oversize policy. */
function largestInput(statements: Sourced[]): string {
    const bytes = new Map<string, number>();
    for (const s of statements) bytes.set(s.input, (bytes.get(s.input) ?? 0) + policyBytes([s.statement]));
    const [input] = [...bytes].sort((a, b) => b[1] - a[1])[0];
    return input === "default" ? "policy" : input;
}

/**
 * The statements of a key policy, checked, with the inputs they came from: the base (default or legacy
 * root statement, or the custom policy, per trustAccountIdentities), then admins, grants and extra
 * statements in that order, identical statements once. `env` undefined checks the inputs before the
 * account is known (any real partition will do).
 */
function assemble(input: KeyPolicyInput, env: PolicyEnv | undefined) {
    for (const name of ["policy", "policyStatements", "admins", "grants", "dnssec"] as const) checkFiniteTree(input[name], name);
    const trust = input.trustAccountIdentities ?? true;
    const custom = input.policy === undefined || input.policy === null ? undefined : checkPolicyDocument(input.policy, "policy", env?.partition);
    const customStatements: Sourced[] = (custom?.Statement ?? []).map((statement, i) => ({ statement, property: `policy.Statement[${i}]`, input: "policy" }));
    const placeholder: PolicyEnv = env ?? { accountId: "000000000000", partition: "aws" };
    const root = (s: Statement): Sourced => ({ statement: s, property: "policy", input: "default" });
    // An empty custom policy makes CDK v2 omit KeyPolicy, so KMS applies its default: the root kms:* statement,
    // which is ours too. We write it out, so the policy output says what the key really has.
    const base = trust
        ? (customStatements.length ? customStatements : [root(defaultRootStatement(placeholder))])
        : [...customStatements, root(legacyRootStatement(placeholder))];
    const statements = dedupe([
        ...base,
        ...adminStatements(input.admins, env, input.multiRegion === true, input.origin),
        ...grantStatements(input.grants, env),
        ...dnssecStatements(input.dnssec, { keySpec: input.keySpec, keyUsage: input.keyUsage, ...(env ?? {}) })
            .map((statement): Sourced => ({ statement, property: "dnssec", input: "dnssec" })),
        ...extraStatements(input.policyStatements, env),
    ]);
    statements.forEach(checkPublicAccess);
    checkSids(statements);
    const header = { Version: custom?.Version ?? POLICY_VERSION, ...(custom?.Id !== undefined ? { Id: custom.Id } : {}) };
    return { statements, header, custom: custom !== undefined };
}

/** The policy as assembled from the inputs, before the lockout, character and size guards (for tests and tools). */
export function assembledPolicy(input: KeyPolicyInput, env: PolicyEnv): PolicyDocument {
    const { statements, header } = assemble(input, env);
    return { ...header, Statement: statements.map((s) => s.statement) };
}

/** Checks the policy inputs before the account is known: everything but the account-dependent guards. */
export function checkKeyPolicyInput(input: KeyPolicyInput): void {
    assemble(input, undefined);
}

/**
 * Builds the final key policy with CDK's semantics (see assemble), then the guards CDK lacks: no Allow to
 * everyone without a restricting condition, no lockout now or later, only characters KMS takes, and at most
 * 32 KB as KMS receives it (merging statements that differ only in principal first).
 */
export function buildKeyPolicy(input: KeyPolicyInput, env: PolicyEnv): KeyPolicy {
    const { statements, header, custom } = assemble(input, env);
    const warnings = statements.map(serviceWarning).filter((w): w is PolicyWarning => w !== undefined);
    if (!input.bypassPolicyLockoutSafetyCheck) {
        const lockout = findLockout(statements.map((s) => s.statement), env);
        if (lockout) {
            const property = lockout.statement !== undefined ? statements[lockout.statement].property : custom ? "policy" : "policyStatements";
            const root = accountRootArn(env.partition, env.accountId);
            fail(property,
                `${property}: this key policy would lock the account out of its key: ${lockout.message}. KMS would refuse it, or the account would lose control of the key later. ` +
                `Keep {"Effect":"Allow","Principal":{"AWS":"${root}"},"Action":"kms:*","Resource":"*"} (or omit policy to get that default) and no Deny that can take ` +
                `kms:PutKeyPolicy from the root or the deployer; set bypassPolicyLockoutSafetyCheck only if you really mean to lose control of the key.`);
        }
    }
    const badId = badCharacter(header.Id, "policy.Id");
    if (badId) fail("policy.Id", `policy.Id: ${show(badId.value)} has a character KMS refuses in a key policy; only U+0020-U+00FF, tab, LF and CR are allowed`);
    const bad = statements.map((s) => ({ s, found: badCharacter(s.statement, s.property) })).find((x) => x.found);
    if (bad) {
        fail(bad.s.property, `${bad.found!.path}: ${show(bad.found!.value)} has a character KMS refuses in a key policy; only U+0020-U+00FF, tab, LF and CR are allowed`);
    }
    let document: PolicyDocument = { ...header, Statement: statements.map((s) => s.statement) };
    let mergedPrincipals = false;
    if (policyBytes(document) > MAX_KEY_POLICY_BYTES) {
        document = { ...header, Statement: mergePrincipals(document.Statement) };
        mergedPrincipals = true;
        const size = policyBytes(document);
        if (size > MAX_KEY_POLICY_BYTES) {
            const property = largestInput(statements);
            fail(property,
                `${property}: the key policy is ${size} bytes (as KMS receives it) even after merging statements that differ only in principal; KMS allows at most ${MAX_KEY_POLICY_BYTES} bytes, and ${property} is the largest part. ` +
                `Grant fewer principals in the key policy (use the grant methods, which attach identity policies, for roles and users in the key's account).`);
        }
    }
    return { document, json: JSON.stringify(document), mergedPrincipals, warnings };
}

