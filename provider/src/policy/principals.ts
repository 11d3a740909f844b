import { KmsKeyError } from "./errors";

/** A policy principal block, e.g. {"AWS": "arn:aws:iam::111122223333:root"}. */
export type Principal = { AWS: string | string[] } | { Service: string | string[] } | { [type: string]: string | string[] };

const IAM_ARN = /^arn:aws(-[a-z]+)*:(iam|sts)::\d{12}:[^\s]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

export const PRINCIPAL_HELP =
    "use an IAM ARN (e.g. arn:aws:iam::111122223333:role/Name), a 12-digit account id, a service principal ending in .amazonaws.com, or \"*\"";

/** Turns one of our principal strings into a policy principal, or fails naming the property and value. */
export function toPrincipal(value: unknown, property: string, partition: string): Principal {
    if (typeof value === "string") {
        if (value === "*") return { AWS: "*" };
        if (IAM_ARN.test(value)) return { AWS: value };
        if (ACCOUNT_ID.test(value)) return { AWS: accountRootArn(partition, value) };
        if (SERVICE.test(value)) return { Service: value };
    }
    throw new KmsKeyError(property, `${property}: ${JSON.stringify(value)} is not a principal; ${PRINCIPAL_HELP}`);
}

export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/** Every principal id of a block, by type ("AWS" → ["arn:..."]); a bare "*" principal means {AWS: "*"}. */
export function principalIds(principal: unknown): { [type: string]: string[] } {
    if (principal === "*") return { AWS: ["*"] };
    const out: { [type: string]: string[] } = {};
    if (principal && typeof principal === "object") {
        for (const [type, ids] of Object.entries(principal as object)) {
            out[type] = (Array.isArray(ids) ? ids : [ids]).filter((x): x is string => typeof x === "string");
        }
    }
    return out;
}
