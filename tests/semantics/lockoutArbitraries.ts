// fast-check generators of key-policy inputs around the lockout guard: statements for the root, the deployer
// (an assumed-role session, its role with and without a path) and others; Allow and Deny; Action and NotAction;
// Principal and NotPrincipal (NotPrincipal only in a Deny); Resource and NotResource; conditions on the keys the
// guard knows (TLS, time, who) and on keys it cannot know (a tag, a source IP). Shared by the lockout differential
// and the fuzzer.
import * as fc from "fast-check";
import { KeyPolicyInput, PolicyEnv } from "../../provider/src/policy";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const DEPLOYER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/session`;
export const DEPLOYER_ROLE = `arn:aws:iam::${ACCOUNT}:role/Deployer`;
export const DEPLOYER_PATH_ROLE = `arn:aws:iam::${ACCOUNT}:role/ops/team/Deployer`;
export const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;

/** The deployer is an assumed-role session; the key's region is sometimes known to the guard. */
export const deployEnv: fc.Arbitrary<PolicyEnv> = fc.constantFrom<PolicyEnv>(
    { accountId: ACCOUNT, partition: "aws", callerArn: DEPLOYER_SESSION },
    { accountId: ACCOUNT, partition: "aws", region: "us-east-1", callerArn: DEPLOYER_SESSION },
);

const DAY = 86400000;
/** Dates in the past and in the future (one of them a few weeks from the test run). */
export const DATES = ["2020-01-01T00:00:00Z", new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10), new Date(Date.now() + 30 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z"), "2099-12-31T23:59:59Z"];
const EPOCHS = DATES.map((d) => String(Date.parse(d) / 1000));

export const principalId = fc.constantFrom(
    ROOT, ACCOUNT, DEPLOYER_SESSION, DEPLOYER_ROLE, DEPLOYER_PATH_ROLE, OTHER_ROLE, `arn:aws:iam::${ACCOUNT}:user/alice`,
    `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/other-session`, `arn:aws:iam::${OTHER_ACCOUNT}:root`, OTHER_ACCOUNT,
    `arn:aws:iam::${OTHER_ACCOUNT}:role/Deployer`, "*",
);
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));
export const principalBlock: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 1, arbitrary: fc.constant("*") },
    { weight: 6, arbitrary: fc.record({ AWS: oneOrMany(principalId) }) },
    { weight: 1, arbitrary: fc.record({ Service: fc.constant("logs.amazonaws.com") }) },
    { weight: 1, arbitrary: fc.record({ AWS: oneOrMany(principalId), Service: fc.constant("logs.amazonaws.com") }) },
);

export const ACTIONS = [
    "kms:*", "kms:PutKeyPolicy", "KMS:putkeypolicy", "kms:Put*", "kms:*Policy", "kms:PutKey?olicy", "*",
    "kms:Decrypt", "kms:Get*", "kms:ScheduleKeyDeletion", "kms:Describe*", "kms:Create*",
];
export const actionList = oneOrMany(fc.constantFrom(...ACTIONS));

const RESOURCES = ["*", `arn:aws:kms:*:${ACCOUNT}:key/*`, `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`,
    `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*`, "arn:aws:kms:*:*:*", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`];
const resource = fc.oneof({ weight: 6, arbitrary: fc.constant("*") }, { weight: 2, arbitrary: oneOrMany(fc.constantFrom(...RESOURCES)) });

/** One condition: [operator, key, values]. */
type Entry = [string, string, string | string[]];
const values = (vs: string[]) => oneOrMany(fc.constantFrom(...vs));
const entry = (operators: string[], keys: string[], vs: string[]): fc.Arbitrary<Entry> =>
    fc.tuple(fc.constantFrom(...operators), fc.constantFrom(...keys), values(vs));
const STRING_OPS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIfExists", "StringNotEqualsIfExists", "StringEqualsIgnoreCase"];
const ARN_OPS = ["ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "ArnLikeIfExists", "ArnNotLikeIfExists"];
const DATE_OPS = ["DateGreaterThan", "DateGreaterThanEquals", "DateLessThan", "DateLessThanEquals", "DateEquals", "DateNotEquals", "DateGreaterThanIfExists"];
const NUMERIC_OPS = ["NumericGreaterThan", "NumericLessThan", "NumericGreaterThanEquals", "NumericLessThanEquals", "NumericEquals", "NumericNotEquals"];
const PRINCIPAL_ARNS = [ROOT, DEPLOYER_ROLE, DEPLOYER_PATH_ROLE, OTHER_ROLE, `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/*/Deployer`,
    `arn:aws:iam::${ACCOUNT}:*`, `arn:aws:iam::${OTHER_ACCOUNT}:role/Deployer`, `arn:aws:iam::${ACCOUNT}:role/ops/team/deployer`, `arn:aws:iam::${ACCOUNT}:role/ops/*`];

/** Conditions on keys the guard knows: TLS, time, who. */
export const knownCondition: fc.Arbitrary<Entry> = fc.oneof(
    entry(["Bool", "BoolIfExists"], ["aws:SecureTransport", "AWS:securetransport"], ["true", "false"]),
    entry(DATE_OPS, ["aws:CurrentTime"], DATES),
    entry([...NUMERIC_OPS, "DateGreaterThan", "DateLessThan"], ["aws:EpochTime"], EPOCHS),
    // Time keys compared as strings: a date pattern is a time bomb too.
    entry(["StringEquals", "StringLike", "StringNotLike"], ["aws:CurrentTime"], [DATES[3], "2099-*", "20*"]),
    entry(["StringEquals", "StringLike", "StringNotLike"], ["aws:EpochTime"], [EPOCHS[3], "5*", "1*"]),
    entry([...STRING_OPS, ...ARN_OPS], ["aws:PrincipalArn"], PRINCIPAL_ARNS),
    entry(STRING_OPS, ["aws:PrincipalAccount", "kms:CallerAccount"], [ACCOUNT, OTHER_ACCOUNT, "1111*"]),
    entry(["StringEquals", "StringNotEquals"], ["aws:PrincipalType"], ["Account", "AssumedRole", "User"]),
    entry(["Null"], ["aws:SecureTransport", "aws:PrincipalArn"], ["true", "false"]),
);
/** Conditions on keys the guard cannot know: a tag, a source IP. */
export const unknownCondition: fc.Arbitrary<Entry> = fc.oneof(
    entry(["IpAddress", "NotIpAddress"], ["aws:SourceIp"], ["10.0.0.0/8", "192.0.2.0/24"]),
    entry(STRING_OPS, ["aws:ResourceTag/team"], ["prod", "dev", "pr*"]),
    entry(["Null"], ["aws:ResourceTag/team", "aws:SourceIp"], ["true", "false"]),
);

/** A Condition block of one to three entries (entries under one operator share its object). */
export const conditionBlock = fc.array(fc.oneof({ weight: 3, arbitrary: knownCondition }, { weight: 1, arbitrary: unknownCondition }), { minLength: 1, maxLength: 3 })
    .map((entries) => {
        const block: { [operator: string]: { [key: string]: string | string[] } } = {};
        for (const [operator, key, v] of entries) (block[operator] ??= {})[key] = v;
        return block;
    });

export const statement = fc.record({
    effect: fc.constantFrom("Allow", "Deny"),
    not: fc.boolean(),
    principal: principalBlock,
    notAction: fc.boolean(),
    actions: actionList,
    notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    resource,
    condition: fc.option(conditionBlock, { freq: 3, nil: undefined }),
}).map(({ effect, not, principal, notAction, actions, notResource, resource: r, condition }) => ({
    Effect: effect,
    // NotPrincipal only with Deny: the grammar refuses it in an Allow.
    [not && effect === "Deny" ? "NotPrincipal" : "Principal"]: principal,
    [notAction ? "NotAction" : "Action"]: actions,
    [notResource ? "NotResource" : "Resource"]: r,
    ...(condition ? { Condition: condition } : {}),
}));

/** The root's kms:* statement, sometimes under a condition. */
const rootStatement = fc.option(conditionBlock, { freq: 4, nil: undefined })
    .map((condition) => ({ Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*", ...(condition ? { Condition: condition } : {}) }));

/** Key-policy inputs: the default policy or a custom one (often starting with the root statement), extra statements, admins and grants. */
export const lockoutInput: fc.Arbitrary<KeyPolicyInput> = fc.record({
    policy: fc.option(fc.tuple(fc.option(rootStatement, { freq: 2, nil: undefined }), fc.array(statement, { maxLength: 2 }))
        .map(([root, rest]) => ({ Version: "2012-10-17", Statement: root ? [root, ...rest] : rest })), { nil: undefined }),
    policyStatements: fc.option(fc.array(statement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    admins: fc.option(fc.array(fc.constantFrom(DEPLOYER_ROLE, DEPLOYER_PATH_ROLE, DEPLOYER_SESSION, OTHER_ROLE, OTHER_ACCOUNT), { minLength: 1, maxLength: 2 }), { freq: 4, nil: undefined }),
    grants: fc.option(fc.array(fc.record({ grantee: fc.constantFrom(DEPLOYER_PATH_ROLE, OTHER_ROLE, ACCOUNT), kind: fc.constantFrom("admin", "decrypt") }), { minLength: 1, maxLength: 2 }), { freq: 4, nil: undefined }),
    trustAccountIdentities: fc.option(fc.boolean(), { freq: 4, nil: undefined }),
}).map((input) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as KeyPolicyInput);

/** A Deny that covers kms:PutKeyPolicy for the root or the deployer unless its Condition spares them: the guard's hard part. */
export const coveringDeny = fc.record({
    principal: fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: ROOT }, { AWS: ACCOUNT }, { AWS: DEPLOYER_PATH_ROLE }, { AWS: [OTHER_ROLE, DEPLOYER_SESSION] }),
    notPrincipal: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    action: fc.constantFrom<unknown>("kms:*", "kms:PutKeyPolicy", "kms:Put*", "*", { not: "kms:Decrypt" }),
    condition: conditionBlock,
}).map(({ principal, notPrincipal, action, condition }) => ({
    Effect: "Deny",
    ...(notPrincipal ? { NotPrincipal: { AWS: OTHER_ROLE } } : { Principal: principal }),
    ...(typeof action === "string" ? { Action: action } : { NotAction: (action as { not: string }).not }),
    Resource: "*",
    Condition: condition,
}));

/** The default policy with one or two covering Denies. */
export const denyInput: fc.Arbitrary<KeyPolicyInput> = fc.array(coveringDeny, { minLength: 1, maxLength: 2 }).map((policyStatements) => ({ policyStatements }));
