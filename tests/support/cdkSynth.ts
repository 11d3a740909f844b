// Translates a scenario to the real AWS CDK v2 (aws-cdk-lib 2.276.0), synthesizes it and reads back the
// AWS::KMS::Key and AWS::KMS::Alias resources, with the partition token resolved to "aws".
import { App, Duration, RemovalPolicy, Stack, Tags } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { ACCOUNT, JsonStatement, ScenarioInput, V1_LEGACY_STATEMENT } from "./cdkScenario";

export interface CdkKey {
    /** The AWS::KMS::Key Properties, tokens resolved (KeyPolicy included, when emitted). */
    properties: { [key: string]: any };
    deletionPolicy?: string;
    updateReplacePolicy?: string;
    /** AliasName of every AWS::KMS::Alias, in template order. */
    aliasNames: string[];
}

export type CdkResult = { ok: true; key: CdkKey; legacyV1: boolean } | { ok: false; error: Error; legacyV1: boolean };

/** Our principal strings as CDK principals, as the issue prescribes. */
export function cdkPrincipal(value: string): iam.IPrincipal {
    if (value === "*") return new iam.AnyPrincipal();
    if (/^\d{12}$/.test(value)) return new iam.AccountPrincipal(value);
    if (/\.amazonaws\.com(\.cn)?$/.test(value)) return new iam.ServicePrincipal(value);
    return new iam.ArnPrincipal(value);
}

function grant(key: kms.Key, principal: iam.IPrincipal, kind: string | undefined, actions: string[] | undefined): void {
    if (actions !== undefined) {
        key.grant(principal, ...actions);
        return;
    }
    switch (kind) {
        case "encrypt": key.grantEncrypt(principal); return;
        case "decrypt": key.grantDecrypt(principal); return;
        case "encryptDecrypt": key.grantEncryptDecrypt(principal); return;
        case "sign": key.grantSign(principal); return;
        case "verify": key.grantVerify(principal); return;
        case "signVerify": key.grantSignVerify(principal); return;
        case "generateMac": key.grantGenerateMac(principal); return;
        case "verifyMac": key.grantVerifyMac(principal); return;
        case "admin": key.grantAdmin(principal); return;
    }
    throw new Error(`test scenario: unknown grant kind ${kind}`);
}

const PARTITION_REF = { Ref: "AWS::Partition" };

/** Resolves the only token a key in a concrete-env stack uses in its policy: the partition, to "aws". */
export function resolvePartition(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolvePartition);
    if (value && typeof value === "object") {
        const entries = Object.entries(value as object);
        if (entries.length === 1 && entries[0][0] === "Ref" && entries[0][1] === PARTITION_REF.Ref) return "aws";
        if (entries.length === 1 && entries[0][0] === "Fn::Join") {
            const [separator, parts] = entries[0][1] as [string, unknown[]];
            const resolved = parts.map(resolvePartition);
            if (resolved.every((p) => typeof p === "string")) return resolved.join(separator);
            throw new Error(`cannot resolve ${JSON.stringify(value)}`);
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, resolvePartition(v)]));
    }
    return value;
}

function parsePolicy(policy: unknown): { Statement?: unknown } {
    return typeof policy === "string" ? JSON.parse(policy) : (policy as { Statement?: unknown });
}

/**
 * Builds and synthesizes the CDK v2 stack for a scenario: `new App()`, a stack in 111122223333/us-east-1,
 * `new kms.Key(stack, 'Key', props)`, then the grants and statements in order, then the extra aliases.
 *
 * `trustAccountIdentities: false` is CDK v1's legacy mode, which CDK v2 cannot build (doc §0: v2 throws for
 * it). For it we synthesize the v1 legacy policy out of v2 parts: in v2 a custom `policy` replaces the
 * default, so a custom policy of [the scenario's statements..., the legacy statement verbatim from the doc §3]
 * followed by the same admins/grants/statements gives exactly v1's "custom statements, then legacy, then
 * admins and grants" (every grant to an ArnPrincipal-like grantee lands in the key policy in both versions).
 */
export function synthCdk(input: ScenarioInput, options: { rawV2?: boolean } = {}): CdkResult {
    const legacyV1 = input.trustAccountIdentities === false && !options.rawV2;
    try {
        // The built-in CloudFormation template linter only prints warnings (e.g. W3030 for an unknown
        // KeySpec, E3019 for duplicate aliases) and writes a report file; it does not change the template.
        const app = new App({ builtinCloudFormationValidation: false });
        const stack = new Stack(app, "S", { env: { account: ACCOUNT, region: "us-east-1" } });
        let policy: iam.PolicyDocument | undefined;
        if (legacyV1) {
            const custom = input.policy === undefined ? [] : asArray(parsePolicy(input.policy).Statement);
            policy = iam.PolicyDocument.fromJson({ Version: "2012-10-17", Statement: [...custom, V1_LEGACY_STATEMENT] });
        } else if (input.policy !== undefined) {
            policy = iam.PolicyDocument.fromJson(parsePolicy(input.policy));
        }
        const props: kms.KeyProps & { trustAccountIdentities?: boolean } = {
            description: input.description,
            enabled: input.enabled,
            multiRegion: input.multiRegion,
            alias: input.alias,
            keySpec: input.keySpec as kms.KeySpec | undefined,
            keyUsage: input.keyUsage as kms.KeyUsage | undefined,
            enableKeyRotation: input.enableKeyRotation,
            rotationPeriod: input.rotationPeriodInDays === undefined ? undefined : Duration.days(input.rotationPeriodInDays),
            pendingWindow: input.pendingWindowInDays === undefined ? undefined : Duration.days(input.pendingWindowInDays),
            removalPolicy: input.removalPolicy === undefined ? undefined : input.removalPolicy === "retain" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            policy,
            admins: input.admins?.map(cdkPrincipal),
            // Deprecated, so missing from the v2 typings, but still read by key.js (doc §0.2).
            trustAccountIdentities: legacyV1 ? undefined : input.trustAccountIdentities,
        };
        const key = new kms.Key(stack, "Key", props);
        for (const g of input.grants ?? []) grant(key, cdkPrincipal(g.grantee), g.kind, g.actions);
        for (const s of input.policyStatements ?? []) key.addToResourcePolicy(iam.PolicyStatement.fromJson(s));
        for (const a of input.aliases ?? []) key.addAlias(a);
        for (const [k, v] of Object.entries(input.tags ?? {})) Tags.of(key).add(k, v);
        if (input.bypassPolicyLockoutSafetyCheck !== undefined) {
            (key.node.defaultChild as kms.CfnKey).bypassPolicyLockoutSafetyCheck = input.bypassPolicyLockoutSafetyCheck;
        }
        const template = Template.fromStack(stack).toJSON();
        const resources = Object.values(template.Resources as { [id: string]: any });
        const keys = resources.filter((r) => r.Type === "AWS::KMS::Key");
        if (keys.length !== 1) throw new Error(`test harness: expected one AWS::KMS::Key, got ${keys.length}`);
        const logicalId = Object.keys(template.Resources).find((id) => template.Resources[id] === keys[0]);
        const aliases = resources.filter((r) => r.Type === "AWS::KMS::Alias");
        for (const a of aliases) {
            if (JSON.stringify(a.Properties.TargetKeyId) !== JSON.stringify({ "Fn::GetAtt": [logicalId, "Arn"] })) {
                throw new Error(`test harness: alias does not target the key's ARN: ${JSON.stringify(a)}`);
            }
        }
        return {
            ok: true,
            legacyV1,
            key: {
                properties: resolvePartition(keys[0].Properties ?? {}) as { [key: string]: any },
                deletionPolicy: keys[0].DeletionPolicy,
                updateReplacePolicy: keys[0].UpdateReplacePolicy,
                aliasNames: aliases.map((a) => a.Properties.AliasName),
            },
        };
    } catch (error) {
        if (error instanceof Error && error.message.startsWith("test harness")) throw error;
        return { ok: false, error: error as Error, legacyV1 };
    }
}

function asArray(value: unknown): JsonStatement[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value as JsonStatement];
}
