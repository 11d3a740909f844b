// Plain IAM policy documents: their shape, canonical form, and the checks KMS applies to key policies.

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: ConditionBlock;
}

/** A condition value as the grammar allows it: a string, number or boolean, or a list of them. */
export type Scalar = string | number | boolean;
export type ConditionBlock = { [operator: string]: { [key: string]: Scalar | Scalar[] } };

export interface PolicyDocument {
    Version: string;
    Id?: string;
    Statement: Statement[];
}

export const POLICY_VERSION = "2012-10-17";

/** KMS's limit on a key policy, in bytes. */
export const MAX_KEY_POLICY_BYTES = 32768;

/** JSON with object keys sorted, so equal statements compare equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value && typeof value === "object") {
        return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * The size KMS counts: the UTF-8 bytes of the JSON text as KMS receives it. The AWS provider normalizes the
 * policy with Go's encoding/json (terraform-provider-aws internal/service/kms/key.go), which writes <, > and &
 * as \u003c, \u003e, \u0026 and U+2028/U+2029 as \u2028/\u2029: six bytes each.
 */
export function policyBytes(document: PolicyDocument | Statement[]): number {
    return goJsonBytes(JSON.stringify(document));
}

export function goJsonBytes(json: string): number {
    let bytes = Buffer.byteLength(json, "utf8");
    for (const c of json) {
        if (c === "<" || c === ">" || c === "&") bytes += 5;
        else if (c === "\u2028" || c === "\u2029") bytes += 3;
    }
    return bytes;
}

/** KMS takes only printable characters U+0020-U+00FF, tab, LF and CR in a key policy (CreateKey, PutKeyPolicy). */
const POLICY_CHARACTERS = /^[\t\n\r\x20-\xFF]*$/;

/** The first string (key or value) in a policy with a character KMS refuses, with where it is. */
export function badCharacter(value: unknown, path: string): { path: string; value: string } | undefined {
    if (typeof value === "string") return POLICY_CHARACTERS.test(value) ? undefined : { path, value };
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const found = badCharacter(value[i], `${path}[${i}]`);
            if (found) return found;
        }
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            const found = POLICY_CHARACTERS.test(k) ? badCharacter(v, `${path}.${k}`) : { path, value: k };
            if (found) return found;
        }
    }
    return undefined;
}

export function asList<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Drops statements identical to an earlier one, as CDK's PolicyDocument does. */
export function dedupeStatements(statements: Statement[]): Statement[] {
    const seen = new Set<string>();
    return statements.filter((s) => {
        const key = canonicalJson(s);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * Merges statements that differ only in their Principal into one statement with the union of the
 * principals, at the place of the first. A principal block is a disjunction, so the meaning is the same.
 * Linear: principals are collected in sets and written out once.
 */
export function mergePrincipals(statements: Statement[]): Statement[] {
    const merged: (Statement | { principals: Map<string, Set<string>>; rest: Omit<Statement, "Principal"> })[] = [];
    const byRest = new Map<string, { principals: Map<string, Set<string>>; rest: Omit<Statement, "Principal"> }>();
    for (const s of statements) {
        if (s.Principal === undefined || s.Principal === "*" || typeof s.Principal !== "object") {
            merged.push(s);
            continue;
        }
        const { Principal, ...rest } = s;
        const key = canonicalJson(rest);
        let group = byRest.get(key);
        if (!group) {
            group = { principals: new Map(), rest };
            byRest.set(key, group);
            merged.push(group);
        }
        for (const [type, ids] of Object.entries(Principal as object)) {
            let set = group.principals.get(type);
            if (!set) group.principals.set(type, (set = new Set()));
            for (const id of asList(ids as string | string[])) set.add(id);
        }
    }
    return merged.map((m) => {
        if (!("principals" in m)) return m;
        const Principal = Object.fromEntries([...m.principals].map(([type, ids]) => [type, ids.size === 1 ? [...ids][0] : [...ids]]));
        return { ...m.rest, Principal } as Statement;
    });
}
