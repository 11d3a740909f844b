import { actionMatches, globMatches } from "./actions";
import { parseArn } from "./arns";
import { RequestFacts, evaluateCondition, parseOperator } from "./conditions";
import { Statement, asList } from "./document";
import { accountRootArn, principalIds } from "./principals";

// The lockout guard: would the account lose kms:PutKeyPolicy on its key, now or at any later time?
// Each statement is evaluated for the account root and the deployer against what is certain about their
// requests (IAM policy evaluation, reference_policies_evaluation-logic.html): TLS, the time from now on,
// and who they are. Anything else may or may not hold. A guarded principal keeps control when an Allow
// certainly gives it PutKeyPolicy, forever, and no Deny possibly takes it away, ever.

const PUT_KEY_POLICY = "kms:PutKeyPolicy";

/** Where the key is created, for the guard. */
export interface GuardEnv {
    accountId: string;
    partition: string;
    region?: string;
    callerArn?: string;
}

/** A principal whose loss of kms:PutKeyPolicy is a lockout. */
export interface GuardedPrincipal {
    /** e.g. "the account root arn:aws:iam::111122223333:root". */
    label: string;
    /** Whether a Principal id names this principal itself (an Allow needs this). */
    isNamedBy(id: string): boolean;
    /** Whether a NotPrincipal list spares it: IAM needs the principal and its account listed. */
    isSparedBy(ids: string[]): boolean;
    account: string;
    facts: RequestFacts;
}

function baseFacts(account: string, principalArn: RequestFacts[string], type: string): RequestFacts {
    return {
        "aws:securetransport": { samples: ["true"] },
        "aws:currenttime": { samples: [], time: "iso" },
        "aws:epochtime": { samples: [], time: "epoch" },
        "aws:principalarn": principalArn,
        "aws:principalaccount": { samples: [account] },
        "kms:calleraccount": { samples: [account] },
        "aws:principaltype": { samples: [type] },
    };
}

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The account root and the deployer (sts:GetCallerIdentity's ARN), as the guard sees them. */
export function guardedPrincipals(env: GuardEnv): GuardedPrincipal[] {
    const root = accountRootArn(env.partition, env.accountId);
    const namesAccount = (account: string) => (id: string) => id === accountRootArn(env.partition, account) || id === account;
    const principals: GuardedPrincipal[] = [{
        label: `the account root ${root}`,
        isNamedBy: namesAccount(env.accountId),
        isSparedBy: (ids) => ids.some(namesAccount(env.accountId)),
        account: env.accountId,
        facts: baseFacts(env.accountId, { samples: [root] }, "Account"),
    }];
    const arn = env.callerArn ? parseArn(env.callerArn) : undefined;
    if (!env.callerArn || !arn || env.callerArn === root) return principals;
    const caller = env.callerArn;
    const account = arn.account;
    const [kind, roleName] = arn.resource.split("/");
    // IAM user and role names are unique without regard to case, so a Principal in another case names them too.
    let isSelf = (id: string) => id.toLowerCase() === caller.toLowerCase();
    let principalArn: RequestFacts[string] = { samples: [caller] };
    let type = kind === "user" ? "User" : kind === "federated-user" ? "FederatedUser" : "AssumedRole";
    if (arn.service === "sts" && kind === "assumed-role" && roleName) {
        // A session ARN carries no role path (IAM identifiers): role/<any path>/<name> is the deployer's role.
        const role = new RegExp(`^arn:${escape(arn.partition)}:iam::${account}:role/(?:[^*?]*/)?${escape(roleName)}$`, "i");
        isSelf = (id) => id.toLowerCase() === caller.toLowerCase() || role.test(id);
        // aws:PrincipalArn of a session is its role's ARN, whose path is not known here.
        principalArn = {
            samples: [`arn:${arn.partition}:iam::${account}:role/${roleName}`, `arn:${arn.partition}:iam::${account}:role/kmskey-unknown-path/${roleName}`],
            open: true, couldBe: (v) => role.test(v),
        };
        type = "AssumedRole";
    }
    principals.push({
        label: `the deploying principal ${caller}`,
        isNamedBy: isSelf,
        isSparedBy: (ids) => ids.some(isSelf) && ids.some(namesAccount(account)),
        account,
        facts: baseFacts(account, principalArn, type),
    });
    return principals;
}

/** Whether a statement's principal element covers `p`: `certain` for an Allow, possibly for a Deny. */
function coversPrincipal(s: Statement, p: GuardedPrincipal, effect: "Allow" | "Deny"): boolean {
    if (s.NotPrincipal !== undefined) return !p.isSparedBy(principalIds(s.NotPrincipal).AWS ?? []);
    const ids = principalIds(s.Principal).AWS ?? [];
    // An account as principal delegates an Allow to IAM, but a Deny to the account reaches everyone in it.
    return ids.some((id) => id === "*" || p.isNamedBy(id) || (effect === "Deny" && (id === p.account || id === accountRootArn(parseArn(id)?.partition ?? "", p.account))));
}

/** Whether a statement's Action (or NotAction) covers `action`. */
export function coversAction(s: Statement, action: string): boolean {
    return s.NotAction !== undefined
        ? !asList(s.NotAction).some((a) => actionMatches(a, action))
        : asList(s.Action).some((a) => actionMatches(a, action));
}

function coversPutKeyPolicy(s: Statement): boolean {
    return coversAction(s, PUT_KEY_POLICY);
}

/** Sample ARNs of the key (its id is not known before it exists): a pattern matching both matches it. */
function keyArns(env: GuardEnv): string[] {
    const region = env.region ?? "us-east-1";
    return ["1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-0123456789abcdef0123456789abcdef"]
        .map((id) => `arn:${env.partition}:kms:${region}:${env.accountId}:key/${id}`);
}

/** Whether a resource pattern certainly matches this key / could match it. */
function certainlyThisKey(pattern: string, env: GuardEnv): boolean {
    return pattern === "*" || (env.region !== undefined && keyArns(env).every((arn) => globMatches(pattern, arn, false)));
}

function possiblyThisKey(pattern: string, env: GuardEnv): boolean {
    if (pattern === "*" || /^arn:[^:]*\*/.test(pattern)) return true;
    const arn = parseArn(pattern);
    if (!arn) return false;
    const fits = (part: string, value: string | undefined) => value === undefined || /[*?]/.test(part) ? true : part === value;
    return globMatches(arn.partition, env.partition, false) && fits(arn.service, "kms") && fits(arn.region, env.region) &&
        globMatches(arn.account, env.accountId, false) && (/[*?]/.test(arn.resource) ? true : arn.resource.startsWith("key/"));
}

function coversKey(s: Statement, env: GuardEnv, effect: "Allow" | "Deny"): boolean {
    if (s.NotResource !== undefined) {
        const list = asList(s.NotResource);
        // NotResource: the statement covers the key unless a listed pattern matches it.
        return effect === "Allow" ? !list.some((r) => possiblyThisKey(r, env)) : !list.some((r) => certainlyThisKey(r, env));
    }
    const list = asList(s.Resource);
    return effect === "Allow" ? list.some((r) => certainlyThisKey(r, env)) : list.some((r) => possiblyThisKey(r, env));
}

/** Why a Deny's condition can hold for `p`: the keys whose conditions can hold, or "it has no Condition". */
function whyDenyHolds(s: Statement, p: GuardedPrincipal, now: number): string {
    if (!s.Condition || Object.keys(s.Condition).length === 0) return "it has no condition that excludes them";
    const reasons: string[] = [];
    for (const [name, keys] of Object.entries(s.Condition)) {
        for (const [key, values] of Object.entries(keys)) {
            if (!evaluateCondition({ [name]: { [key]: values } }, p.facts, now).can) continue;
            const known = p.facts[key.toLowerCase()];
            const what = `${name} ${key} ${JSON.stringify(values)}`;
            reasons.push(!known || !parseOperator(name)
                ? `${what} (the guard cannot know ${key}, so it may hold)`
                : known.time ? `${what} (holds now or at a later time)` : `${what} (holds for them)`);
        }
    }
    return `its Condition can hold: ${reasons.join(" and ")}`;
}

export interface LockoutFinding {
    /** The index of the statement at fault (a Deny), or undefined when no Allow keeps control. */
    statement?: number;
    message: string;
}

/**
 * Finds a lockout: a Deny that possibly takes kms:PutKeyPolicy from the root or the deployer, now or
 * later; or no Allow that certainly gives it to one of them forever. Undefined when control is kept.
 */
export function findLockout(statements: Statement[], env: GuardEnv, now = Date.now()): LockoutFinding | undefined {
    const principals = guardedPrincipals(env);
    for (const p of principals) {
        const denyAt = statements.findIndex((s) => s.Effect === "Deny" && coversPrincipal(s, p, "Deny") && coversPutKeyPolicy(s) &&
            coversKey(s, env, "Deny") && evaluateCondition(s.Condition, p.facts, now).can);
        if (denyAt >= 0) {
            return { statement: denyAt, message: `a Deny of kms:PutKeyPolicy applies to ${p.label}: ${whyDenyHolds(statements[denyAt], p, now)}` };
        }
    }
    const kept = principals.some((p) => statements.some((s) => s.Effect === "Allow" && coversPrincipal(s, p, "Allow") && coversPutKeyPolicy(s) &&
        coversKey(s, env, "Allow") && evaluateCondition(s.Condition, p.facts, now).always));
    if (kept) return undefined;
    return {
        message: `no Allow statement certainly gives kms:PutKeyPolicy (or kms:* / kms:Put*) with Resource "*" to ${principals.map((p) => p.label).join(" or ")}, ` +
            `now and later (an Allow only counts without a condition that could fail, e.g. one on a tag, a source IP or a time)`,
    };
}
