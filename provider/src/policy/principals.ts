import { ACCOUNT_ID, parseArn } from "./arns";
import { KmsKeyError, show } from "./errors";

// What a KMS key policy accepts as a principal, and how our principal strings become principal blocks.
// AWS: "Changing a key policy" (key-policy-modifying.html) and "AWS JSON policy elements: Principal"
// (reference_policies_elements_principal.html): account ids and roots, IAM roles and users, assumed-role
// sessions, federated users and identity providers, service principals and "*". IAM groups, instance
// profiles and other resources are refused by KMS (MalformedPolicyDocumentException), and so are
// wildcards inside an ARN and principals of another partition.

/** A policy principal block, e.g. {"AWS": "arn:aws:iam::111122223333:root"}. */
export type Principal = { AWS: string | string[] } | { Service: string | string[] } | { [type: string]: string | string[] };

/** The principal types of the policy grammar. */
export const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;

/** The AWS partitions, with the suffixes their service principals use. */
export const PARTITIONS: { readonly [partition: string]: readonly string[] } = Object.freeze({
    "aws": [".amazonaws.com"],
    // China: service principals end in .amazonaws.com.cn; some services also use .amazonaws.com there.
    "aws-cn": [".amazonaws.com.cn", ".amazonaws.com"],
    "aws-us-gov": [".amazonaws.com"],
    "aws-iso": [".amazonaws.com"],
    "aws-iso-b": [".amazonaws.com"],
    "aws-iso-e": [".amazonaws.com"],
    "aws-iso-f": [".amazonaws.com"],
    "aws-eusc": [".amazonaws.com"],
});

// IAM identifiers (reference_identifiers.html, and the CreateRole/CreateUser API): a path is "/" or
// "/segments/" of printable ASCII; names are [\w+=,.@-], 1-64 characters; session names 2-64.
// Wildcards are excluded: KMS refuses them inside a principal ARN.
const PATH = "/(?:[\\x21-\\x29\\x2B-\\x3E\\x40-\\x7E]{1,510}/)?";
const NAME = "[\\w+=,.@-]{1,64}";
const IAM_RESOURCES: { [kind: string]: RegExp } = {
    root: /^root$/,
    role: new RegExp(`^role${PATH}${NAME}$`),
    user: new RegExp(`^user${PATH}${NAME}$`),
};
const STS_RESOURCES: { [kind: string]: RegExp } = {
    "assumed-role": new RegExp(`^assumed-role/${NAME}/[\\w+=,.@-]{2,64}$`),
    "federated-user": new RegExp(`^federated-user/[\\w+=,.@-]{2,32}$`),
};
const FEDERATED_RESOURCES: { [kind: string]: RegExp } = {
    "saml-provider": /^saml-provider\/[\w.-]{1,128}$/,
    "oidc-provider": /^oidc-provider\/[A-Za-z0-9.\-_/:]{1,255}$/,
};
/** Web identity providers, written as a Federated principal by name. */
const WEB_IDENTITY_PROVIDERS = ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"];
const REFUSED_IAM: { [kind: string]: string } = {
    "group": "IAM groups cannot be principals in a key policy (grant each role or user, or attach an identity policy to the group)",
    "instance-profile": "an instance profile is not a principal; name its role instead",
    "policy": "a managed policy is not a principal",
};
const SERVICE_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

export const PRINCIPAL_HELP =
    "use an IAM role or user ARN (e.g. arn:aws:iam::111122223333:role/Name), an assumed-role session ARN, an account root ARN or a 12-digit account id, " +
    "a service principal ending in .amazonaws.com (.amazonaws.com.cn in China), or \"*\" (only with a condition that restricts it)";

/** Why `partition` cannot be used for a key in `keyPartition` (undefined: not known yet, any real one will do). */
function partitionProblem(partition: string, keyPartition: string | undefined): string | undefined {
    if (!Object.prototype.hasOwnProperty.call(PARTITIONS, partition)) return `${show(partition)} is not an AWS partition (${Object.keys(PARTITIONS).join(", ")})`;
    if (keyPartition !== undefined && partition !== keyPartition) return `it is in partition ${partition}, but the key is in ${keyPartition}; IAM principals cannot cross partitions`;
    return undefined;
}

/** Why an ARN cannot be an AWS principal of a key policy, or undefined when it can. */
function awsArnProblem(value: string, keyPartition: string | undefined): string | undefined {
    if (/[*?]/.test(value)) return "a wildcard inside a principal ARN is refused by KMS (use \"*\" with a condition on aws:PrincipalArn instead)";
    const arn = parseArn(value);
    if (!arn) return "it is not an ARN";
    const partition = partitionProblem(arn.partition, keyPartition);
    if (partition) return partition;
    if (arn.service !== "iam" && arn.service !== "sts") {
        return `a ${arn.service} resource is not a principal; a key policy names IAM roles, users, sessions, accounts and services`;
    }
    if (arn.region !== "") return "IAM and STS ARNs have no region";
    if (!ACCOUNT_ID.test(arn.account)) return `${show(arn.account)} is not a 12-digit account id`;
    const kind = arn.resource.split("/")[0];
    if (arn.service === "iam") {
        if (REFUSED_IAM[kind]) return REFUSED_IAM[kind];
        if (FEDERATED_RESOURCES[kind]) return "an identity provider goes under \"Federated\", not \"AWS\"";
        if (!IAM_RESOURCES[kind]) return `IAM ${show(kind)} resources are not principals (roles, users and the account root are)`;
        if (!IAM_RESOURCES[kind].test(arn.resource)) return `${show(arn.resource)} is not a valid IAM ${kind} (names: 1-64 of a-z A-Z 0-9 + = , . @ _ -; paths: /.../)`;
        return undefined;
    }
    if (arn.service === "sts") {
        if (!STS_RESOURCES[kind]) return `STS ${show(kind)} is not a principal (assumed-role and federated-user sessions are)`;
        if (!STS_RESOURCES[kind].test(arn.resource)) return `${show(arn.resource)} is not a valid ${kind} session ARN (assumed-role/<role name>/<session name>)`;
    }
    return undefined;
}

/** Why a string cannot be a service principal of a key policy in `keyPartition`, or undefined. */
function serviceProblem(value: string, keyPartition: string | undefined): string | undefined {
    if (/[*?]/.test(value)) return "a wildcard in a service principal is refused";
    if (!SERVICE_NAME.test(value) || value.length > 253) return "it is not a service principal name (lowercase DNS name)";
    const suffixes = keyPartition !== undefined ? PARTITIONS[keyPartition] ?? [] : [...new Set(Object.values(PARTITIONS).flat())];
    if (!suffixes.some((s) => value.endsWith(s) && value.length > s.length)) {
        return keyPartition !== undefined
            ? `service principals of partition ${keyPartition} end in ${suffixes.join(" or ")}`
            : "service principals end in .amazonaws.com (.amazonaws.com.cn in China)";
    }
    return undefined;
}

function federatedProblem(value: string, keyPartition: string | undefined): string | undefined {
    if (WEB_IDENTITY_PROVIDERS.includes(value)) return undefined;
    const arn = parseArn(value);
    if (!arn || arn.service !== "iam") return `a federated principal is an IAM identity provider ARN (saml-provider/..., oidc-provider/...) or one of ${WEB_IDENTITY_PROVIDERS.join(", ")}`;
    if (/[*?]/.test(value)) return "a wildcard inside a principal ARN is refused by KMS";
    const partition = partitionProblem(arn.partition, keyPartition);
    if (partition) return partition;
    const kind = arn.resource.split("/")[0];
    if (!ACCOUNT_ID.test(arn.account) || arn.region !== "" || !FEDERATED_RESOURCES[kind]?.test(arn.resource)) {
        return "a federated principal ARN is arn:<partition>:iam::<account>:saml-provider/<name> or .../oidc-provider/<host>";
    }
    return undefined;
}

const PROBLEMS: { [type: string]: (value: string, keyPartition: string | undefined) => string | undefined } = {
    AWS: (value, keyPartition) => (value === "*" || ACCOUNT_ID.test(value) ? undefined : awsArnProblem(value, keyPartition)),
    Service: serviceProblem,
    Federated: federatedProblem,
    CanonicalUser: (value) => (/^[0-9a-f]{64}$/.test(value) ? undefined : "a canonical user id is 64 lowercase hex digits"),
};

/**
 * Turns one of our principal strings (admins, grants) into a policy principal, or fails naming the property,
 * the value and what is allowed. `keyPartition` is the key's partition, or undefined before it is known.
 */
export function toPrincipal(value: unknown, property: string, keyPartition: string | undefined): Principal {
    if (typeof value !== "string") throw new KmsKeyError(property, `${property}: ${show(value)} is not a principal; ${PRINCIPAL_HELP}`);
    if (value === "*") return { AWS: "*" };
    if (ACCOUNT_ID.test(value)) return { AWS: accountRootArn(keyPartition ?? "aws", value) };
    let problem: string | undefined;
    if (value.startsWith("arn:")) {
        const kind = parseArn(value)?.resource.split("/")[0] ?? "";
        if (parseArn(value)?.service === "iam" && FEDERATED_RESOURCES[kind]) {
            problem = federatedProblem(value, keyPartition);
            if (!problem) return { Federated: value };
        } else {
            problem = awsArnProblem(value, keyPartition);
            if (!problem) return { AWS: value };
        }
    } else if (value.includes(".")) {
        problem = serviceProblem(value, keyPartition);
        if (!problem) return { Service: value };
    }
    throw new KmsKeyError(property, `${property}: ${show(value)} is not a principal${problem ? ` (${problem})` : ""}; ${PRINCIPAL_HELP}`);
}

/**
 * Checks a statement's Principal or NotPrincipal block: "*" or an object of the grammar's principal types,
 * each a principal id or a non-empty list of them, every id one that KMS accepts in `keyPartition`.
 */
export function checkPrincipalBlock(block: unknown, property: string, keyPartition: string | undefined): void {
    if (block === "*") return;
    if (!block || typeof block !== "object" || Array.isArray(block) || Object.keys(block).length === 0) {
        throw new KmsKeyError(property, `${property}: ${show(block)} is not a principal block; expected "*" or an object of ${PRINCIPAL_TYPES.join("/")} to a principal or a list of them`);
    }
    for (const [type, ids] of Object.entries(block as object)) {
        const where = `${property}.${type}`;
        if (!Object.prototype.hasOwnProperty.call(PROBLEMS, type)) {
            throw new KmsKeyError(where, `${where}: unknown principal type ${show(type)}; allowed: ${PRINCIPAL_TYPES.join(", ")}`);
        }
        const list = Array.isArray(ids) ? ids : [ids];
        if (list.length === 0) throw new KmsKeyError(where, `${where}: an empty list names no principal`);
        list.forEach((id, i) => {
            const at = Array.isArray(ids) ? `${where}[${i}]` : where;
            if (typeof id !== "string") throw new KmsKeyError(at, `${at}: ${show(id)} is not a principal id (a string)`);
            if (type !== "AWS" && id === "*") throw new KmsKeyError(at, `${at}: "*" is only a principal as "*" or {"AWS": "*"}`);
            const problem = PROBLEMS[type](id, keyPartition);
            if (problem) throw new KmsKeyError(at, `${at}: ${show(id)} is not a valid ${type} principal (${problem})`);
        });
    }
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

/** Whether a principal block names everyone ("*" or an AWS "*"). */
export function namesEveryone(principal: unknown): boolean {
    return (principalIds(principal).AWS ?? []).includes("*");
}
