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
    Condition?: { [operator: string]: { [key: string]: unknown } };
}

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

/** The size KMS counts: the UTF-8 bytes of the JSON text. */
export function policyBytes(document: PolicyDocument): number {
    return Buffer.byteLength(JSON.stringify(document), "utf8");
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
 */
export function mergePrincipals(statements: Statement[]): Statement[] {
    const merged: Statement[] = [];
    const byRest = new Map<string, Statement>();
    for (const s of statements) {
        if (s.Principal === undefined || s.Principal === "*" || typeof s.Principal !== "object") {
            merged.push(s);
            continue;
        }
        const { Principal, ...rest } = s;
        const key = canonicalJson(rest);
        const into = byRest.get(key);
        if (!into) {
            const copy = { ...s, Principal: { ...(Principal as object) } };
            byRest.set(key, copy);
            merged.push(copy);
            continue;
        }
        const target = into.Principal as { [type: string]: string | string[] };
        for (const [type, ids] of Object.entries(Principal as object)) {
            const all = [...new Set([...asList(target[type]), ...asList(ids as string | string[])])];
            target[type] = all.length === 1 ? all[0] : all;
        }
    }
    return merged;
}
