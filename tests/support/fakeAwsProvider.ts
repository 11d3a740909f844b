// A stand-in for the `aws` resource provider (pulumi-resource-aws cannot be built offline), for the
// end-to-end tests: the engine attaches it with PULUMI_DEBUG_PROVIDERS=aws:<port>. It implements only what
// KmsKey needs and forwards every operation to a moto server through the AWS SDK v3 clients (dummy
// credentials), so the tests can check the result in moto:
//
//   resources  aws:kms/key:Key, aws:kms/externalKey:ExternalKey, aws:kms/replicaKey:ReplicaKey,
//              aws:kms/replicaExternalKey:ReplicaExternalKey, aws:kms/alias:Alias, aws:kms/grant:Grant,
//              aws:iam/rolePolicy:RolePolicy, aws:iam/userPolicy:UserPolicy (Check/Diff/Create/Read/Update/Delete)
//   invokes    aws:index/getCallerIdentity, aws:index/getPartition, aws:index/getRegion, aws:kms/getAlias
//   config     CheckConfig/DiffConfig/Configure (region), GetPluginInfo (7.48.0, the @pulumi/aws version
//              the library depends on), GetSchema (a minimal schema)
//
// Its inputs mirror @pulumi/aws 7.48.0's names. Every KMS resource takes Pulumi aws v7's per-resource `region`
// (the provider's when absent, recorded in the state, replacing the resource when it changes), and so do the
// invokes that take one (getRegion, getAlias). Deleting a key or replica schedules its deletion with its
// deletionWindowInDays (ScheduleKeyDeletion) in its Region, as the real provider does; the window must be 7-30
// (AWS's rule, which moto does not enforce). A replica is made with ReplicateKey in the primary's Region
// (replicaResource says where moto's ReplicateKey falls short and what the stand-in does about it).
//
// What it does not do, because moto cannot: import key material (moto has no ImportKeyMaterial: an ExternalKey
// or ReplicaExternalKey given keyMaterialBase64 fails saying so; without it, moto's EXTERNAL key is Enabled where
// KMS's waits in PendingImport), custom key stores (moto has none: a key with customKeyStoreId or xksKeyId fails
// at create, so such keys are only previewed). Nor, for brevity: tagsAll from provider default tags, alias namePrefix.
//
// What all stand-ins share (clients, call log, the provider built from these tables, the config methods)
// is in fakeProviderKit.ts, with the environment they read.
//
// Run: node -r ts-node/register/transpile-only tests/support/fakeAwsProvider.ts   (tests/support/fakeAws.ts)
// Prints its port on stdout like any provider plugin and serves until killed.
import { randomBytes } from "crypto";
import {
    CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand,
    DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, GetKeyPolicyCommand,
    GetKeyRotationStatusCommand, ListAliasesCommand, ListGrantsCommand, RetireGrantCommand, RevokeGrantCommand, ListResourceTagsCommand, PutKeyPolicyCommand,
    ReplicateKeyCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
    UpdateKeyDescriptionCommand, type AliasListEntry, type KMSClient, type KeyMetadata,
} from "@aws-sdk/client-kms";
import {
    DeleteRolePolicyCommand, DeleteUserPolicyCommand, GetRolePolicyCommand, GetUserPolicyCommand,
    PutRolePolicyCommand, PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type * as provider from "@pulumi/pulumi/provider";
import {
    aws, awsCall, checkRange, configuredRegion, failure, isRegionName, isUnknown, nameOf, notFound, pick, record, required, same, serveIfMain,
    type Props, type ResourceImpl, type StandIn,
} from "./fakeProviderKit";

export const AWS_VERSION = "7.48.0";

function checkJson(failures: provider.CheckFailure[], props: Props, key: string): void {
    const v = props[key];
    if (v === undefined || v === null || isUnknown(v)) return;
    try {
        JSON.parse(v);
    } catch (e) {
        failures.push(failure(key, `"${key}" contains an invalid JSON: ${(e as Error).message}`));
    }
}

function tagList(tags: Props | undefined) {
    return Object.entries(tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue: String(TagValue) }));
}

// ------------------------------------------------------------------ per-resource region

// Pulumi aws v7 (terraform-provider-aws v6's "enhanced region support"): every regional resource takes an optional
// `region`; its effective Region is that, or the provider's, and is recorded in the state; changing it replaces the
// resource. Check writes the effective Region into the inputs, so a diff compares the Regions the resource is in.
function withRegion(news: Props, failures: provider.CheckFailure[]): Props {
    const region = news.region ?? configuredRegion();
    if (!isUnknown(region) && !isRegionName(region)) failures.push(failure("region", `invalid AWS Region: ${region}`));
    return { ...news, region };
}

/** The effective Region of a resource's inputs or state. */
const regionOf = (props: Props): string => props.region ?? configuredRegion();

/** A key ARN's Region and key id (arn:<partition>:kms:<region>:<account>:key/<id>). */
function keyArnParts(arn: string): { region: string; keyId: string } {
    const m = /^arn:[^:]+:kms:([^:]+):\d{12}:key\/(.+)$/.exec(arn);
    if (!m) throw new Error(`"${arn}" is not a KMS key ARN`);
    return { region: m[1], keyId: m[2] };
}

// ------------------------------------------------------------------ what keys and replica keys share

/** Checks of the inputs keys and replicas share (the real provider's schema validation). */
function checkKeyCommon(news: Props): provider.CheckFailure[] {
    const failures: provider.CheckFailure[] = [];
    checkRange(failures, news, "deletionWindowInDays", 7, 30);
    checkJson(failures, news, "policy");
    if (typeof news.description === "string" && news.description.length > 8192) {
        failures.push(failure("description", "expected length of description to be in the range (0 - 8192)"));
    }
    return failures;
}

/** moto has no ImportKeyMaterial (nor GetParametersForImport): never pretend key material was imported. */
function refuseKeyMaterial(what: string, props: Props): void {
    if (props.keyMaterialBase64 !== undefined && props.keyMaterialBase64 !== "") {
        throw new Error(`${what}: the stand-in aws provider cannot import key material: moto has no ImportKeyMaterial`);
    }
}

/** A key's metadata, or undefined when it is gone (also when pending deletion, as the real provider reads it). */
async function liveKey(kms: KMSClient, id: string): Promise<KeyMetadata | undefined> {
    try {
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
        return meta.KeyState === "PendingDeletion" ? undefined : meta;
    } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
    }
}

async function keyTagMap(kms: KMSClient, id: string): Promise<Props> {
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: id }))).Tags ?? [];
    return Object.fromEntries(tags.map((t) => [t.TagKey!, t.TagValue!]));
}

/** The key policy in KMS; an equivalent one keeps the program's text (the real provider compares policies as JSON). */
async function keyPolicyText(kms: KMSClient, id: string, known: string | undefined): Promise<string | undefined> {
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: "default" }))).Policy;
    return policy && known && same(JSON.parse(policy), JSON.parse(known)) ? known : policy;
}

/** The state after a read: what AWS reports, for the attributes the state had or that differ from AWS's defaults (drift). */
function withDrift(state: Props, props: Props, actual: { [key: string]: [unknown, unknown] }): Props {
    for (const [k, [value, dflt]] of Object.entries(actual)) {
        if (k in props || !same(value, dflt)) state[k] = value;
    }
    return state;
}

/** The updates keys and replicas share, in the real provider's order; `enabled` is the input's name (isEnabled on aws.kms.Key). */
async function updateKeyCommon(kms: KMSClient, what: string, id: string, olds: Props, news: Props, enabled: string, between?: () => Promise<void>): Promise<void> {
    if (!same(olds.description, news.description)) {
        await awsCall(`updating ${what} (${id}) description`, () => kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: news.description ?? "" })));
    }
    if (!same(olds.policy, news.policy) && news.policy) {
        await awsCall(`updating ${what} (${id}) policy`, () => kms.send(new PutKeyPolicyCommand({
            KeyId: id, PolicyName: "default", Policy: news.policy, BypassPolicyLockoutSafetyCheck: news.bypassPolicyLockoutSafetyCheck,
        })));
    }
    await between?.();
    if ((olds[enabled] ?? true) !== (news[enabled] ?? true)) {
        await awsCall(`updating ${what} (${id}) enabled`, () =>
            kms.send(news[enabled] === false ? new DisableKeyCommand({ KeyId: id }) : new EnableKeyCommand({ KeyId: id })));
    }
    if (!same(olds.tags, news.tags)) {
        const removed = Object.keys(olds.tags ?? {}).filter((k) => !(k in (news.tags ?? {})));
        if (removed.length) await kms.send(new UntagResourceCommand({ KeyId: id, TagKeys: removed }));
        if (Object.keys(news.tags ?? {}).length) await kms.send(new TagResourceCommand({ KeyId: id, Tags: tagList(news.tags) }));
    }
}

/** Deleting a key or replica schedules its deletion with its deletionWindowInDays, in its Region. */
async function scheduleDeletion(what: string, id: string, props: Props): Promise<void> {
    const window = props.deletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
        // AWS's ValidationException (moto would silently do nothing).
        throw new Error(`deleting ${what} (${id}): ValidationException: PendingWindowInDays must be between 7 and 30, got ${window}`);
    }
    try {
        await aws(regionOf(props)).kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: window }));
    } catch (e) {
        if (notFound(e)) return;
        throw new Error(`deleting ${what} (${id}): ${(e as Error).name}: ${(e as Error).message}`);
    }
}

// ------------------------------------------------------------------ aws:kms/key:Key, aws:kms/externalKey:ExternalKey

/** The two key resources differ in a few input names, rotation and the origin (EXTERNAL: imported key material). */
interface KeyKind {
    what: string;
    inputs: readonly string[];
    replaces: string[];
    /** The input names of the key spec and of the enabled state. */
    spec: "customerMasterKeySpec" | "keySpec";
    enabled: "isEnabled" | "enabled";
    external: boolean;
}

const KEY: KeyKind = {
    what: "KMS Key",
    inputs: [
        "bypassPolicyLockoutSafetyCheck", "customKeyStoreId", "customerMasterKeySpec", "deletionWindowInDays",
        "description", "enableKeyRotation", "isEnabled", "keyUsage", "multiRegion", "policy", "region", "rotationPeriodInDays",
        "tags", "xksKeyId",
    ],
    replaces: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "region", "xksKeyId"],
    spec: "customerMasterKeySpec", enabled: "isEnabled", external: false,
};

// aws.kms.ExternalKey: CreateKey with Origin EXTERNAL (moto supports it and reports the origin, but its key is
// Enabled at once where KMS's waits in PendingImport); re-importing key material is an update in the real provider.
const EXTERNAL_KEY: KeyKind = {
    what: "KMS External Key",
    inputs: [
        "bypassPolicyLockoutSafetyCheck", "deletionWindowInDays", "description", "enabled", "keyMaterialBase64", "keySpec",
        "keyUsage", "multiRegion", "policy", "region", "tags", "validTo",
    ],
    replaces: ["keySpec", "keyUsage", "multiRegion", "region"],
    spec: "keySpec", enabled: "enabled", external: true,
};

function keyResource(kind: KeyKind): ResourceImpl {
    const outputs = (inputs: Props, meta: KeyMetadata): Props => ({
        // The inputs as given plus the computed outputs. No defaults for absent inputs: the SDK's provider
        // interface diffs the old *state* against the new inputs, so a default would read as a change.
        ...pick(inputs, kind.inputs), arn: meta.Arn, keyId: meta.KeyId, region: regionOf(inputs), tagsAll: inputs.tags ?? {},
        ...(kind.external ? { keyState: meta.KeyState, expirationModel: meta.ExpirationModel ?? "" } : {}),
    });
    return {
        inputs: kind.inputs,
        replaces: kind.replaces,
        // A key is replaced by creating the new one first (the old one's deletion is only scheduled).
        deleteBeforeReplace: false,

        check(news: Props) {
            const failures = checkKeyCommon(news);
            if (!kind.external) checkRange(failures, news, "rotationPeriodInDays", 90, 2560);
            return { inputs: withRegion(news, failures), failures };
        },

        async create(inputs: Props): Promise<provider.CreateResult> {
            const { kms } = aws(regionOf(inputs));
            // moto has no custom key stores (and would ignore CustomKeyStoreId/XksKeyId): such keys are only previewed.
            if (inputs.customKeyStoreId || inputs.xksKeyId) throw new Error("custom key stores are not supported by the stand-in aws provider: moto has none");
            refuseKeyMaterial(`creating ${kind.what}`, inputs);
            const created = await awsCall(`creating ${kind.what}`, () => kms.send(new CreateKeyCommand({
                Description: inputs.description,
                Policy: inputs.policy,
                KeyUsage: inputs.keyUsage,
                KeySpec: inputs[kind.spec],
                MultiRegion: inputs.multiRegion,
                BypassPolicyLockoutSafetyCheck: inputs.bypassPolicyLockoutSafetyCheck,
                Tags: inputs.tags ? tagList(inputs.tags) : undefined,
                Origin: kind.external ? "EXTERNAL" : undefined,
            })));
            const meta = created.KeyMetadata!;
            const keyId = meta.KeyId!;
            if (inputs.enableKeyRotation) {
                await awsCall(`enabling ${kind.what} (${keyId}) rotation`, () =>
                    kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: inputs.rotationPeriodInDays })));
            }
            if (inputs[kind.enabled] === false) {
                await awsCall(`disabling ${kind.what} (${keyId})`, () => kms.send(new DisableKeyCommand({ KeyId: keyId })));
            }
            return { id: keyId, outs: outputs(inputs, meta) };
        },

        async read(id: string, props: Props): Promise<provider.ReadResult> {
            const { kms } = aws(regionOf(props));
            const meta = await liveKey(kms, id);
            if (!meta) return { id: "", props: {} };
            const tags = await keyTagMap(kms, id);
            const actual: { [key: string]: [unknown, unknown] } = {
                description: [meta.Description ?? "", ""],
                [kind.enabled]: [meta.Enabled, true],
                keyUsage: [meta.KeyUsage, "ENCRYPT_DECRYPT"],
                [kind.spec]: [meta.KeySpec ?? meta.CustomerMasterKeySpec, "SYMMETRIC_DEFAULT"],
                multiRegion: [meta.MultiRegion ?? false, false],
                policy: [await keyPolicyText(kms, id, props.policy), undefined],
                tags: [tags, {}],
            };
            if (!kind.external) {
                const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
                actual.enableKeyRotation = [rotation.KeyRotationEnabled ?? false, false];
                // moto does not report the period: keep the known one.
                actual.rotationPeriodInDays = [rotation.RotationPeriodInDays ?? props.rotationPeriodInDays, undefined];
            }
            const state = withDrift({ ...props, arn: meta.Arn, keyId: meta.KeyId, region: regionOf(props) }, props, actual);
            state.tagsAll = tags;
            if (kind.external) state.keyState = meta.KeyState;
            return { id, props: state, inputs: pick(state, kind.inputs) };
        },

        async update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
            const { kms } = aws(regionOf(news));
            if (kind.external && (!same(olds.keyMaterialBase64, news.keyMaterialBase64) || !same(olds.validTo, news.validTo))) {
                refuseKeyMaterial(`updating ${kind.what} (${id})`, news);
            }
            await updateKeyCommon(kms, kind.what, id, olds, news, kind.enabled, async () => {
                if (kind.external || (same(olds.enableKeyRotation, news.enableKeyRotation) && same(olds.rotationPeriodInDays, news.rotationPeriodInDays))) return;
                await awsCall(`updating ${kind.what} (${id}) rotation`, () => kms.send(news.enableKeyRotation
                    ? new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: news.rotationPeriodInDays })
                    : new DisableKeyRotationCommand({ KeyId: id })));
            });
            const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
            return { outs: outputs(news, meta) };
        },

        delete: (id: string, props: Props) => scheduleDeletion(kind.what, id, props),
    };
}

// ------------------------------------------------------------------ aws:kms/replicaKey:ReplicaKey, aws:kms/replicaExternalKey:ReplicaExternalKey

const REPLICA_INPUTS = ["bypassPolicyLockoutSafetyCheck", "deletionWindowInDays", "description", "enabled", "policy", "primaryKeyArn", "region", "tags"];

/**
 * A replica of a multi-Region key in its (effective) Region, as terraform-provider-aws's aws_kms_replica_key
 * (internal/service/kms/replica_key.go, resourceReplicaKeyCreate): ReplicateKey is called in the primary key's
 * Region with ReplicaRegion, Description, Policy, BypassPolicyLockoutSafetyCheck and Tags, then the replica is
 * disabled if `enabled` is false, and the provider waits until the replica's policy and tags have propagated
 * (WaitKeyPolicyPropagated, WaitTagsPropagated). Deleting schedules the replica's deletion in its Region.
 *
 * moto falls short there: its ReplicateKey (moto/kms/models.py replicate_key) copies the primary key and ignores
 * Policy, Description and Tags, so the real provider's wait would never end. Where moto's replica lacks what was
 * asked, the stand-in logs it (a `MotoIgnored` call-log line naming the parameters, which the tests assert) and
 * sets it with the calls the real provider's update uses for them (PutKeyPolicy, UpdateKeyDescription,
 * TagResource), so moto ends up holding what KMS would. aws_kms_replica_external_key also imports the primary's key
 * material into the replica, which moto cannot (refuseKeyMaterial).
 */
function replicaResource(what: string, external: boolean): ResourceImpl {
    const inputs = external ? [...REPLICA_INPUTS, "keyMaterialBase64", "validTo"] : REPLICA_INPUTS;
    const outputs = (props: Props, meta: KeyMetadata): Props => ({
        ...pick(props, inputs), arn: meta.Arn, keyId: meta.KeyId, keySpec: meta.KeySpec, keyUsage: meta.KeyUsage,
        region: regionOf(props), tagsAll: props.tags ?? {}, ...(external ? { keyState: meta.KeyState, expirationModel: meta.ExpirationModel ?? "" } : {}),
    });

    /** What the propagation wait would wait for: applied here where moto ignored it (see above). */
    async function completeReplica(kms: KMSClient, id: string, region: string, props: Props): Promise<void> {
        const ignored: string[] = [];
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
        if (props.policy && (await keyPolicyText(kms, id, props.policy)) !== props.policy) {
            ignored.push("Policy");
            await awsCall(`setting ${what} (${id}) policy`, () => kms.send(new PutKeyPolicyCommand({
                KeyId: id, PolicyName: "default", Policy: props.policy, BypassPolicyLockoutSafetyCheck: props.bypassPolicyLockoutSafetyCheck,
            })));
        }
        if (props.description !== undefined && meta.Description !== props.description) {
            ignored.push("Description");
            await awsCall(`setting ${what} (${id}) description`, () => kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: props.description })));
        }
        const tags = await keyTagMap(kms, id);
        if (Object.entries(props.tags ?? {}).some(([k, v]) => tags[k] !== v)) {
            ignored.push("Tags");
            await awsCall(`tagging ${what} (${id})`, () => kms.send(new TagResourceCommand({ KeyId: id, Tags: tagList(props.tags) })));
        }
        if (ignored.length) record("MotoIgnored", { call: "ReplicateKey", id, region, parameters: ignored });
    }

    return {
        inputs,
        replaces: ["primaryKeyArn", "region"],
        // As for keys: the new replica first, then the old one's deletion is scheduled.
        deleteBeforeReplace: false,

        check(news: Props) {
            const failures = checkKeyCommon(news);
            required(failures, news, "primaryKeyArn");
            if (typeof news.primaryKeyArn === "string" && !isUnknown(news.primaryKeyArn) && !/^arn:[^:]+:kms:/.test(news.primaryKeyArn)) {
                failures.push(failure("primaryKeyArn", `"primaryKeyArn" (${news.primaryKeyArn}) is an invalid ARN`));
            }
            return { inputs: withRegion(news, failures), failures };
        },

        async create(props: Props): Promise<provider.CreateResult> {
            refuseKeyMaterial(`creating ${what}`, props);
            const primary = keyArnParts(props.primaryKeyArn);
            const region = regionOf(props);
            const request = {
                KeyId: primary.keyId, ReplicaRegion: region, Description: props.description, Policy: props.policy,
                BypassPolicyLockoutSafetyCheck: props.bypassPolicyLockoutSafetyCheck, Tags: props.tags ? tagList(props.tags) : undefined,
            };
            // Replication is initiated in the primary key's Region.
            const out = await awsCall(`creating ${what}`, () => aws(primary.region).kms.send(new ReplicateKeyCommand(request)));
            record("ReplicateKey", { region: primary.region, ...request });
            const id = out.ReplicaKeyMetadata!.KeyId!;
            const { kms } = aws(region);
            if (props.enabled === false) await awsCall(`disabling ${what} (${id})`, () => kms.send(new DisableKeyCommand({ KeyId: id })));
            await completeReplica(kms, id, region, props);
            return { id, outs: outputs(props, (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!) };
        },

        async read(id: string, props: Props): Promise<provider.ReadResult> {
            const { kms } = aws(regionOf(props));
            const meta = await liveKey(kms, id);
            if (!meta) return { id: "", props: {} };
            const tags = await keyTagMap(kms, id);
            const state = withDrift({ ...outputs(props, meta), ...props, arn: meta.Arn, keyId: meta.KeyId, region: regionOf(props) }, props, {
                description: [meta.Description ?? "", ""],
                enabled: [meta.Enabled, true],
                policy: [await keyPolicyText(kms, id, props.policy), undefined],
                primaryKeyArn: [meta.MultiRegionConfiguration?.PrimaryKey?.Arn ?? props.primaryKeyArn, undefined],
                tags: [tags, {}],
            });
            state.tagsAll = tags;
            return { id, props: state, inputs: pick(state, inputs) };
        },

        async update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
            const { kms } = aws(regionOf(news));
            if (external && (!same(olds.keyMaterialBase64, news.keyMaterialBase64) || !same(olds.validTo, news.validTo))) {
                refuseKeyMaterial(`updating ${what} (${id})`, news);
            }
            await updateKeyCommon(kms, what, id, olds, news, "enabled");
            return { outs: outputs(news, (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!) };
        },

        delete: (id: string, props: Props) => scheduleDeletion(what, id, props),
    };
}

// ------------------------------------------------------------------ aws:kms/grant:Grant

// Every input replaces the grant (KMS cannot change a grant), as in the real provider; its id is <key id>:<grant id>.
const GRANT_INPUTS = ["keyId", "granteePrincipal", "operations", "constraints", "retiringPrincipal", "name", "grantCreationTokens", "retireOnDelete", "region"];

function grantIds(id: string): { KeyId: string; GrantId: string } {
    return { KeyId: id.slice(0, id.lastIndexOf(":")), GrantId: id.slice(id.lastIndexOf(":") + 1) };
}

const grant = {
    check(news: Props) {
        const failures: provider.CheckFailure[] = [];
        for (const key of ["keyId", "granteePrincipal", "operations"]) required(failures, news, key);
        return { inputs: withRegion(news, failures), failures };
    },

    async create(inputs: Props): Promise<provider.CreateResult> {
        const c = inputs.constraints?.[0];
        const constraints = c ? { EncryptionContextEquals: c.encryptionContextEquals, EncryptionContextSubset: c.encryptionContextSubset } : undefined;
        const out = await awsCall(`creating KMS Grant (${inputs.keyId})`, () => aws(regionOf(inputs)).kms.send(new CreateGrantCommand({
            KeyId: inputs.keyId, GranteePrincipal: inputs.granteePrincipal, Operations: inputs.operations, Constraints: constraints,
            RetiringPrincipal: inputs.retiringPrincipal, Name: inputs.name, GrantTokens: inputs.grantCreationTokens,
        })));
        return { id: `${inputs.keyId}:${out.GrantId}`, outs: { ...pick(inputs, GRANT_INPUTS), region: regionOf(inputs), grantId: out.GrantId, grantToken: out.GrantToken } };
    },

    async read(id: string, props: Props): Promise<provider.ReadResult> {
        const { KeyId, GrantId } = grantIds(id);
        const page = await aws(regionOf(props)).kms.send(new ListGrantsCommand({ KeyId, GrantId })).catch((e) => (notFound(e) ? { Grants: [] } : Promise.reject(e)));
        const found = page.Grants?.find((g) => g.GrantId === GrantId);
        if (!found) return { id: "", props: {} };
        const inputs = pick({ ...props, granteePrincipal: found.GranteePrincipal, operations: found.Operations, retiringPrincipal: found.RetiringPrincipal, region: regionOf(props) }, GRANT_INPUTS);
        return { id, props: { ...props, ...inputs, grantId: GrantId }, inputs };
    },

    async update(): Promise<provider.UpdateResult> {
        throw new Error("a KMS grant cannot be updated; every input replaces it");
    },

    async delete(id: string, props: Props): Promise<void> {
        const ids = grantIds(id);
        const { kms } = aws(regionOf(props));
        try {
            // retireOnDelete: retired (as its retiring principal would), otherwise revoked, as the real provider does.
            await (props.retireOnDelete ? kms.send(new RetireGrantCommand(ids)) : kms.send(new RevokeGrantCommand(ids)));
        } catch (e) {
            if (!notFound(e)) throw new Error(`deleting KMS Grant (${id}): ${(e as Error).name}: ${(e as Error).message}`);
        }
    },
};

// ------------------------------------------------------------------ aws:kms/alias:Alias

async function findAlias(name: string, region: string): Promise<AliasListEntry | undefined> {
    let marker: string | undefined;
    do {
        const page = await aws(region).kms.send(new ListAliasesCommand({ Marker: marker }));
        const found = page.Aliases?.find((a) => a.AliasName === name);
        if (found) return found;
        marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return undefined;
}

async function keyArnOf(keyIdOrArn: string, region: string): Promise<string> {
    return (await aws(region).kms.send(new DescribeKeyCommand({ KeyId: keyIdOrArn }))).KeyMetadata!.Arn!;
}

const alias = {
    check(news: Props) {
        const failures: provider.CheckFailure[] = [];
        required(failures, news, "targetKeyId");
        if (news.name === undefined) failures.push(failure("name", "the stand-in aws provider needs an alias name (namePrefix is not supported)"));
        else if (!isUnknown(news.name) && !/^alias\/[a-zA-Z0-9/_-]+$/.test(news.name)) {
            failures.push(failure("name", `name must begin with 'alias/' and be comprised of only [a-zA-Z0-9/_-], got ${JSON.stringify(news.name)}`));
        }
        return { inputs: withRegion(news, failures), failures };
    },

    async outputs(inputs: Props): Promise<Props> {
        const region = regionOf(inputs);
        return {
            name: inputs.name,
            targetKeyId: inputs.targetKeyId,
            arn: `arn:aws:kms:${region}:${await accountId()}:${inputs.name}`,
            targetKeyArn: await keyArnOf(inputs.targetKeyId, region),
            region,
        };
    },

    async create(inputs: Props): Promise<provider.CreateResult> {
        await awsCall(`creating KMS Alias (${inputs.name})`, () =>
            aws(regionOf(inputs)).kms.send(new CreateAliasCommand({ AliasName: inputs.name, TargetKeyId: inputs.targetKeyId })));
        return { id: inputs.name, outs: await alias.outputs(inputs) };
    },

    async read(id: string, props: Props): Promise<provider.ReadResult> {
        const region = regionOf(props);
        const found = await findAlias(id, region);
        if (!found) return { id: "", props: {} };
        const targetKeyArn = await keyArnOf(found.TargetKeyId!, region);
        const targetKeyId = props.targetKeyId === targetKeyArn || props.targetKeyId === found.TargetKeyId ? props.targetKeyId : targetKeyArn;
        const state = { name: found.AliasName, targetKeyId, arn: found.AliasArn, targetKeyArn, region };
        return { id, props: state, inputs: { name: state.name, targetKeyId, region } };
    },

    async update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        if (!same(olds.targetKeyId, news.targetKeyId)) {
            await awsCall(`updating KMS Alias (${id})`, () =>
                aws(regionOf(news)).kms.send(new UpdateAliasCommand({ AliasName: news.name, TargetKeyId: news.targetKeyId })));
        }
        return { outs: await alias.outputs(news) };
    },

    async delete(id: string, props: Props): Promise<void> {
        try {
            await aws(regionOf(props)).kms.send(new DeleteAliasCommand({ AliasName: id }));
        } catch (e) {
            if (!notFound(e)) throw new Error(`deleting KMS Alias (${id}): ${(e as Error).name}: ${(e as Error).message}`);
        }
    },
};

// ------------------------------------------------------------------ aws:iam/rolePolicy:RolePolicy, aws:iam/userPolicy:UserPolicy

/** IAM inline policies of roles ("role") or users ("user"); the id is `<role or user>:<policy name>`. */
function inlinePolicy(owner: "role" | "user") {
    const iam = () => aws().iam; // the client of the configured region, made on first use
    const put = (o: string, name: string, doc: string): Promise<unknown> => owner === "role"
        ? iam().send(new PutRolePolicyCommand({ RoleName: o, PolicyName: name, PolicyDocument: doc }))
        : iam().send(new PutUserPolicyCommand({ UserName: o, PolicyName: name, PolicyDocument: doc }));
    const get = async (o: string, name: string): Promise<string> => (owner === "role"
        ? await iam().send(new GetRolePolicyCommand({ RoleName: o, PolicyName: name }))
        : await iam().send(new GetUserPolicyCommand({ UserName: o, PolicyName: name }))).PolicyDocument!;
    const del = (o: string, name: string): Promise<unknown> => owner === "role"
        ? iam().send(new DeleteRolePolicyCommand({ RoleName: o, PolicyName: name }))
        : iam().send(new DeleteUserPolicyCommand({ UserName: o, PolicyName: name }));
    const what = owner === "role" ? "IAM Role Policy" : "IAM User Policy";
    const split = (id: string) => {
        const i = id.indexOf(":");
        return [id.slice(0, i), id.slice(i + 1)] as const;
    };
    return {
        inputs: ["name", "namePrefix", "policy", owner] as const,
        replaces: ["name", "namePrefix", owner],
        check(news: Props, olds: Props, urn: string): { inputs: Props; failures: provider.CheckFailure[] } {
            const failures: provider.CheckFailure[] = [];
            required(failures, news, owner);
            required(failures, news, "policy");
            checkJson(failures, news, "policy");
            const inputs = { ...news };
            // Auto-naming as the real provider: <resource name>-<7 random hex>, kept across updates.
            if (inputs.name === undefined && inputs.namePrefix === undefined) {
                inputs.name = olds.name ?? `${nameOf(urn)}-${randomBytes(4).toString("hex").slice(0, 7)}`;
            } else if (inputs.name === undefined) {
                inputs.name = olds.name?.startsWith(inputs.namePrefix) ? olds.name : `${inputs.namePrefix}${randomBytes(13).toString("hex").slice(0, 26)}`;
            }
            if (!isUnknown(inputs.name) && !/^[\w+=,.@-]{1,128}$/.test(inputs.name)) {
                failures.push(failure("name", `invalid ${what} name ${JSON.stringify(inputs.name)}`));
            }
            return { inputs, failures };
        },
        async create(inputs: Props): Promise<provider.CreateResult> {
            const id = `${inputs[owner]}:${inputs.name}`;
            await awsCall(`putting ${what} (${id})`, () => put(inputs[owner], inputs.name, inputs.policy));
            return { id, outs: pick(inputs, ["name", "namePrefix", "policy", owner]) };
        },
        async read(id: string, props: Props): Promise<provider.ReadResult> {
            const [o, name] = split(id);
            let doc: string;
            try {
                doc = decodeURIComponent(await get(o, name));
            } catch (e) {
                if (notFound(e)) return { id: "", props: {} };
                throw e;
            }
            const policy = props.policy && same(JSON.parse(doc), JSON.parse(props.policy)) ? props.policy : doc;
            const state = { ...pick(props, ["namePrefix"]), name, [owner]: o, policy };
            return { id, props: state, inputs: state };
        },
        async update(id: string, _olds: Props, news: Props): Promise<provider.UpdateResult> {
            await awsCall(`putting ${what} (${id})`, () => put(news[owner], news.name, news.policy));
            return { outs: pick(news, ["name", "namePrefix", "policy", owner]) };
        },
        async delete(id: string): Promise<void> {
            const [o, name] = split(id);
            try {
                await del(o, name);
            } catch (e) {
                if (!notFound(e)) throw new Error(`deleting ${what} (${id}): ${(e as Error).name}: ${(e as Error).message}`);
            }
        },
    };
}

const rolePolicy = inlinePolicy("role");
const userPolicy = inlinePolicy("user");

// ------------------------------------------------------------------ invokes

let callerIdentity: Promise<{ accountId: string; arn: string; userId: string }> | undefined;

function identity() {
    callerIdentity ??= aws().sts.send(new GetCallerIdentityCommand({})).then((r) => ({ accountId: r.Account!, arn: r.Arn!, userId: r.UserId! }))
        .catch((e) => {
            callerIdentity = undefined;
            throw e;
        });
    return callerIdentity;
}

async function accountId(): Promise<string> {
    return (await identity()).accountId;
}

const invokes: { [token: string]: (args: Props) => Promise<Props> } = {
    "aws:index/getCallerIdentity:getCallerIdentity": async () => {
        const id = await identity();
        return { accountId: id.accountId, arn: id.arn, userId: id.userId, id: id.accountId };
    },
    "aws:index/getPartition:getPartition": async () =>
        ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": async (args) => {
        const r = args.region ?? args.name ?? configuredRegion();
        return { region: r, name: r, id: r, endpoint: `kms.${r}.amazonaws.com`, description: r };
    },
    "aws:kms/getAlias:getAlias": async (args) => {
        const region = regionOf(args);
        const found = await findAlias(args.name, region);
        if (!found || !found.TargetKeyId) throw new Error(`reading KMS Alias (${args.name}): couldn't find resource`);
        const targetKeyArn = await keyArnOf(found.TargetKeyId, region);
        return { arn: found.AliasArn, id: found.AliasArn, name: found.AliasName, targetKeyId: found.TargetKeyId, targetKeyArn, region };
    },
};

// ------------------------------------------------------------------ the provider

const resources: { [type: string]: ResourceImpl } = {
    "aws:kms/key:Key": keyResource(KEY),
    "aws:kms/externalKey:ExternalKey": keyResource(EXTERNAL_KEY),
    "aws:kms/replicaKey:ReplicaKey": replicaResource("KMS Replica Key", false),
    "aws:kms/replicaExternalKey:ReplicaExternalKey": replicaResource("KMS Replica External Key", true),
    "aws:kms/alias:Alias": { inputs: ["name", "targetKeyId", "region"], replaces: ["name", "region"], ...alias },
    "aws:kms/grant:Grant": { inputs: GRANT_INPUTS, replaces: GRANT_INPUTS, ...grant },
    "aws:iam/rolePolicy:RolePolicy": rolePolicy,
    "aws:iam/userPolicy:UserPolicy": userPolicy,
};

export const awsStandIn: StandIn = { name: "aws", version: AWS_VERSION, resources, invokes };

serveIfMain(module, awsStandIn);
