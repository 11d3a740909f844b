import { globMatches } from "./actions";
import { ACCOUNT_ID, parseArn } from "./arns";
import { ConditionBlock, Scalar } from "./document";
import { fail, show } from "./errors";

// IAM Condition blocks as data: the operators and qualifiers of "IAM JSON policy elements: Condition
// operators" (reference_policies_elements_condition_operators.html), their grammar, which conditions
// restrict a public ("*") principal, and a three-valued evaluator for the lockout guard.

type Family = "string" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";
type Compare = "equals" | "equalsIgnoreCase" | "like" | "lessThan" | "lessThanEquals" | "greaterThan" | "greaterThanEquals" | "present";

interface Operator {
    family: Family;
    compare: Compare;
    /** Not... operators: true when the value matches none of the policy values. */
    negated: boolean;
}

const op = (family: Family, compare: Compare, negated = false): Operator => ({ family, compare, negated });

/** Every IAM condition operator (names are case-sensitive, as IAM writes them). */
export const CONDITION_OPERATORS: { readonly [name: string]: Operator } = Object.freeze({
    StringEquals: op("string", "equals"), StringNotEquals: op("string", "equals", true),
    StringEqualsIgnoreCase: op("string", "equalsIgnoreCase"), StringNotEqualsIgnoreCase: op("string", "equalsIgnoreCase", true),
    StringLike: op("string", "like"), StringNotLike: op("string", "like", true),
    NumericEquals: op("numeric", "equals"), NumericNotEquals: op("numeric", "equals", true),
    NumericLessThan: op("numeric", "lessThan"), NumericLessThanEquals: op("numeric", "lessThanEquals"),
    NumericGreaterThan: op("numeric", "greaterThan"), NumericGreaterThanEquals: op("numeric", "greaterThanEquals"),
    DateEquals: op("date", "equals"), DateNotEquals: op("date", "equals", true),
    DateLessThan: op("date", "lessThan"), DateLessThanEquals: op("date", "lessThanEquals"),
    DateGreaterThan: op("date", "greaterThan"), DateGreaterThanEquals: op("date", "greaterThanEquals"),
    Bool: op("bool", "equals"),
    BinaryEquals: op("binary", "equals"),
    IpAddress: op("ip", "like"), NotIpAddress: op("ip", "like", true),
    ArnEquals: op("arn", "like"), ArnLike: op("arn", "like"), ArnNotEquals: op("arn", "like", true), ArnNotLike: op("arn", "like", true),
    Null: op("null", "present"),
});

/** Set qualifiers, for multivalued keys. */
export const SET_QUALIFIERS = ["ForAnyValue:", "ForAllValues:"] as const;

export interface ParsedOperator {
    name: string;
    base: string;
    operator: Operator;
    ifExists: boolean;
    qualifier?: (typeof SET_QUALIFIERS)[number];
}

/** Reads `ForAllValues:StringLikeIfExists` into its parts, or undefined when it is not an IAM operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
    const qualifier = SET_QUALIFIERS.find((q) => name.startsWith(q));
    let base = qualifier ? name.slice(qualifier.length) : name;
    const ifExists = base.endsWith("IfExists") && base !== "IfExists";
    if (ifExists) base = base.slice(0, -"IfExists".length);
    if (!Object.prototype.hasOwnProperty.call(CONDITION_OPERATORS, base)) return undefined;
    const operator = CONDITION_OPERATORS[base];
    if (operator.family === "null" && (ifExists || qualifier)) return undefined; // Null takes no qualifier
    return { name, base, operator, ifExists, qualifier };
}


const CONDITION_KEY = /^[A-Za-z0-9.-]+:[^\s]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9A-Fa-f:]+(\/\d{1,3})?)$/;

function isTrueFalse(v: Scalar): boolean {
    return typeof v === "boolean" || (typeof v === "string" && /^(true|false)$/i.test(v));
}

function parseDate(v: Scalar): number | undefined {
    if (typeof v === "number") return Number.isFinite(v) ? v * 1000 : undefined;
    if (typeof v !== "string") return undefined;
    if (/^\d+$/.test(v)) return Number(v) * 1000;
    if (!ISO_DATE.test(v)) return undefined;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
}

function parseNumber(v: Scalar): number | undefined {
    if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return undefined;
}

/** Whether a value suits its operator's family (e.g. a date for DateLessThan); policy variables are fine. */
function valueFits(family: Family, v: Scalar): boolean {
    if (typeof v === "string" && v.includes("${")) return true;
    switch (family) {
        case "bool": case "null": return isTrueFalse(v);
        case "numeric": return parseNumber(v) !== undefined;
        case "date": return parseDate(v) !== undefined;
        case "ip": return typeof v === "string" && CIDR.test(v);
        default: return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
    }
}

const FAMILY_HELP: { [family in Family]: string } = {
    string: "a string", numeric: "a number", date: "a date (ISO 8601, e.g. 2027-01-01T00:00:00Z, or epoch seconds)",
    bool: "true or false", binary: "a base64 string", ip: "an IP address or CIDR block", arn: "an ARN", null: "true or false",
};

/** Checks a Condition block against the policy grammar: known operators, condition keys, values of the right kind. */
export function checkCondition(condition: unknown, property: string): ConditionBlock {
    if (!condition || typeof condition !== "object" || Array.isArray(condition)) {
        fail(property, `${property}: a Condition is an object of operator → {condition key: value or list of values}, e.g. {"StringEquals": {"aws:SourceAccount": "111122223333"}}; got ${show(condition)}`);
    }
    for (const [name, keys] of Object.entries(condition as object)) {
        const where = `${property}.${name}`;
        const parsed = parseOperator(name);
        if (!parsed) {
            fail(where, `${where}: ${show(name)} is not an IAM condition operator; allowed: ${Object.keys(CONDITION_OPERATORS).join(", ")} ` +
                `(with an optional IfExists suffix and ForAnyValue:/ForAllValues: prefix, except for Null)`);
        }
        if (!keys || typeof keys !== "object" || Array.isArray(keys) || Object.keys(keys).length === 0) {
            fail(where, `${where}: expected an object of condition key → value or list of values, got ${show(keys)}`);
        }
        for (const [key, values] of Object.entries(keys as object)) {
            const at = `${where}["${key}"]`;
            if (!CONDITION_KEY.test(key) || key.length > 256) fail(at, `${at}: ${show(key)} is not a condition key; keys look like "aws:SourceAccount" or "kms:ViaService"`);
            const list: unknown[] = Array.isArray(values) ? values : [values];
            if (list.length === 0) fail(at, `${at}: an empty list of values matches nothing; give at least one value`);
            list.forEach((v) => {
                if (!(typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))) {
                    fail(at, `${at}: ${show(v)} is not a condition value (a string, number or boolean)`);
                }
                if (!valueFits(parsed.operator.family, v as Scalar)) fail(at, `${at}: ${show(v)} is not valid for ${parsed.base}: expected ${FAMILY_HELP[parsed.operator.family]}`);
            });
        }
    }
    return condition as ConditionBlock;
}

// --- Which conditions restrict a public principal ---------------------------------------------------------

/** Condition keys that restrict who (or on whose behalf) a "*" principal may act, with what makes a value specific. */
const RESTRICTING_KEYS: { readonly [lowerKey: string]: { name: string; specific: (v: string) => boolean } } = (() => {
    const account = (v: string) => ACCOUNT_ID.test(v);
    const org = (v: string) => /^o-[a-z0-9]{10,32}$/.test(v);
    const orgPath = (v: string) => /^o-[a-z0-9]{10,32}\//.test(v);
    const arnInAccount = (v: string) => {
        const arn = parseArn(v);
        return !!arn && !/[*?]/.test(arn.partition + arn.service) && account(arn.account);
    };
    const sourceArn = (v: string) => {
        const arn = parseArn(v);
        if (!arn || /[*?]/.test(arn.partition + arn.service)) return false;
        // Global resources (an S3 bucket) have no account: the resource name itself must be literal.
        return account(arn.account) || (arn.account === "" && /^[^*?]{3,}/.test(arn.resource));
    };
    const keys: [string, (v: string) => boolean][] = [
        ["aws:PrincipalOrgID", org], ["aws:PrincipalOrgPaths", orgPath], ["aws:PrincipalAccount", account],
        ["aws:PrincipalArn", arnInAccount], ["kms:CallerAccount", account], ["aws:SourceAccount", account],
        ["aws:SourceArn", sourceArn], ["aws:SourceOrgID", org],
    ];
    return Object.freeze(Object.fromEntries(keys.map(([name, specific]) => [name.toLowerCase(), { name, specific }])));
})();

export const RESTRICTING_KEY_NAMES = Object.values(RESTRICTING_KEYS).map((k) => k.name);

/** Operators that only pass when the key is present and matches (no IfExists, no ForAllValues). */
const RESTRICTING_OPERATORS = ["StringEquals", "StringLike", "ArnEquals", "ArnLike"];

/**
 * Whether a Condition restricts who can use a statement: a positive operator (StringEquals, StringLike,
 * ArnEquals, ArnLike, without IfExists, which passes when the key is absent) on one of the restricting
 * keys, every value a specific account, organization or ARN (no wildcard standing for the account, no
 * policy variable that always matches).
 */
export function restrictsPrincipal(condition: ConditionBlock | undefined): boolean {
    if (!condition) return false;
    return Object.entries(condition).some(([name, keys]) => {
        const parsed = parseOperator(name);
        if (!parsed || parsed.ifExists || parsed.qualifier === "ForAllValues:" || !RESTRICTING_OPERATORS.includes(parsed.base)) return false;
        return Object.entries(keys).some(([key, values]) => {
            const rule = RESTRICTING_KEYS[key.toLowerCase()];
            const list = Array.isArray(values) ? values : [values];
            return !!rule && list.every((v) => typeof v === "string" && !v.includes("${") && rule.specific(v));
        });
    });
}

// --- Evaluation for the lockout guard ---------------------------------------------------------------------

/**
 * What is known about a request: for each known condition key (lower case), the values it may have. The
 * real value is one of `samples`, unless `open` (e.g. an assumed-role's role ARN, whose path is unknown);
 * time keys are given as the instant now, and stand for every later instant too.
 */
export interface KnownKey {
    samples: string[];
    open?: boolean;
    /** For an open key: whether a policy value could be its real value (then it is tried as a sample). */
    couldBe?: (value: string) => boolean;
    /** A time key: aws:CurrentTime (ISO) or aws:EpochTime (seconds), from `now` on, forever. */
    time?: "iso" | "epoch";
}

export type RequestFacts = { [lowerKey: string]: KnownKey };

/** A three-valued truth: whether the condition can hold in some possible request, and whether it always holds. */
export interface Truth {
    can: boolean;
    always: boolean;
}

const UNKNOWN: Truth = { can: true, always: false };

function compareNumbers(compare: Compare, a: number, b: number): boolean {
    switch (compare) {
        case "equals": return a === b;
        case "lessThan": return a < b;
        case "lessThanEquals": return a <= b;
        case "greaterThan": return a > b;
        case "greaterThanEquals": return a >= b;
        default: return false;
    }
}

function arnLike(pattern: string, value: string): boolean {
    const p = pattern.split(":");
    const v = value.split(":");
    if (p.length < 6 || v.length < 6) return false;
    const parts = (x: string[]) => [...x.slice(0, 5), x.slice(5).join(":")];
    const [pp, vv] = [parts(p), parts(v)];
    return pp.every((part, i) => globMatches(part, vv[i], false));
}

/** Whether one request value matches one policy value under the operator; undefined when it cannot be told. */
function matchOne(operator: Operator, requestValue: string, policyValue: Scalar): boolean | undefined {
    if (typeof policyValue === "string" && policyValue.includes("${")) return undefined;
    const pv = String(policyValue);
    switch (operator.family) {
        case "string":
            if (operator.compare === "equals") return requestValue === pv;
            if (operator.compare === "equalsIgnoreCase") return requestValue.toLowerCase() === pv.toLowerCase();
            return globMatches(pv, requestValue, false);
        case "arn": return arnLike(pv, requestValue);
        case "bool": return requestValue.toLowerCase() === pv.toLowerCase();
        case "numeric": {
            const [a, b] = [parseNumber(requestValue), parseNumber(policyValue)];
            return a === undefined || b === undefined ? undefined : compareNumbers(operator.compare, a, b);
        }
        case "date": {
            const [a, b] = [parseDate(requestValue), parseDate(policyValue)];
            return a === undefined || b === undefined ? undefined : compareNumbers(operator.compare, a, b);
        }
        default: return undefined;
    }
}

/** The instants to try for a time key: now, each policy instant and its neighbours, and the far future. */
function timeSamples(fact: KnownKey, values: Scalar[], now: number): string[] {
    const instants = new Set<number>([now, 253402300799000]);
    for (const v of values) {
        const t = parseDate(v);
        if (t === undefined) continue;
        for (const u of [t - 1000, t, t + 1000]) if (u >= now) instants.add(u);
    }
    return [...instants].map((t) => (fact.time === "epoch" ? String(Math.floor(t / 1000)) : new Date(t).toISOString()));
}

/** Evaluates one operator on one key with its policy values. */
function evaluateKey(parsed: ParsedOperator, key: string, values: Scalar[], facts: RequestFacts, now: number): Truth {
    const fact = facts[key.toLowerCase()];
    if (parsed.operator.family === "null") {
        // Null "true": the key is absent. The known keys are always present in the deploying request.
        if (!fact) return UNKNOWN;
        const absentWanted = values.map((v) => String(v).toLowerCase() === "true");
        const holds = absentWanted.some((w) => !w);
        return { can: holds, always: holds };
    }
    if (!fact) return UNKNOWN;
    // A time compared as a string (StringLike "2099-*") holds at some instants the samples would miss: unknown.
    if (fact.time && parsed.operator.family !== "date" && parsed.operator.family !== "numeric") return UNKNOWN;
    const samples = fact.time ? timeSamples(fact, values, now)
        : [...fact.samples, ...values.filter((v): v is string => typeof v === "string" && !!fact.couldBe?.(v))];
    // For time keys a numeric comparison on EpochTime works on seconds; dates compare as instants.
    const matches = samples.map((s) => {
        const results = values.map((v) => matchOne(parsed.operator, s, v));
        if (results.some((r) => r === true)) return true;
        return results.some((r) => r === undefined) ? undefined : false;
    });
    if (matches.some((m) => m === undefined)) return UNKNOWN;
    const openMatch = !!fact.open && values.some((v) => typeof v !== "string" || /[*?]/.test(v));
    const canMatch = matches.some((m) => m) || openMatch;
    const alwaysMatch = matches.every((m) => m);
    return parsed.operator.negated ? { can: !alwaysMatch, always: !canMatch } : { can: canMatch, always: alwaysMatch };
}

/**
 * Evaluates a Condition block for a request about which `facts` are certain, now and at every later time.
 * Unknown keys (a tag, a source IP, ...) may be anything: a condition on them can hold and may not.
 */
export function evaluateCondition(condition: ConditionBlock | undefined, facts: RequestFacts, now: number): Truth {
    let can = true;
    let always = true;
    for (const [name, keys] of Object.entries(condition ?? {})) {
        const parsed = parseOperator(name);
        if (!parsed) return UNKNOWN;
        for (const [key, values] of Object.entries(keys)) {
            const t = evaluateKey(parsed, key, Array.isArray(values) ? values : [values], facts, now);
            can &&= t.can;
            always &&= t.always;
        }
    }
    return { can, always };
}
