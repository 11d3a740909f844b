import { checkAction } from "./actions";
import { checkCondition } from "./conditions";
import { PolicyDocument, Statement } from "./document";
import { fail, show } from "./errors";
import { checkPrincipalBlock } from "./principals";

// The IAM JSON policy grammar for key policies ("Grammar of the IAM JSON policy language",
// reference_policies_grammar.html), checked before anything reaches KMS.

export const DOCUMENT_KEYS = ["Version", "Id", "Statement"];
export const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
export const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"];

/** Sids: IAM documents A-Z, a-z and 0-9; KMS's own default key policy also uses spaces. */
const SID = /^[A-Za-z0-9 ]*$/;

function checkStringList(value: unknown, property: string, each: (v: string, at: string) => void): void {
    if (typeof value === "string") return each(value, property);
    if (!Array.isArray(value) || value.length === 0) fail(property, `${property}: expected a string or a non-empty list of strings, got ${show(value)}`);
    (value as unknown[]).forEach((v, i) => {
        if (typeof v !== "string") fail(`${property}[${i}]`, `${property}[${i}]: expected a string, got ${show(v)}`);
        each(v, `${property}[${i}]`);
    });
}

function checkResource(value: string, property: string): void {
    if (value !== "*" && !value.startsWith("arn:")) fail(property, `${property}: ${show(value)} is not a resource; in a key policy use "*" (this key) or an ARN`);
}

/** Exactly one of two elements (Principal/NotPrincipal, ...), or a message naming them. */
function exactlyOne(s: { [key: string]: unknown }, a: string, b: string, property: string, missing: string): void {
    if (s[a] !== undefined && s[b] !== undefined) fail(`${property}.${b}`, `${property}: ${a} and ${b} cannot both be given in one statement`);
    if (s[a] === undefined && s[b] === undefined) fail(`${property}.${a}`, `${missing} (${property})`);
}

/**
 * Checks a statement given by the user against the grammar and what KMS accepts: known elements, Effect,
 * one of each exclusive pair (CDK v2's messages where it has them), NotPrincipal only with Deny, principals
 * KMS accepts in `keyPartition` (undefined: not known yet), real KMS actions, resources and a valid Condition.
 */
export function checkStatement(statement: unknown, property: string, keyPartition: string | undefined): Statement {
    if (!statement || typeof statement !== "object" || Array.isArray(statement)) {
        fail(property, `${property}: a statement must be an object like {"Effect":"Allow","Principal":{...},"Action":[...],"Resource":"*"}; got ${show(statement)}`);
    }
    const s = statement as { [key: string]: unknown };
    const unknownKey = Object.keys(s).find((k) => !STATEMENT_KEYS.includes(k));
    if (unknownKey !== undefined) fail(`${property}.${unknownKey}`, `${property}: unknown statement element ${show(unknownKey)}; allowed: ${STATEMENT_KEYS.join(", ")}`);
    if (s.Sid !== undefined && (typeof s.Sid !== "string" || !SID.test(s.Sid) || s.Sid.length > 128)) {
        fail(`${property}.Sid`, `${property}.Sid: ${show(s.Sid)} is not a statement id; use up to 128 letters, digits and spaces`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") fail(`${property}.Effect`, `${property}.Effect: ${show(s.Effect)} must be "Allow" or "Deny"`);
    exactlyOne(s, "Principal", "NotPrincipal", property, "A PolicyStatement used in a resource-based policy must specify at least one IAM principal.");
    exactlyOne(s, "Action", "NotAction", property, "A PolicyStatement must specify at least one 'action' or 'notAction'.");
    exactlyOne(s, "Resource", "NotResource", property,
        "A PolicyStatement used in a resource-based policy must specify at least one resource. (in a key policy \"*\" means this key)");
    if (s.NotPrincipal !== undefined && s.Effect !== "Deny") {
        fail(`${property}.NotPrincipal`, `${property}.NotPrincipal: NotPrincipal is only allowed with "Effect": "Deny" (an Allow with NotPrincipal would allow everyone else)`);
    }
    for (const key of ["Principal", "NotPrincipal"]) if (s[key] !== undefined) checkPrincipalBlock(s[key], `${property}.${key}`, keyPartition);
    for (const key of ["Action", "NotAction"]) if (s[key] !== undefined) checkStringList(s[key], `${property}.${key}`, checkAction);
    for (const key of ["Resource", "NotResource"]) if (s[key] !== undefined) checkStringList(s[key], `${property}.${key}`, checkResource);
    if (s.Condition !== undefined) checkCondition(s.Condition, `${property}.Condition`);
    return s as unknown as Statement;
}

/** Reads a custom policy (an object or its JSON text) into a checked document; Version and Id are kept as given. */
export function checkPolicyDocument(policy: unknown, property: string, keyPartition: string | undefined): PolicyDocument {
    let document = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch (e) {
            fail(property, `${property}: not valid JSON (${(e as Error).message}); give a policy document object or its JSON text`);
        }
        const duplicate = duplicateKey(policy);
        if (duplicate) fail(property, `${property}: the JSON text gives ${show(duplicate)} twice in one object; JSON parsers keep only one, which would silently drop the other`);
    }
    if (!document || typeof document !== "object" || Array.isArray(document) || !("Statement" in document)) {
        fail(property, `${property}: expected a policy document with a Statement list, e.g. {"Version":"2012-10-17","Statement":[...]}; got ${show(document)}`);
    }
    const d = document as { [key: string]: unknown };
    const unknownKey = Object.keys(d).find((k) => !DOCUMENT_KEYS.includes(k));
    if (unknownKey !== undefined) fail(`${property}.${unknownKey}`, `${property}: unknown policy element ${show(unknownKey)}; allowed: ${DOCUMENT_KEYS.join(", ")}`);
    if (d.Version !== undefined && !POLICY_VERSIONS.includes(d.Version as string)) {
        fail(`${property}.Version`, `${property}.Version: ${show(d.Version)} is not a policy language version; use "2012-10-17" (or "2008-10-17")`);
    }
    if (d.Id !== undefined && (typeof d.Id !== "string" || d.Id.length > 128)) fail(`${property}.Id`, `${property}.Id: ${show(d.Id)} must be a string of at most 128 characters`);
    const list = d.Statement;
    if (!(Array.isArray(list) || (list && typeof list === "object"))) fail(`${property}.Statement`, `${property}.Statement: expected a statement or a list of statements, got ${show(list)}`);
    const statements = (Array.isArray(list) ? list : [list]).map((s, i) => checkStatement(s, `${property}.Statement[${i}]`, keyPartition));
    return { Version: (d.Version as string | undefined) ?? "2012-10-17", ...(d.Id !== undefined ? { Id: d.Id as string } : {}), Statement: statements };
}

/** The first key that a JSON text gives twice in one object, if any (JSON.parse would keep only the last). */
export function duplicateKey(text: string): string | undefined {
    // Only called on text JSON.parse accepted, so a linear scan of strings and brackets is enough.
    const objects: (Set<string> | undefined)[] = [];
    const string = /"(?:[^"\\]|\\.)*"/y;
    const colon = /\s*:/y;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "{" || c === "[") objects.push(c === "{" ? new Set() : undefined);
        else if (c === "}" || c === "]") objects.pop();
        else if (c === '"') {
            string.lastIndex = i;
            const literal = string.exec(text)![0];
            i += literal.length - 1;
            colon.lastIndex = i + 1;
            const keys = objects[objects.length - 1];
            if (keys && colon.test(text)) {
                const key = JSON.parse(literal) as string;
                if (keys.has(key)) return key;
                keys.add(key);
            }
        }
    }
    return undefined;
}
