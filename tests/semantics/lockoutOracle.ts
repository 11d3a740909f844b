// The lockout guard's oracle: @cloud-copilot/iam-simulate (test-only, AGPL) asked whether the account root and
// the deployer may still call kms:PutKeyPolicy on the key, in every request context that the guard
// (provider/src/policy/lockout.ts) treats as possible:
// - aws:SecureTransport "true"; aws:PrincipalAccount and kms:CallerAccount the principal's account; its
//   aws:PrincipalType; aws:PrincipalArn the root's ARN, or for an assumed-role session its role's ARN, whose path
//   the guard cannot know (so: no path, an unknown path, and every path of that role named in the policy);
// - aws:CurrentTime and aws:EpochTime now, and later: just after now, around every date the policy compares them
//   with, and the last second of year 9999;
// - every other condition key of the policy (a tag, a source IP, ...) absent, and present with each value the
//   policy compares it with (made concrete: a wildcard filled in, an address inside a CIDR) and with a value that
//   matches none of them. Every combination of those is one possible context.
// The simulator does not fill in any context key itself, so each of them is passed explicitly; a key it ignores
// for kms:PutKeyPolicy would make the comparison vacuous, so that is an error here.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { KeyPolicyInput, PolicyDocument, buildKeyPolicy, isKmsKeyError } from "../../provider/src/policy";
import { IAM_ADMIN_POLICY } from "./simulator";

export interface OracleEnv {
    accountId: string;
    partition: string;
    region?: string;
    callerArn?: string;
}

export type Who = "root" | "deployer";

/** One simulated request: who asks, and the context keys of one possible world. */
export interface Probe {
    who: Who;
    principal: string;
    context: Record<string, string>;
    /** The world (time and unknown keys) the probe is in, shared by the root's and the deployer's probes. */
    world: string;
}

export interface ProbeResult extends Probe {
    decision: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
}

/** The keys the guard knows the value of (lower case); all others are unknown to it. */
const KNOWN_KEYS = ["aws:securetransport", "aws:currenttime", "aws:epochtime", "aws:principalarn", "aws:principalaccount", "kms:calleraccount", "aws:principaltype"];
const TIME_KEYS = ["aws:currenttime", "aws:epochtime"];
const LAST_SECOND = Date.UTC(9999, 11, 31, 23, 59, 59);
/** A key id like the ones KMS generates (the guard does not know the real one). */
export const ORACLE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

export function oracleKeyArn(env: OracleEnv): string {
    return `arn:${env.partition}:kms:${env.region ?? "us-east-1"}:${env.accountId}:key/${ORACLE_KEY_ID}`;
}

/** Every Condition entry of the document: key (as written) and its values as strings. */
function conditionEntries(document: PolicyDocument): { operator: string; key: string; values: string[] }[] {
    return document.Statement.flatMap((s) => Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) =>
        Object.entries(keys).map(([key, values]) => ({ operator, key, values: (Array.isArray(values) ? values : [values]).map(String) }))));
}

/** Every string of a value, object keys included. */
export function allStrings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(allStrings);
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
    return [];
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The instant a time value of a policy stands for: a date (ISO text, or epoch seconds), or for a string pattern
 * (StringLike "2099-*", "5*") the first instant it matches, its wildcard and what follows filled in from the epoch.
 */
function instant(value: string): number | undefined {
    const wild = value.search(/[*?]/);
    const prefix = wild < 0 ? value : value.slice(0, wild);
    const text = wild < 0 ? value : /^\d+$/.test(prefix) ? prefix.padEnd(10, "0") : prefix + "1970-01-01T00:00:00Z".slice(prefix.length);
    if (/^\d+$/.test(text)) return Number(text) * 1000;
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : t;
}

/** The instants to try: now (rounded up to a whole second), just after, around each date of the policy from now on, year 9999. */
function instants(document: PolicyDocument, now: number): number[] {
    const start = Math.ceil(now / 1000) * 1000;
    const out = new Set([start, start + 1000, LAST_SECOND]);
    for (const e of conditionEntries(document)) {
        if (!TIME_KEYS.includes(e.key.toLowerCase())) continue;
        for (const v of e.values) {
            const t = instant(v);
            if (t === undefined) continue;
            for (const u of [t - 1000, t, t + 1000]) if (u >= start && u <= LAST_SECOND) out.add(u);
        }
    }
    return [...out].sort((a, b) => a - b);
}

/** A concrete request value that a policy value (a pattern, a CIDR) matches. */
function concrete(value: string): string {
    const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/\d{1,2}$/.exec(value);
    if (cidr) return cidr[1];
    return value.replace(/\*/g, "x").replace(/\?/g, "y");
}

/** A value that no policy value of the key matches. */
function stranger(values: string[]): string {
    return values.some((v) => /^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(v)) ? "203.0.113.99" : "kmskey-matches-nothing";
}

/**
 * Condition keys KMS sets only in requests about grants (kms:GrantIsForAWSResource: CreateGrant, ListGrants,
 * RevokeGrant; the others: CreateGrant): never in a PutKeyPolicy request, so absent in every world.
 */
const GRANT_ONLY_KEYS = [
    "kms:grantisforawsresource", "kms:grantoperations", "kms:granteeprincipal", "kms:granteeserviceprincipal", "kms:retiringprincipal",
    "kms:grantconstrainttype", "kms:grantconstraintsourcearn",
];

/** The unknown keys (first spelling of each) with the values to try for each; undefined means absent. */
function unknownKeys(document: PolicyDocument): [string, (string | undefined)[]][] {
    const byKey = new Map<string, { key: string; values: Set<string> }>();
    for (const e of conditionEntries(document)) {
        const lower = e.key.toLowerCase();
        if (KNOWN_KEYS.includes(lower) || GRANT_ONLY_KEYS.includes(lower)) continue;
        const entry = byKey.get(lower) ?? { key: e.key, values: new Set<string>() };
        e.values.forEach((v) => entry.values.add(concrete(v)));
        byKey.set(lower, entry);
    }
    return [...byKey.values()].map(({ key, values }) => [key, [undefined, ...values, stranger([...values])]]);
}

/** Every combination of the unknown keys' values. */
function combinations(keys: [string, (string | undefined)[]][]): Record<string, string>[] {
    return keys.reduce<Record<string, string>[]>((worlds, [key, values]) => worlds.flatMap((w) => values.map((v) => (v === undefined ? w : { ...w, [key]: v }))), [{}]);
}

/**
 * The ARNs the deployer's role could have that the policy names, in any case or as a pattern (a role name is unique
 * in its account whatever its path, so "role/ops/deployer" or "role/ops/*" name the role Deployer if its path is /ops/).
 */
function namedRoles(document: PolicyDocument, prefix: string, role: string): string[] {
    return allStrings(document).filter((s) => s.toLowerCase().startsWith(prefix.toLowerCase())).flatMap((s) => {
        const rest = s.slice(prefix.length).replace(/\*$/, role).replace(/\*/g, "x").replace(/\?/g, "y");
        const slash = rest.lastIndexOf("/");
        return rest.slice(slash + 1).toLowerCase() === role.toLowerCase() ? [`${prefix}${rest.slice(0, slash + 1)}${role}`] : [];
    });
}

/** The root, and the deployer (if known and not the root), each with the aws:PrincipalArn values it may have. */
function principals(document: PolicyDocument, env: OracleEnv): { who: Who; principal: string; arns: string[]; type: string }[] {
    const root = `arn:${env.partition}:iam::${env.accountId}:root`;
    const out: { who: Who; principal: string; arns: string[]; type: string }[] = [{ who: "root", principal: root, arns: [root], type: "Account" }];
    const caller = env.callerArn;
    if (!caller || caller === root) return out;
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller);
    if (session) {
        const [, partition, account, role] = session;
        const prefix = `arn:${partition}:iam::${account}:role/`;
        out.push({ who: "deployer", principal: caller, arns: [...new Set([`${prefix}${role}`, `${prefix}kmskey-oracle/${role}`, ...namedRoles(document, prefix, role)])], type: "AssumedRole" });
    } else {
        out.push({ who: "deployer", principal: caller, arns: [caller], type: /:user\//.test(caller) ? "User" : "FederatedUser" });
    }
    return out;
}

/** Every request the guard treats as possible, for the root and the deployer. */
export function possibleProbes(document: PolicyDocument, env: OracleEnv, now: number): Probe[] {
    const probes: Probe[] = [];
    const unknown = combinations(unknownKeys(document));
    for (const t of instants(document, now)) {
        for (const extra of unknown) {
            const world = JSON.stringify({ time: iso(t), ...extra });
            for (const p of principals(document, env)) {
                for (const arn of p.arns) {
                    probes.push({
                        who: p.who, principal: p.principal, world,
                        context: {
                            ...extra,
                            "aws:SecureTransport": "true", "aws:CurrentTime": iso(t), "aws:EpochTime": String(t / 1000),
                            "aws:PrincipalArn": arn, "aws:PrincipalAccount": env.accountId, "kms:CallerAccount": env.accountId, "aws:PrincipalType": p.type,
                        },
                    });
                }
            }
        }
    }
    return probes;
}

/** The simulator's decision on kms:PutKeyPolicy for one probe, the caller being an IAM administrator of its account. */
export async function simulatePutKeyPolicy(document: PolicyDocument, env: OracleEnv, probe: Probe): Promise<ProbeResult> {
    const result = await runSimulation({
        request: { principal: probe.principal, action: "kms:PutKeyPolicy", resource: { resource: oracleKeyArn(env), accountId: env.accountId }, contextVariables: probe.context },
        identityPolicies: [{ name: "iam-admin", policy: IAM_ADMIN_POLICY }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: document,
    }, {});
    if (result.resultType === "error") throw new Error(`iam-simulate refused ${JSON.stringify(probe)}: ${JSON.stringify(result.errors)}`);
    const ignored = result.resultType === "single" ? result.result.ignoredContextKeys ?? [] : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
    if (ignored.length) throw new Error(`iam-simulate ignores ${ignored.join(", ")} for kms:PutKeyPolicy, so the comparison would be vacuous`);
    return { ...probe, decision: result.overallResult as ProbeResult["decision"] };
}

export async function simulateAll(document: PolicyDocument, env: OracleEnv, probes: Probe[]): Promise<ProbeResult[]> {
    const results: ProbeResult[] = [];
    for (const probe of probes) results.push(await simulatePutKeyPolicy(document, env, probe));
    return results;
}

const describeProbe = (r: ProbeResult) => `${r.who} ${r.principal} as ${r.context["aws:PrincipalArn"]} in ${r.world}: ${r.decision}`;

/**
 * What the guard promises for a policy it accepted, checked with the simulator: in every possible world the root
 * (through the account's IAM) or the deployer may call kms:PutKeyPolicy, and no Deny applies to either of them.
 * Returns the broken promises (empty when kept).
 */
export async function brokenPromises(document: PolicyDocument, env: OracleEnv, now: number): Promise<string[]> {
    const results = await simulateAll(document, env, possibleProbes(document, env, now));
    const problems = results.filter((r) => r.decision === "ExplicitlyDenied").map((r) => `explicitly denied: ${describeProbe(r)}`);
    for (const world of new Set(results.map((r) => r.world))) {
        const here = results.filter((r) => r.world === world);
        const rootAllowed = here.some((r) => r.who === "root" && r.decision === "Allowed");
        const lockedDeployer = here.find((r) => r.who === "deployer" && r.decision !== "Allowed");
        const deployerAllowed = here.some((r) => r.who === "deployer") && !lockedDeployer;
        if (!rootAllowed && !deployerAllowed) {
            problems.push(`neither the root nor the deployer may call kms:PutKeyPolicy in ${world}: ${here.map(describeProbe).join("; ")}`);
        }
    }
    return problems;
}

/** The probes in which `who` may not call kms:PutKeyPolicy (for a policy the guard refused). */
export async function lostControl(document: PolicyDocument, env: OracleEnv, now: number, who: Who): Promise<ProbeResult[]> {
    const probes = possibleProbes(document, env, now).filter((p) => p.who === who);
    return (await simulateAll(document, env, probes)).filter((r) => r.decision !== "Allowed");
}

/**
 * The differential itself: builds the key policy with the lockout guard on; when the guard accepts it, asserts that
 * the simulator keeps kms:PutKeyPolicy for the root or the deployer in every possible context (brokenPromises).
 * Returns the accepted document (as KMS would receive it), or undefined when the input was refused (a KmsKeyError).
 */
export async function expectGuardUpheld(input: KeyPolicyInput, env: OracleEnv): Promise<PolicyDocument | undefined> {
    let document: PolicyDocument;
    try {
        document = JSON.parse(buildKeyPolicy({ ...input, bypassPolicyLockoutSafetyCheck: false }, env).json);
    } catch (e) {
        if (isKmsKeyError(e)) return undefined;
        throw e;
    }
    const problems = await brokenPromises(document, env, Date.now());
    expect(problems, `the guard accepted ${JSON.stringify(document)}, but:\n${problems.slice(0, 3).join("\n")}`).to.deep.equal([]);
    return document;
}
