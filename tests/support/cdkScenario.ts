// A differential-test scenario: one key, as plain data, that is translated both to the real AWS CDK v2
// (tests/support/cdkSynth.ts) and to KmsKey (tests/support/cdkOurs.ts).

/** A key-policy statement as JSON (the same object is given to CDK and to us). */
export type JsonStatement = { [key: string]: unknown };

export interface ScenarioGrant {
    /** One of our principal strings: an IAM ARN, a 12-digit account id, a *.amazonaws.com service, or "*". */
    grantee: string;
    /** A grant kind (CDK's grant<Kind> method), or... */
    kind?: string;
    /** ...explicit actions (CDK's key.grant(principal, ...actions)). */
    actions?: string[];
}

/** Our inputs (KmsKeyArgs as plain data). Every one has a CDK v2 counterpart, see cdkSynth.ts. */
export interface ScenarioInput {
    description?: string;
    enabled?: boolean;
    multiRegion?: boolean;
    tags?: { [key: string]: string };
    alias?: string;
    aliases?: string[];
    keySpec?: string;
    keyUsage?: string;
    enableKeyRotation?: boolean;
    rotationPeriodInDays?: number;
    pendingWindowInDays?: number;
    removalPolicy?: "retain" | "destroy";
    /** A policy document (object or JSON text): CDK's `policy` prop. */
    policy?: unknown;
    /** CDK's key.addToResourcePolicy(PolicyStatement.fromJson(s)), in order. */
    policyStatements?: JsonStatement[];
    /** CDK's `admins` prop. */
    admins?: string[];
    /** CDK's key.grant*(principal), in order. */
    grants?: ScenarioGrant[];
    /** false: CDK v1's legacy mode, which CDK v2 cannot produce (see cdkSynth.ts). */
    trustAccountIdentities?: boolean;
    /** CDK: the escape hatch cfnKey.bypassPolicyLockoutSafetyCheck (the L2 has no prop). */
    bypassPolicyLockoutSafetyCheck?: boolean;
}

/**
 * A place where KmsKey deliberately does not do what CDK does. The test asserts our behaviour
 * (and that CDK really does otherwise) and the `why` is the reason, printed with the test.
 */
export interface Difference {
    why: string;
    /** What CDK does with the input. */
    cdk: "accept" | "reject";
    /** What we do: reject with a message containing `message`, or accept. */
    ours: "accept" | "reject";
    message?: string | RegExp;
}

export interface Scenario {
    name: string;
    input: ScenarioInput;
    /**
     * For a rejected input: whether our message contains CDK's message text (after the documented
     * corrections, see fixedCdkMessage). When false, `message` is what ours must contain instead.
     */
    keepsCdkMessage?: boolean;
    message?: string | RegExp;
    /** Also run the KmsKey component under Pulumi mocks and compare its registered resources. */
    component?: boolean;
    difference?: Difference;
}

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const CALLER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/session`;
export const POLICY_ENV = { accountId: ACCOUNT, partition: "aws", callerArn: CALLER_ARN };
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

/**
 * CDK v1's legacy default statement (flag off, trustAccountIdentities false), verbatim from
 * ../shared/docs/cdk-kms-semantics.md §3 (deliberately not taken from our own action lists).
 */
export const V1_LEGACY_STATEMENT: JsonStatement = {
    Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
        "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:GenerateDataKey", "kms:TagResource", "kms:UntagResource"],
    Effect: "Allow",
    Principal: { AWS: ROOT_ARN },
    Resource: "*",
};
