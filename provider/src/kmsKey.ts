import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AliasRegion, awsProviderOf, checkComponentArgs, checkedOn, claimAliases, claimAliasesInRegions } from "./componentInputs";
import { DeploymentEnv, deploymentEnv } from "./env";
import { isPlain } from "./plain";
import { framelessPromiseTraces } from "./promiseTraces";
import { ImportedKey, LookupOptions } from "./importedKey";
import { KeyAlias, KeyBase, REPLICA_PROVIDERS_OUTPUT } from "./keyBase";
import { checkKmsGrantsInput, createKmsGrants, kmsGrantOutputs } from "./kmsGrants";
import {
    BACKENDS, GrantedAccess, KeyConfig, KmsKeyError, NOT_YET_KNOWN, ORIGINS, PolicyDocument, accessSummary, buildKeyPolicy, checkBackend, checkCustomKeyStoreId, checkDescription,
    checkKeyMaterial, checkKeyPolicyInput, checkReplicaPlacement, checkTags, checkXksKeyId, planIdentityGrant, resolveKeyConfig, resolveKmsGrants, show,
} from "./policy";
import { AccessEntry, Backend, KmsKeyArgs, KmsKeyOutputs, kmsKeyToken } from "./schemaTypes";
import type * as AwsNative from "./backends/awsNative";

/** The aws-native backend's module, loaded only for a key that asks for it (see backends/awsNative.ts). */
const native = () => require("./backends/awsNative") as typeof AwsNative;

/** Validates the inputs that are known now; the guards, which need the account, run once it is known. */
function checkKeyArgs(given: unknown) {
    return checkComponentArgs(kmsKeyToken, given, "KmsKey", checkKnownArgs);
}

function checkKnownArgs(args: KmsKeyArgs) {
    const {
        multiRegion, replicaRegions, alias, aliases, keySpec, keyUsage, enableKeyRotation, rotationPeriodInDays, pendingWindowInDays,
        removalPolicy, policy, policyStatements, admins, grants, dnssec, trustAccountIdentities, bypassPolicyLockoutSafetyCheck,
    }: KmsKeyArgs = args;
    // First what the backend cannot build at all (a KMS grant on aws-native), then the key's own rules; the waiting
    // period against the backend once it is known to be one (so 5 days gets the 7-30 message).
    const backend = checkBackend({ ...args, pendingWindowInDays: undefined });
    const config = resolveKeyConfig({
        multiRegion, replicaRegions, alias, aliases, keySpec, keyUsage, enableKeyRotation, rotationPeriodInDays, pendingWindowInDays,
        removalPolicy, trustAccountIdentities, bypassPolicyLockoutSafetyCheck,
        // The origin's inputs may be Outputs (a secret key material, a key store's id): given now, checked once known.
        origin: args.origin, enabled: isPlain(args.enabled) ? args.enabled : NOT_YET_KNOWN, validTo: args.validTo,
        keyMaterialBase64: known(args.keyMaterialBase64), customKeyStoreId: known(args.customKeyStoreId), xksKeyId: known(args.xksKeyId),
    });
    checkBackend({ backend, pendingWindowInDays });
    if (isPlain(args.description)) checkDescription(args.description);
    if (isPlain(args.tags)) checkTags(args.tags);
    const policyInput = { policy, policyStatements, admins, grants, dnssec };
    const plain = isPlain(policyInput);
    if (plain) checkKeyPolicyInput({ ...config, ...policyInput });
    checkKmsGrantsInput(args.kmsGrants, config);
    return { args, config, policyInput, plain, backend };
}

const known = (value: unknown) => (isPlain(value) ? value : NOT_YET_KNOWN);

/** The checks of the origin's inputs that were Outputs, run once they are known (a secret stays secret). */
function laterOriginChecks(resource: pulumi.Resource, args: KmsKeyArgs, config: KeyConfig): pulumi.Output<unknown>[] {
    const checks = { keyMaterialBase64: (v: unknown) => checkKeyMaterial(v, config.keySpec), customKeyStoreId: checkCustomKeyStoreId, xksKeyId: checkXksKeyId };
    return Object.entries(checks).filter(([input]) => !isPlain(args[input as keyof typeof checks]))
        .map(([input, check]) => pulumi.output(args[input as keyof typeof checks]).apply((v) => checkedOn(resource, () => check(v))));
}

/** What the aws-native backend's resources take from the key's settings (the same values aws.kms.Key gets). */
function nativeSettings(config: KeyConfig, args: KmsKeyArgs): AwsNative.NativeKeySettings {
    return {
        description: args.description, enabled: args.enabled, tags: args.tags, origin: args.origin as "AWS_KMS" | "EXTERNAL" | undefined,
        bypassPolicyLockoutSafetyCheck: config.bypassPolicyLockoutSafetyCheck, enableKeyRotation: config.enableKeyRotation, keySpec: config.keySpec,
        keyUsage: config.keyUsage, multiRegion: config.multiRegion, pendingWindowInDays: config.pendingWindowInDays, rotationPeriodInDays: config.rotationPeriodInDays,
    };
}

/**
 * The key resource its backend and origin call for (ORIGINS: aws.kms.Key or aws.kms.ExternalKey; aws-native:kms:Key),
 * retained unless removalPolicy is destroy.
 */
function createKeyResource(name: string, parent: pulumi.Resource, config: KeyConfig, args: KmsKeyArgs, policy: pulumi.Output<string>, backend: Backend) {
    const common = {
        description: args.description, multiRegion: config.multiRegion, tags: args.tags, keyUsage: config.keyUsage, deletionWindowInDays: config.pendingWindowInDays,
        policy, bypassPolicyLockoutSafetyCheck: config.bypassPolicyLockoutSafetyCheck,
    };
    // Retain unless the user asked for destroy: then neither destroy nor replacement schedules deletion.
    const opts = { parent, retainOnDelete: config.removalPolicy === "retain" };
    if (backend === "aws-native") {
        // Deleted (removalPolicy destroy), aws-native schedules the deletion after pendingWindowInDays.
        const resource = native().createNativeKey(name, nativeSettings(config, args), policy, opts);
        return { resource, keyId: resource.keyId, arn: resource.arn, urn: resource.urn };
    }
    if (ORIGINS[config.origin].resource === "aws.kms.ExternalKey") {
        const resource = new aws.kms.ExternalKey(name, {
            ...common, enabled: args.enabled, keySpec: config.keySpec, validTo: args.validTo,
            keyMaterialBase64: args.keyMaterialBase64 === undefined ? undefined : pulumi.secret(args.keyMaterialBase64),
        }, opts);
        return { resource, keyId: resource.id as pulumi.Output<string>, arn: resource.arn, urn: resource.urn };
    }
    // aws.kms.Key sends Origin AWS_CLOUDHSM with customKeyStoreId and EXTERNAL_KEY_STORE with xksKeyId (origins.ts).
    const resource = new aws.kms.Key(name, {
        ...common, isEnabled: args.enabled, customerMasterKeySpec: config.keySpec, enableKeyRotation: config.enableKeyRotation,
        rotationPeriodInDays: config.rotationPeriodInDays, customKeyStoreId: args.customKeyStoreId, xksKeyId: args.xksKeyId,
    }, opts);
    return { resource, keyId: resource.keyId, arn: resource.arn, urn: resource.urn };
}

/**
 * A replica of the key in `region`, with the primary's settings (and, for imported key material, the same material); retained as the key is.
 * With aws-native, on `provider`, the Region's own (aws-native has no per-resource region).
 */
function createReplica(name: string, region: string, parent: pulumi.Resource, config: KeyConfig, args: KmsKeyArgs, primaryKeyArn: pulumi.Output<string>,
    policy: pulumi.Output<string>, provider: AwsNative.NativeProvider | undefined) {
    const replicaArgs = {
        primaryKeyArn, region, description: args.description, enabled: args.enabled, tags: args.tags, deletionWindowInDays: config.pendingWindowInDays,
        policy, bypassPolicyLockoutSafetyCheck: config.bypassPolicyLockoutSafetyCheck,
    };
    const opts = { parent, retainOnDelete: config.removalPolicy === "retain" };
    if (provider) return native().createNativeReplica(name, region, nativeSettings(config, args), primaryKeyArn, policy, { ...opts, provider });
    if (ORIGINS[config.origin].replicaResource === "aws.kms.ReplicaExternalKey") {
        return new aws.kms.ReplicaExternalKey(`${name}-replica-${region}`, {
            ...replicaArgs, validTo: args.validTo, keyMaterialBase64: args.keyMaterialBase64 === undefined ? undefined : pulumi.secret(args.keyMaterialBase64),
        }, opts);
    }
    return new aws.kms.ReplicaKey(`${name}-replica-${region}`, replicaArgs, opts);
}

/** The Regions a key's aliases are created in: the key's own, then each replica's. */
function aliasRegions(region: string, replicaRegions: readonly string[]): AliasRegion[] {
    return [{ region }, ...replicaRegions.map((r, i) => ({ region: r, via: `replicaRegions[${i}]` }))];
}

/** Which input gave each alias name (for errors naming it). */
function aliasProperties(args: KmsKeyArgs, names: readonly string[]): string[] {
    const given = [...(args.alias !== undefined ? ["alias"] : []), ...(args.aliases ?? []).map((_, i) => `aliases[${i}]`)];
    return names.map((_, i) => given[i] ?? "aliases");
}

/**
 * A KMS key and its aliases with AWS CDK aws-kms semantics: see schema.json (the API's source of truth)
 * for every input. Bad input throws a KmsKeyError (naming the property) before anything is registered;
 * checks that need the account (the lockout and size guards) fail the key's policy input instead.
 */
export class KmsKey extends KeyBase implements KmsKeyOutputs {
    public readonly keyId!: pulumi.Output<string>;
    public readonly keyArn!: pulumi.Output<string>;
    /**
     * The aliases' full names: `alias`, `aliases`, then those added with addAlias right after the constructor (before
     * the key is registered). Through a method call from another language it cannot change (see README).
     */
    public readonly aliasNames!: pulumi.Output<string[]>;
    /** Who can do what with the key (evaluated from the final key policy and the grant methods' identity policies). */
    public readonly accessSummary!: pulumi.Output<AccessEntry[]>;
    public readonly policy!: pulumi.Output<string>;
    public readonly replicaKeyArns!: pulumi.Output<{ [region: string]: string }>;
    /** The id of each of `kmsGrants`' grants, in order. */
    public readonly kmsGrantIds!: pulumi.Output<string[]>;
    /** The grant token of each of `kmsGrants`' grants, in order (a secret). */
    public readonly kmsGrantTokens!: pulumi.Output<string[]>;
    /**
     * The `aws.kms.Key`, or for `origin: EXTERNAL` the `aws.kms.ExternalKey`; with backend `aws-native` the
     * `aws-native:kms:Key` (TypeScript only; other languages get the plain outputs above).
     */
    public readonly key!: aws.kms.Key | aws.kms.ExternalKey | AwsNative.NativeKey;
    /** The `aws.kms.Alias` (`aws-native:kms:Alias`) resources of `alias` and `aliases`, in that order (TypeScript only). */
    public readonly aliases!: KeyAlias[];
    /**
     * The `aws.kms.ReplicaKey` (`aws.kms.ReplicaExternalKey` for `origin: EXTERNAL`; `aws-native:kms:ReplicaKey`) of each of
     * `replicaRegions`, in that order (TypeScript only).
     */
    public readonly replicas!: (aws.kms.ReplicaKey | aws.kms.ReplicaExternalKey | AwsNative.NativeReplicaKey)[];
    /** With backend `aws-native`: the `pulumi:providers:aws-native` of each of `replicaRegions`, in that order (TypeScript only). */
    public replicaProviders?: AwsNative.NativeProvider[];
    /** The `aws.kms.Grant` of each of `kmsGrants`, in that order (TypeScript only). */
    public readonly kmsGrants!: aws.kms.Grant[];
    /** The validated settings, with defaults applied. */
    public readonly config!: KeyConfig;
    protected readonly owned = true;
    private env!: pulumi.Output<DeploymentEnv>;

    constructor(name: string, args: KmsKeyArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        // Rebuilt from a URN (a method call from another language): read the outputs back, create nothing.
        // Otherwise the inputs are checked before anything is registered, so bad input leaves no trace.
        if (typeof name !== "string" || name === "") throw new KmsKeyError("name", `name: a KmsKey needs a non-empty resource name, got ${show(name)}`);
        const rebuilt = opts?.urn !== undefined;
        const checked = rebuilt ? undefined : checkKeyArgs(args);
        const pkg = checked ? BACKENDS[checked.backend].pkg : "aws";
        if (checked?.backend === "aws-native" && checked.config.replicaRegions.length && awsProviderOf(opts ?? {}, pkg) !== "default") {
            // A replica's Region needs a provider of its own, made from the stack's aws-native settings; an explicit
            // provider's settings (another account, a role) cannot be read, so its replicas would silently differ.
            throw new KmsKeyError("replicaRegions", `replicaRegions: with backend "aws-native" and an explicit aws-native provider, the replicas' Regions ` +
                `cannot get providers with that provider's settings (aws-native has no per-resource region, and a provider's settings cannot be read); ` +
                `use the default aws-native provider (its stack config is inherited by each replica Region's provider) or backend "aws"`);
        }
        if (checked) claimAliases(checked.config.aliasNames, name, awsProviderOf(opts ?? {}, pkg), aliasProperties(checked.args, checked.config.aliasNames));
        super(kmsKeyToken, name, checked ? {} : {
            keyId: undefined, keyArn: undefined, aliasNames: undefined, policy: undefined, replicaKeyArns: undefined, accessSummary: undefined, kmsGrantIds: undefined,
            kmsGrantTokens: undefined, [REPLICA_PROVIDERS_OUTPUT]: undefined,
        }, opts ?? {});
        if (!checked) return;
        // Its resources' promises without stack traces (promiseTraces.ts).
        const done = framelessPromiseTraces();
        try {
            const { config, policyInput, backend } = checked;
            const { description, tags } = checked.args;
            this.keyBackend = backend;
            this.env = deploymentEnv(this, backend);
            // Most policy inputs are plain: then only the account is waited for. Each replica's policy is built for
            // its Region (viaService, the guard's key ARN); the replicas' Regions are checked against the primary's.
            const build = (env: DeploymentEnv, resolved: typeof policyInput) => checkedOn(this, () => {
                checkReplicaPlacement(config.replicaRegions, env);
                claimAliasesInRegions(config.aliasNames, name, env.accountId, aliasRegions(env.region, config.replicaRegions), aliasProperties(checked.args, config.aliasNames));
                const input = { ...config, ...resolved };
                const replicaPolicies = Object.fromEntries(config.replicaRegions.map((region) =>
                    [region, buildKeyPolicy(input, { ...env, region, primaryRegion: env.region }).json]));
                return { ...buildKeyPolicy(input, env), replicaPolicies };
            });
            const policy = checked.plain
                ? this.env.apply((env) => build(env, policyInput))
                : pulumi.all([this.env, pulumi.output(policyInput)]).apply(([env, resolved]) => build(env, resolved as typeof policyInput));
            const finalPolicy = policy.apply((p) => {
                // Allowed, but worth saying (e.g. a service principal without source conditions): through the engine.
                for (const w of p.warnings) pulumi.log.warn(w.message, this);
                return p.json;
            });
            this.checks.push(finalPolicy);
            // Inputs that were Outputs are checked once known.
            if (!isPlain(description)) this.checks.push(pulumi.output(description).apply((d) => checkedOn(this, () => checkDescription(d))));
            if (!isPlain(tags)) this.checks.push(pulumi.output(tags).apply((t) => checkedOn(this, () => checkTags(t))));
            this.checks.push(...laterOriginChecks(this, checked.args, config));

            const key = createKeyResource(name, this, config, checked.args, finalPolicy, backend);
            // One replica per Region, with the primary's settings; retained as the key is. With aws-native, on a
            // provider of its Region (its aliases there use it too).
            const replicaProviders = backend === "aws-native" ? config.replicaRegions.map((region) => native().createRegionProvider(name, region, this)) : [];
            this.replicaProviders = replicaProviders;
            const replicas = config.replicaRegions.map((region, i) =>
                createReplica(name, region, this, config, checked.args, key.arn, policy.apply((p) => p.replicaPolicies[region]), replicaProviders[i]));
            const replicaKeyArns = replicas.length === 0 ? pulumi.output({})
                : pulumi.all(replicas.map((r) => r.arn)).apply((arns) => Object.fromEntries(arns.map((arn, i) => [config.replicaRegions[i], arn])));
            // aliasNames also lists the aliases added with addAlias before the key is registered (allAliasNames).
            Object.assign(this, { key: key.resource, keyId: key.keyId, keyArn: key.arn, config, policy: finalPolicy, aliasNames: this.allAliasNames(key.urn), replicas, replicaKeyArns });
            Object.assign(this, { aliases: config.aliasNames.map((n) => this.createAlias(n)) });
            const kmsGrants = createKmsGrants(this, name, key.keyId, checked.args.kmsGrants, config, this.env, this.checks);
            const grantOutputs = kmsGrantOutputs(kmsGrants);
            Object.assign(this, { kmsGrants, ...grantOutputs });
            // The summary waits for the key's registration, so grant methods called right after the constructor count.
            const summary = pulumi.all([policy, this.env, key.urn, pulumi.output(checked.args.kmsGrants)]).apply(([p, env, , grants]) => this.summarize(p.document, env, grants));
            Object.assign(this, { accessSummary: summary });
            // Internal (not in the schema), for a method call's rebuilt key: the replica Regions' providers (aws-native).
            const replicaProviderRefs = () => pulumi.all(replicaProviders.map((p) => pulumi.ProviderResource.register(p)))
                .apply((refs) => Object.fromEntries(refs.map((ref, i) => [config.replicaRegions[i], ref])));
            this.registerOutputs({
                keyId: this.keyId, keyArn: this.keyArn, aliasNames: this.aliasNames, policy: this.policy, replicaKeyArns, accessSummary: summary, ...grantOutputs,
                ...(backend === "aws-native" ? { [REPLICA_PROVIDERS_OUTPUT]: replicaProviderRefs() } : {}),
            });
        } finally {
            done();
        }
    }

    /**
     * An alias of the key, also created in each replica's Region (so the name works everywhere), targeting the replica:
     * with `region` on aws, on the Region's provider with aws-native.
     */
    protected createAlias(aliasName: string): KeyAlias {
        const alias = super.createAlias(aliasName);
        if (!this.rebuilt && !this.config.aliasNames.includes(aliasName)) {
            // Added with addAlias: claimed in the key's Regions once they are known, as the constructor's aliases are.
            this.checks.push(this.env.apply((env) => checkedOn(this, () =>
                claimAliasesInRegions([aliasName], this.keyName, env.accountId, aliasRegions(env.region, this.config.replicaRegions), ["name"]))));
        }
        const inRegion = (region: string, targetKeyId: pulumi.Input<string>, provider: pulumi.ProviderResource | undefined) => (provider
            ? native().createNativeAlias(`${this.keyName}-${aliasName}-${region}`, aliasName, targetKeyId, { parent: this, provider })
            : new aws.kms.Alias(`${this.keyName}-${aliasName}-${region}`, { name: aliasName, targetKeyId, region }, this.childOptions()));
        if (!this.rebuilt) {
            (this.replicas ?? []).forEach((replica, i) => inRegion(this.config.replicaRegions[i], replica.arn, this.replicaProviders?.[i]));
        } else {
            // Rebuilt for a method call (addAlias from another language): the replicas, and with aws-native their
            // Regions' providers, are known from the recorded outputs.
            const recorded = (this as unknown as { [REPLICA_PROVIDERS_OUTPUT]?: pulumi.Output<{ [region: string]: string } | undefined> })[REPLICA_PROVIDERS_OUTPUT];
            this.checks.push(pulumi.all([this.replicaKeyArns, recorded]).apply(([arns, providers]) => Object.entries(arns ?? {}).map(([region, arn]) =>
                inRegion(region, arn, providers?.[region] ? new pulumi.DependencyProviderResource(providers[region]) : undefined).urn)));
        }
        return alias;
    }

    /** The access summary of the key policy, the identity grants made so far and the KMS grants (a refused grant fails on its own). */
    private summarize(document: PolicyDocument, env: DeploymentEnv, kmsGrants: unknown): AccessEntry[] {
        const target = { keyArn: `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/*`, account: env.accountId, partition: env.partition, owned: true };
        const identityPolicies = this.identityGrants.flatMap(({ grantee, actions, condition }) => {
            try {
                return [{ principal: grantee, document: planIdentityGrant(target, grantee, actions, condition).document }];
            } catch {
                return [];
            }
        });
        let grants: GrantedAccess[] = [];
        try {
            grants = resolveKmsGrants(kmsGrants, { ...this.config, partition: env.partition });
        } catch {
            // Refused grants fail their own resources' inputs (createKmsGrants).
        }
        return accessSummary(document, env, identityPolicies, undefined, grants) as AccessEntry[];
    }

    protected grantTarget() {
        // Built here, the account is known from the invokes even in a preview; rebuilt, the key's ARN says it.
        if (this.rebuilt) return this.grantTargetFromArn(undefined);
        return this.env.apply((env) => ({ account: env.accountId, partition: env.partition, aliasName: undefined }));
    }

    /** Imports an existing key by ARN, like CDK's Key.fromKeyArn. */
    static fromKeyArn(name: string, keyArn: string, opts?: pulumi.ComponentResourceOptions): ImportedKey {
        return new ImportedKey(name, { keyArn }, opts);
    }

    /** Imports an existing key by alias name, like CDK's Alias.fromAliasName (grants use kms:ResourceAliases). */
    static fromAliasName(name: string, aliasName: string, opts?: pulumi.ComponentResourceOptions): ImportedKey {
        return new ImportedKey(name, { aliasName }, opts);
    }

    /** Looks an existing key up by alias name, like CDK's Key.fromLookup. */
    static fromLookup(name: string, options: LookupOptions, opts?: pulumi.ComponentResourceOptions): ImportedKey {
        if (!options || typeof options !== "object") {
            throw new KmsKeyError("options", `options: fromLookup takes {aliasName, returnDummyKeyOnMissing?}, got ${show(options)}`);
        }
        return new ImportedKey(name, { lookupAliasName: options.aliasName, returnDummyKeyOnMissing: options.returnDummyKeyOnMissing, backend: options.backend }, opts);
    }
}
