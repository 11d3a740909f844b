// Semantic equality of key policies: a policy means the set of its (effect, principal, action, resource,
// condition) permissions, whatever the order of statements, the grouping of principals/actions/resources
// into statements, duplicates, Sids, or the string-vs-list rendering of single values.

export interface Permission {
    effect: string;
    principal: string;
    action: string;
    resource: string;
    condition: string;
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** JSON with object keys sorted. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value && typeof value === "object") {
        return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/** A principal id in canonical form: a bare account id means that account's root (IAM rewrites it so). */
function principalId(type: string, id: string): string {
    if (type === "AWS" && /^\d{12}$/.test(id)) return `AWS:arn:aws:iam::${id}:root`;
    return `${type}:${id}`;
}

/** The principals of a statement, one entry each; a NotPrincipal block is kept whole (its meaning is the complement). */
export function principalsOf(statement: { [k: string]: unknown }): string[] {
    const expand = (block: unknown): string[] => {
        if (block === "*") return ["AWS:*"];
        if (!block || typeof block !== "object") return [`?:${JSON.stringify(block)}`];
        return Object.entries(block as object).flatMap(([type, ids]) => asList(ids).map((id) => principalId(type, String(id))));
    };
    if (statement.NotPrincipal !== undefined) return [`NotPrincipal:${JSON.stringify(expand(statement.NotPrincipal).sort())}`];
    return expand(statement.Principal);
}

function listOrNot(statement: { [k: string]: unknown }, key: string, normalize: (s: string) => string): string[] {
    if (statement[`Not${key}`] !== undefined) {
        return [`Not${key}:${JSON.stringify(asList(statement[`Not${key}`]).map((v) => normalize(String(v))).sort())}`];
    }
    return asList(statement[key]).map((v) => normalize(String(v)));
}

/** A condition block in canonical form: condition keys lower-cased, each value list as a sorted list of strings. */
export function canonicalCondition(condition: unknown): string {
    if (condition === undefined) return "{}";
    const out: { [op: string]: { [key: string]: string[] } } = {};
    for (const [op, block] of Object.entries(condition as object)) {
        out[op] = {};
        for (const [key, values] of Object.entries(block as object)) {
            out[op][key.toLowerCase()] = asList(values).map(String).sort();
        }
    }
    return canonicalJson(out);
}

/** Every permission of a policy document, canonical and de-duplicated, sorted (so deep.equal compares sets). */
export function permissions(document: unknown): string[] {
    const statements = asList((document as { Statement?: unknown })?.Statement) as { [k: string]: unknown }[];
    const out = new Set<string>();
    for (const s of statements) {
        const condition = canonicalCondition(s.Condition);
        for (const principal of principalsOf(s)) {
            for (const action of listOrNot(s, "Action", (a) => a.toLowerCase())) {
                for (const resource of listOrNot(s, "Resource", (r) => r)) {
                    out.add(JSON.stringify([s.Effect, principal, action, resource, condition]));
                }
            }
        }
    }
    return [...out].sort();
}

/** The permissions of `document` whose principal is `principal` (canonical form, e.g. "AWS:arn:aws:iam::1:role/x"). */
export function permissionsOf(document: unknown, principal: string): string[] {
    return permissions(document).filter((p) => JSON.parse(p)[1] === principal);
}
