// The aws-native backend: thin resource classes that register exactly what @pulumi/aws-native 1.79.0's own classes
// register (the same type tokens, input and output properties, and options: `version: "1.79.0"`, as its
// utilities.resourceOptsDefaults() sets, no pluginDownloadURL, and its replaceOnChanges), and the resources a
// KmsKey is made of with them.
//
// Why not depend on @pulumi/aws-native: it unpacks to 90 MB in 14,373 files, which would take the plugin's
// install from 186 MB to about 276 MB, against a budget of 200 MB (README "The aws-native backend"). The engine
// installs the aws-native plugin itself from the version option, as for any SDK. This module is required only
// when a key asks for backend "aws-native" (kmsKey.ts, keyBase.ts, importedKey.ts, env.ts).
// tests/component/awsNativeDifferential.spec.ts checks these classes against the real SDK's under mocks, and
// tests/types/awsNative.ts that their args fit the real SDK's types.
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentEnv } from "../env";
import type { KeySpec, KeyUsage } from "../schemaTypes";

/** The @pulumi/aws-native release these classes follow: the plugin version every resource and invoke asks for. */
export const AWS_NATIVE_VERSION = "1.79.0";

/** @pulumi/aws-native's utilities.resourceOptsDefaults(). */
const optsDefaults = () => ({ version: AWS_NATIVE_VERSION });

/** A tag as aws-native takes it (types/input TagArgs). */
export interface NativeTag {
    key: pulumi.Input<string>;
    value: pulumi.Input<string>;
}

/**
 * One aws-native custom resource: its inputs in the SDK's order (absent ones undefined, as the SDK sets them), its
 * outputs declared undefined (so the base class makes their Outputs), then the SDK's options.
 */
abstract class NativeResource extends pulumi.CustomResource {
    protected constructor(type: string, name: string, args: object, inputNames: readonly string[], outputNames: readonly string[],
        opts: pulumi.CustomResourceOptions | undefined, replaceOnChanges?: string[]) {
        const inputs: pulumi.Inputs = {};
        for (const n of inputNames) inputs[n] = (args as pulumi.Inputs)[n];
        for (const n of outputNames) inputs[n] = undefined;
        let options = pulumi.mergeOptions(optsDefaults(), opts ?? {});
        if (replaceOnChanges) options = pulumi.mergeOptions(options, { replaceOnChanges });
        super(type, name, inputs, options);
    }
}

/** The origins aws-native:kms:Key creates (its KeyOrigin enum); BACKENDS["aws-native"].origins in the core. */
export type NativeOrigin = "AWS_KMS" | "EXTERNAL";

export interface NativeKeyArgs {
    bypassPolicyLockoutSafetyCheck?: pulumi.Input<boolean | undefined>;
    description?: pulumi.Input<string | undefined>;
    enableKeyRotation?: pulumi.Input<boolean | undefined>;
    enabled?: pulumi.Input<boolean | undefined>;
    /** The key policy document as an object (aws-native's keyPolicy is `any`, not JSON text). */
    keyPolicy?: pulumi.Input<object | undefined>;
    keySpec?: pulumi.Input<KeySpec | undefined>;
    keyUsage?: pulumi.Input<KeyUsage | undefined>;
    multiRegion?: pulumi.Input<boolean | undefined>;
    origin?: pulumi.Input<NativeOrigin | undefined>;
    pendingWindowInDays?: pulumi.Input<number | undefined>;
    rotationPeriodInDays?: pulumi.Input<number | undefined>;
    tags?: pulumi.Input<pulumi.Input<NativeTag>[] | undefined>;
}

/** aws-native:kms:Key (@pulumi/aws-native kms/key.js). */
export class NativeKey extends NativeResource {
    public readonly arn!: pulumi.Output<string>;
    public readonly keyId!: pulumi.Output<string>;
    constructor(name: string, args: NativeKeyArgs, opts?: pulumi.CustomResourceOptions) {
        super("aws-native:kms:Key", name, args, ["bypassPolicyLockoutSafetyCheck", "description", "enableKeyRotation", "enabled", "keyPolicy", "keySpec",
            "keyUsage", "multiRegion", "origin", "pendingWindowInDays", "rotationPeriodInDays", "tags"], ["arn", "keyId"], opts);
    }
}

export interface NativeAliasArgs {
    aliasName: pulumi.Input<string>;
    targetKeyId: pulumi.Input<string>;
}

/** aws-native:kms:Alias (kms/alias.js): replaced when its name changes. */
export class NativeAlias extends NativeResource {
    public readonly aliasName!: pulumi.Output<string>;
    public readonly targetKeyId!: pulumi.Output<string>;
    constructor(name: string, args: NativeAliasArgs, opts?: pulumi.CustomResourceOptions) {
        super("aws-native:kms:Alias", name, args, ["aliasName", "targetKeyId"], [], opts, ["aliasName"]);
    }
}

export interface NativeReplicaKeyArgs {
    description?: pulumi.Input<string | undefined>;
    enabled?: pulumi.Input<boolean | undefined>;
    keyPolicy: pulumi.Input<object>;
    pendingWindowInDays?: pulumi.Input<number | undefined>;
    primaryKeyArn: pulumi.Input<string>;
    tags?: pulumi.Input<pulumi.Input<NativeTag>[] | undefined>;
}

/** aws-native:kms:ReplicaKey (kms/replicaKey.js): replaced when its primary changes; its Region is its provider's. */
export class NativeReplicaKey extends NativeResource {
    public readonly arn!: pulumi.Output<string>;
    public readonly keyId!: pulumi.Output<string>;
    constructor(name: string, args: NativeReplicaKeyArgs, opts?: pulumi.CustomResourceOptions) {
        super("aws-native:kms:ReplicaKey", name, args, ["description", "enabled", "keyPolicy", "pendingWindowInDays", "primaryKeyArn", "tags"], ["arn", "keyId"], opts, ["primaryKeyArn"]);
    }
}

/** An inline identity policy's args: the document, its name, and the role (roleName) or user (userName) it is on. */
interface NativeIdentityPolicyArgs {
    policyDocument?: pulumi.Input<object | undefined>;
    policyName?: pulumi.Input<string | undefined>;
}
export interface NativeRolePolicyArgs extends NativeIdentityPolicyArgs { roleName: pulumi.Input<string> }
export interface NativeUserPolicyArgs extends NativeIdentityPolicyArgs { userName: pulumi.Input<string> }

/** aws-native:iam:RolePolicy and UserPolicy (iam/rolePolicy.js, iam/userPolicy.js): replaced when the name or the identity changes. */
abstract class NativeIdentityPolicy extends NativeResource {
    public readonly policyName!: pulumi.Output<string>;
    protected constructor(type: string, identity: "roleName" | "userName", name: string, args: object, opts?: pulumi.CustomResourceOptions) {
        super(type, name, args, ["policyDocument", "policyName", identity], [], opts, ["policyName", identity]);
    }
}

export class NativeRolePolicy extends NativeIdentityPolicy {
    constructor(name: string, args: NativeRolePolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super("aws-native:iam:RolePolicy", "roleName", name, args, opts);
    }
}

export class NativeUserPolicy extends NativeIdentityPolicy {
    constructor(name: string, args: NativeUserPolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super("aws-native:iam:UserPolicy", "userName", name, args, opts);
    }
}

/** The settings of @pulumi/aws-native's Provider that are strings on the wire; the others are sent as JSON text. */
export const STRING_SETTINGS = ["profile", "region", "roleArn", "sharedCredentialsFile"] as const;
export const SECRET_SETTINGS = ["accessKey", "secretKey", "token"] as const;
export const JSON_SETTINGS = [
    "allowedAccountIds", "assumeRole", "autoNaming", "defaultTags", "endpoints", "forbiddenAccountIds", "ignoreTags", "insecure", "maxRetries",
    "s3UsePathStyle", "skipCredentialsValidation", "skipGetEc2Platforms", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId",
] as const;
/** Settings the SDK's Provider defaults to true, and those it reads from the environment when not given. */
const TRUE_BY_DEFAULT: readonly string[] = ["skipCredentialsValidation", "skipGetEc2Platforms", "skipMetadataApiCheck", "skipRegionValidation"];
const FROM_ENV: { readonly [setting: string]: readonly string[] } = {
    profile: ["AWS_PROFILE"], region: ["AWS_REGION", "AWS_DEFAULT_REGION"], sharedCredentialsFile: ["AWS_SHARED_CREDENTIALS_FILE"],
};

/** A provider setting's name (tests/types/awsNative.ts checks they are exactly the real ProviderArgs' keys). */
export type NativeProviderSetting = (typeof STRING_SETTINGS)[number] | (typeof SECRET_SETTINGS)[number] | (typeof JSON_SETTINGS)[number];
export type NativeProviderArgs = { region: pulumi.Input<string> } & { [setting in NativeProviderSetting]?: pulumi.Input<unknown> };

const fromEnv = (vars: readonly string[] | undefined) => vars?.map((v) => process.env[v]).find((v) => v);

/**
 * pulumi:providers:aws-native (provider.js), for a replica's Region: aws-native has no per-resource region, so
 * each replica Region gets a provider of its own. The inputs are sent as the SDK's Provider sends them.
 */
export class NativeProvider extends pulumi.ProviderResource {
    constructor(name: string, args: NativeProviderArgs, opts?: pulumi.ResourceOptions) {
        const inputs: pulumi.Inputs = {};
        // The SDK's order: every setting alphabetically, as provider.js lists them.
        const settings = [...STRING_SETTINGS, ...SECRET_SETTINGS, ...JSON_SETTINGS].sort();
        for (const s of settings) {
            const v = args[s];
            if ((SECRET_SETTINGS as readonly string[]).includes(s)) inputs[s] = v ? pulumi.secret(v) : undefined;
            else if ((STRING_SETTINGS as readonly string[]).includes(s)) inputs[s] = v ?? fromEnv(FROM_ENV[s]);
            // The SDK fills in autoNaming's default (types/input.js providerAutoNamingArgsProvideDefaults).
            else if (s === "autoNaming") inputs[s] = pulumi.output(v as pulumi.Input<{ randomSuffixMinLength?: number } | undefined>)
                .apply((a) => (a === undefined ? undefined : { ...a, randomSuffixMinLength: a.randomSuffixMinLength ?? 1 })).apply(JSON.stringify);
            else inputs[s] = pulumi.output(v ?? (TRUE_BY_DEFAULT.includes(s) ? true : undefined)).apply(JSON.stringify);
        }
        super("aws-native", name, inputs, pulumi.mergeOptions(optsDefaults(), opts ?? {}));
    }
}

/** The stack's aws-native settings (the default provider's), for a replica Region's provider. */
export function inheritedProviderSettings(): { [setting in NativeProviderSetting]?: unknown } {
    const config = new pulumi.Config("aws-native");
    const settings: { [setting in NativeProviderSetting]?: unknown } = {};
    for (const s of STRING_SETTINGS) settings[s] = config.get(s);
    for (const s of SECRET_SETTINGS) settings[s] = config.getSecret(s);
    for (const s of JSON_SETTINGS) settings[s] = config.getObject(s);
    return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

/** aws.kms.Key's tag map as aws-native's list of {key, value}, in the order given. */
export function tagList(tags: pulumi.Input<{ [key: string]: pulumi.Input<string> }> | undefined): pulumi.Output<NativeTag[]> | undefined {
    if (tags === undefined) return undefined;
    return pulumi.output(tags).apply((t) => (t ? Object.entries(t).map(([key, value]) => ({ key, value })) : undefined)) as pulumi.Output<NativeTag[]>;
}

function invoke<T>(token: string, args: pulumi.Inputs, opts: pulumi.InvokeOutputOptions): pulumi.Output<T> {
    return pulumi.runtime.invokeOutput(token, args, pulumi.mergeOptions(optsDefaults(), opts)) as pulumi.Output<T>;
}

/**
 * The account, partition and region from aws-native's own invokes (index/getAccountId, getPartition, getRegion).
 * aws-native has no caller identity, so the lockout guard checks the account root alone (callerArn undefined).
 */
export function lookUpNativeEnv(opts: pulumi.InvokeOutputOptions): pulumi.Output<DeploymentEnv> {
    return pulumi.all([
        invoke<NativeAccountId>("aws-native:index:getAccountId", {}, opts),
        invoke<NativePartition>("aws-native:index:getPartition", {}, opts),
        invoke<NativeRegion>("aws-native:index:getRegion", {}, opts),
    ]).apply(([account, partition, region]) => ({ accountId: account.accountId, partition: partition.partition, region: region.region, callerArn: undefined }));
}

/** The results of aws-native's invokes that the component reads (tests/types/awsNative.ts checks them against the SDK's). */
export interface NativeAccountId { accountId: string }
export interface NativePartition { partition: string }
export interface NativeRegion { region: string }
export interface NativeAliasResult { targetKeyId?: string }

/** aws-native:kms:getAlias: the key id an alias targets, undefined when the alias does not exist. */
export async function nativeAliasTarget(aliasName: string, opts: pulumi.InvokeOptions): Promise<string | undefined> {
    const result = await pulumi.runtime.invoke("aws-native:kms:getAlias", { aliasName }, pulumi.mergeOptions(optsDefaults(), opts)) as NativeAliasResult;
    return result?.targetKeyId;
}

/** What a KmsKey's children need from its validated inputs (KeyConfig and the inputs passed through as given). */
export interface NativeKeySettings {
    description?: pulumi.Input<string>;
    enabled?: pulumi.Input<boolean>;
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    origin?: NativeOrigin;
    bypassPolicyLockoutSafetyCheck: boolean;
    enableKeyRotation: boolean;
    keySpec?: KeySpec;
    keyUsage?: KeyUsage;
    multiRegion?: boolean;
    pendingWindowInDays: number;
    rotationPeriodInDays?: number;
}

/** The key policy as aws-native takes it: the document object KMS receives as the policy's JSON text. */
const asDocument = (policy: pulumi.Output<string>) => policy.apply((json) => JSON.parse(json) as object);

/** The key: aws-native:kms:Key with the same settings aws.kms.Key gets, the waiting period as pendingWindowInDays. */
export function createNativeKey(name: string, settings: NativeKeySettings, policy: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): NativeKey {
    return new NativeKey(name, {
        bypassPolicyLockoutSafetyCheck: settings.bypassPolicyLockoutSafetyCheck, description: settings.description, enableKeyRotation: settings.enableKeyRotation,
        enabled: settings.enabled, keyPolicy: asDocument(policy), keySpec: settings.keySpec, keyUsage: settings.keyUsage, multiRegion: settings.multiRegion,
        origin: settings.origin, pendingWindowInDays: settings.pendingWindowInDays, rotationPeriodInDays: settings.rotationPeriodInDays, tags: tagList(settings.tags),
    }, opts);
}

/** A provider for a replica's Region: the stack's aws-native settings with that Region (aws-native has no per-resource region). */
export function createRegionProvider(name: string, region: string, parent: pulumi.Resource): NativeProvider {
    return new NativeProvider(`${name}-aws-native-${region}`, { ...inheritedProviderSettings(), region }, { parent });
}

/** A replica on its Region's provider, with the primary's description, enabled state, tags and waiting period. */
export function createNativeReplica(name: string, region: string, settings: NativeKeySettings, primaryKeyArn: pulumi.Output<string>, policy: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions & { provider: NativeProvider }): NativeReplicaKey {
    return new NativeReplicaKey(`${name}-replica-${region}`, {
        description: settings.description, enabled: settings.enabled, keyPolicy: asDocument(policy), pendingWindowInDays: settings.pendingWindowInDays,
        primaryKeyArn, tags: tagList(settings.tags),
    }, opts);
}

/** A grant method's inline identity policy: aws-native:iam:RolePolicy or UserPolicy, named after its resource (known in a preview). */
export function createNativeIdentityPolicy(name: string, type: "role" | "user", identity: string, policy: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    const args = { policyDocument: asDocument(policy), policyName: name };
    return type === "role"
        ? new NativeRolePolicy(name, { ...args, roleName: identity }, opts).policyName
        : new NativeUserPolicy(name, { ...args, userName: identity }, opts).policyName;
}

/**
 * An alias of the key (or replica) with ARN `keyArn`, targeting its key id: aws-native reads an alias's target back
 * as the key id (the CloudFormation handler's read model), so an ARN would show as drift on every refresh.
 */
export function createNativeAlias(name: string, aliasName: string, keyArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): NativeAlias {
    const targetKeyId = pulumi.output(keyArn).apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));
    return new NativeAlias(name, { aliasName, targetKeyId }, opts);
}
