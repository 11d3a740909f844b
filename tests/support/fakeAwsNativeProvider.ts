// A stand-in for the `aws-native` resource provider, for the end-to-end tests of KmsKey's aws-native backend:
// the engine attaches it with PULUMI_DEBUG_PROVIDERS=aws-native:<port>. The real provider (pulumi/pulumi-aws-native,
// provider/pkg/provider/provider.go) does every CRUD operation through AWS Cloud Control (CreateResource,
// GetResource, UpdateResource, DeleteResource) with the CloudFormation resource schemas, which moto does not
// implement; this stand-in makes the KMS and IAM calls the CloudFormation handlers of those types make
// (aws-cloudformation/aws-cloudformation-resource-providers-kms, key/, alias/, replica-key/), on moto, and keeps
// the provider's own behaviour around them:
//
//   resources  aws-native:kms:Key, aws-native:kms:Alias, aws-native:kms:ReplicaKey, aws-native:iam:RolePolicy,
//              aws-native:iam:UserPolicy
//   invokes    aws-native:index:getAccountId, getRegion, getPartition, getUrlSuffix; aws-native:kms:getAlias, getKey
//   config     CheckConfig (the real one's refusals), Configure (region required: aws-native:region, AWS_REGION or
//              AWS_DEFAULT_REGION; credentials checked with STS unless skipCredentialsValidation), GetPluginInfo
//              (1.79.0, the version KmsKey pins)
//
// What the real provider does and the stand-in mirrors (provider.go: Check, Diff, Create, Read, Update, Delete):
// - Check validates only the Pulumi schema (unknown properties, required ones, primitive types) and merges the
//   provider's defaultTags into `tags`; the CloudFormation constraints (enums, 7-30 days, lengths, patterns) are
//   Cloud Control's "Model validation failed" at create or update, not preview failures.
// - The id is Cloud Control's primary identifier: KeyId (Key, ReplicaKey), AliasName (Alias),
//   "<PolicyName>|<RoleName>" ("|"-joined identifier parts: RolePolicy, UserPolicy).
// - The state is what GetResource returns (the handler's read model, in SDK names), write-only properties
//   (pendingWindowInDays, bypassPolicyLockoutSafetyCheck, rotationPeriodInDays) filled from the inputs, and the
//   inputs themselves under a secret `__inputs` (resources/checkpoint.go CheckpointObject).
// - Diff compares the new inputs with the old inputs' baseline read from the state (resources/path_classifier.go
//   ActualInputBaselineFromOutputs); a difference is DIFF_UNKNOWN with deleteBeforeReplace, so the engine
//   diffs the inputs itself and replaces only what the SDK's replaceOnChanges names (aliasName, primaryKeyArn,
//   policyName/roleName/userName). A Key has no create-only property: changing keySpec, keyUsage, multiRegion or
//   origin fails the update (the handler refuses it, as the SDK's docs of those properties say).
// - Read (refresh) keeps the inputs the program gave, with drifted values from AWS; a key pending deletion is
//   gone (the handlers' describeKey: PendingDeletion or PendingReplicaDeletion is NotFound).
// - keyPolicy and policyDocument are objects (a string policy is parsed), compared as JSON; tags are
//   [{key, value}] compared as a set (the schemas' insertionOrder: false).
// - Delete of a Key or ReplicaKey schedules its deletion with KMS's default waiting period, 30 days, whatever
//   pendingWindowInDays says: Cloud Control's DeleteResource carries only the type and the identifier
//   (client/client.go Delete), pendingWindowInDays is write-only (never read back), and the handler's
//   ScheduleKeyDeletion takes the window from that model (common/KeyTranslator.java scheduleKeyDeletionRequest).
//
// One process serves every aws-native provider of a deployment (the default one and the explicit ones KmsKey
// makes for replica Regions), each on its own connection with its own Configure (fakeProviderKit.ts), so a
// ReplicaKey is created in the Region of the provider serving it.
//
// Where moto falls short the stand-in makes up for it, saying so at the spot: ReplicateKey (moto copies the primary,
// ignores Description, Policy and Tags, takes a key id only and replicates single-Region keys), DescribeKey (no
// KeyUsage or MultiRegion when CreateKey had none). What it does not do: Cloud Control's asynchronous progress,
// retries and throttling; a primary with replicas going to PendingReplicaDeletion (moto: PendingDeletion); preview
// Creates (it tells the engine SupportsPreview false, as the SDK's provider server would otherwise really create in
// a preview; the real provider previews with the inputs as outputs) and secrets on the wire (AcceptSecrets false);
// autoNaming, extension and custom resources; resources and invokes KmsKey does not use.
//
// Run: node -r ts-node/register/transpile-only tests/support/fakeAwsNativeProvider.ts   (tests/support/fakeAws.ts)
import {
    CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand,
    EnableKeyCommand, EnableKeyRotationCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand,
    ListResourceTagsCommand, PutKeyPolicyCommand, ReplicateKeyCommand, ScheduleKeyDeletionCommand, TagResourceCommand,
    UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand, type KeyMetadata, type KMSClient,
} from "@aws-sdk/client-kms";
import {
    DeleteRolePolicyCommand, DeleteUserPolicyCommand, GetRolePolicyCommand, GetUserPolicyCommand, PutRolePolicyCommand,
    PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type * as provider from "@pulumi/pulumi/provider";
import {
    aws, configuredRegion, configuredVars, failure, isUnknown, notFound, record, serveIfMain,
    type Props, type ResourceImpl, type StandIn,
} from "./fakeProviderKit";

export const AWS_NATIVE_VERSION = "1.79.0";

// ------------------------------------------------------------------ the schemas

/**
 * A property as the stand-in needs it: its Pulumi type (Check), its CloudFormation constraints (Cloud Control's
 * model validation) and its kind. From the CloudFormation schemas in pulumi/pulumi-aws-native
 * aws-cloudformation-schema/aws-kms-key.json, aws-kms-alias.json, aws-kms-replicakey.json, aws-iam-rolepolicy.json,
 * aws-iam-userpolicy.json.
 */
interface Prop {
    type: "string" | "integer" | "boolean" | "json" | "tags";
    required?: true;
    writeOnly?: true;
    enum?: readonly string[];
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: RegExp;
    /** The value AWS reports when the property was not given (the CloudFormation default). */
    default?: unknown;
}

interface Schema {
    /** The CloudFormation type, for Cloud Control's messages. */
    cfType: string;
    inputs: { [name: string]: Prop };
    /** Properties AWS reports that are not inputs (readOnlyProperties). */
    outputs: readonly string[];
}

const KEY_SPECS = [
    "SYMMETRIC_DEFAULT", "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
    "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519",
] as const;
/** What AWS::KMS::Key and AWS::KMS::ReplicaKey share. */
const KEY_COMMON: { [name: string]: Prop } = {
    description: { type: "string", minLength: 0, maxLength: 8192 },
    enabled: { type: "boolean" },
    keyPolicy: { type: "json" },
    pendingWindowInDays: { type: "integer", writeOnly: true, min: 7, max: 30 },
    tags: { type: "tags" },
};

const SCHEMAS: { [token: string]: Schema } = {
    "aws-native:kms:Key": {
        cfType: "AWS::KMS::Key",
        inputs: {
            ...KEY_COMMON,
            bypassPolicyLockoutSafetyCheck: { type: "boolean", writeOnly: true },
            enableKeyRotation: { type: "boolean" },
            keySpec: { type: "string", enum: KEY_SPECS, default: "SYMMETRIC_DEFAULT" },
            keyUsage: { type: "string", enum: ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"], default: "ENCRYPT_DECRYPT" },
            multiRegion: { type: "boolean", default: false },
            origin: { type: "string", enum: ["AWS_KMS", "EXTERNAL"], default: "AWS_KMS" },
            rotationPeriodInDays: { type: "integer", writeOnly: true, min: 90, max: 2560 },
        },
        outputs: ["arn", "keyId"],
    },
    "aws-native:kms:ReplicaKey": {
        cfType: "AWS::KMS::ReplicaKey",
        inputs: {
            ...KEY_COMMON,
            keyPolicy: { type: "json", required: true },
            primaryKeyArn: { type: "string", required: true, minLength: 1, maxLength: 256 },
        },
        outputs: ["arn", "keyId"],
    },
    "aws-native:kms:Alias": {
        cfType: "AWS::KMS::Alias",
        inputs: {
            aliasName: { type: "string", required: true, minLength: 1, maxLength: 256, pattern: /^(alias\/)[a-zA-Z0-9:/_-]+$/ },
            targetKeyId: { type: "string", required: true, minLength: 1, maxLength: 256 },
        },
        outputs: [],
    },
    "aws-native:iam:RolePolicy": {
        cfType: "AWS::IAM::RolePolicy",
        inputs: { policyDocument: { type: "json" }, policyName: { type: "string", required: true }, roleName: { type: "string", required: true } },
        outputs: [],
    },
    "aws-native:iam:UserPolicy": {
        cfType: "AWS::IAM::UserPolicy",
        inputs: { policyDocument: { type: "json" }, policyName: { type: "string", required: true }, userName: { type: "string", required: true } },
        outputs: [],
    },
};

// ------------------------------------------------------------------ values

/** A JSON policy given as text is the same document as its object (the schemas' type ["object", "string"]). */
function jsonValue(v: unknown): unknown {
    if (typeof v !== "string") return v;
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

/** A value with object keys sorted and, for tags, the list sorted by key: the form two equal values share. */
function canonical(v: unknown, prop?: Prop): unknown {
    if (prop?.type === "json") v = jsonValue(v);
    if (prop?.type === "tags" && Array.isArray(v)) {
        return [...v].map((t) => canonical(t)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    if (Array.isArray(v)) return v.map((e) => canonical(e));
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Props)[k])]));
    }
    return v;
}

function equal(a: unknown, b: unknown, prop?: Prop): boolean {
    return JSON.stringify(canonical(a ?? null, prop)) === JSON.stringify(canonical(b ?? null, prop));
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** The inputs checkpointed in a state (`__inputs`, a secret; sent back plain, as the stand-in accepts no secrets). */
function checkpointedInputs(state: Props): Props | undefined {
    const v = state.__inputs;
    return v && typeof v === "object" && v[SECRET_SIG] === SECRET ? v.value : v;
}

/** The state of a resource: what AWS reports, write-only inputs kept as given, and the inputs under `__inputs`. */
function checkpoint(schema: Schema, inputs: Props, actual: Props): Props {
    const state: Props = { ...actual };
    for (const [k, p] of Object.entries(schema.inputs)) {
        if (p.writeOnly && inputs[k] !== undefined) state[k] = inputs[k];
    }
    state.__inputs = { [SECRET_SIG]: SECRET, value: inputs };
    return state;
}

/**
 * The old inputs as AWS now has them (ActualInputBaselineFromOutputs): for every property the old or the new
 * inputs name, the reported value, or for a write-only one the old input.
 */
function baseline(schema: Schema, oldInputs: Props, actual: Props, news: Props): Props {
    const out: Props = {};
    for (const k of new Set([...Object.keys(oldInputs), ...Object.keys(news)])) {
        const p = schema.inputs[k];
        if (!p) continue;
        const v = p.writeOnly ? oldInputs[k] : actual[k];
        if (v !== undefined) out[k] = v;
    }
    return out;
}

const tagsOf = (tags: Props[] | undefined) => (tags ?? []).map((t) => ({ TagKey: t.key, TagValue: t.value }));

function policyText(v: unknown): string | undefined {
    return v === undefined || typeof v === "string" ? v : JSON.stringify(v);
}

// ------------------------------------------------------------------ Check and Cloud Control's model validation

const PULUMI_TYPES: { [t in Prop["type"]]: (v: unknown) => boolean } = {
    string: (v) => typeof v === "string",
    integer: (v) => typeof v === "number" && Number.isInteger(v),
    boolean: (v) => typeof v === "boolean",
    json: () => true,
    tags: (v) => Array.isArray(v),
};
const TYPE_WORDS: { [t in Prop["type"]]: string } = { string: "a string", integer: "an integer", boolean: "a bool", json: "", tags: "an array" };

/** The Pulumi schema's checks (resources/validate.go ValidateResource), with its messages. */
function checkInputs(schema: Schema, news: Props): provider.CheckFailure[] {
    const failures: provider.CheckFailure[] = [];
    for (const [k, v] of Object.entries(news)) {
        const p = schema.inputs[k];
        if (!p) {
            failures.push(failure(k, `unknown property ${k}`));
        } else if (!isUnknown(v) && !PULUMI_TYPES[p.type](v)) {
            failures.push(failure(k, `${k} must be ${TYPE_WORDS[p.type]}`));
        } else if (p.type === "tags" && Array.isArray(v)) {
            v.forEach((t, i) => {
                for (const f of ["key", "value"]) {
                    if (isUnknown(t?.[f])) continue;
                    if (t?.[f] === undefined) failures.push(failure(`${k}[${i}].${f}`, `missing required property ${k}[${i}].${f}`));
                    else if (typeof t[f] !== "string") failures.push(failure(`${k}[${i}].${f}`, `${k}[${i}].${f} must be a string`));
                }
            });
        }
    }
    for (const [k, p] of Object.entries(schema.inputs)) {
        if (p.required && news[k] === undefined) failures.push(failure(k, `missing required property ${k}`));
    }
    return failures;
}

const cfnName = (k: string): string => k[0].toUpperCase() + k.slice(1);

/** Cloud Control's validation of the model against the CloudFormation schema, failing the operation. */
function validateModel(schema: Schema, op: "CREATE" | "UPDATE", inputs: Props): void {
    const problems: string[] = [];
    for (const [k, p] of Object.entries(schema.inputs)) {
        const v = inputs[k];
        if (v === undefined) continue;
        const at = `#/${cfnName(k)}`;
        if (p.enum && !p.enum.includes(v)) problems.push(`${at}: ${v} is not a valid enum value`);
        if (p.min !== undefined && v < p.min) problems.push(`${at}: ${v} is less than minimum value ${p.min}`);
        if (p.max !== undefined && v > p.max) problems.push(`${at}: ${v} is greater than maximum value ${p.max}`);
        if (p.minLength !== undefined && String(v).length < p.minLength) problems.push(`${at}: expected minLength: ${p.minLength}, actual: ${String(v).length}`);
        if (p.maxLength !== undefined && String(v).length > p.maxLength) problems.push(`${at}: expected maxLength: ${p.maxLength}, actual: ${String(v).length}`);
        if (p.pattern && !p.pattern.test(v)) problems.push(`${at}: failed validation constraint for keyword [pattern]`);
    }
    if (problems.length) {
        throw new Error(`operation ${op} failed with "InvalidRequest": Model validation failed (${problems.join(", ")}) (${schema.cfType})`);
    }
}

/** The provider's defaultTags (aws-native:defaultTags: {"tags": {...}} or a plain map), under the resource's own tags. */
function withDefaultTags(news: Props): Props {
    const text = configuredVars()["aws-native:config:defaultTags"];
    if (!text || isUnknown(news.tags)) return news;
    const parsed = JSON.parse(text);
    const defaults: Props = parsed?.tags ?? parsed ?? {};
    const own: Props[] = Array.isArray(news.tags) ? news.tags : [];
    const added = Object.entries(defaults).filter(([key]) => !own.some((t) => t.key === key)).map(([key, value]) => ({ key, value: String(value) }));
    return added.length ? { ...news, tags: [...own, ...added] } : news;
}

// ------------------------------------------------------------------ the handlers, over KMS and IAM

/** What a CloudFormation resource handler does (create returns the primary identifier; read returns null when gone). */
interface Handler {
    create(inputs: Props): Promise<string>;
    read(id: string): Promise<Props | null>;
    update(id: string, olds: Props, news: Props): Promise<void>;
    delete(id: string): Promise<void>;
    /** Properties whose change the handler refuses (the Key's immutable ones). */
    immutable?: readonly string[];
}

async function describe(kms: KMSClient, keyId: string): Promise<KeyMetadata | null> {
    try {
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
        // A key pending deletion is not found (common/KeyHandlerHelper.java describeKey).
        return meta.KeyState === "PendingDeletion" || meta.KeyState === "PendingReplicaDeletion" ? null : meta;
    } catch (e) {
        if (notFound(e)) return null;
        throw e;
    }
}

async function keyTags(kms: KMSClient, keyId: string): Promise<Props[] | undefined> {
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [];
    // The read handler sets Tags only when the key has some.
    return tags.length ? tags.map((t) => ({ key: t.TagKey!, value: t.TagValue ?? "" })) : undefined;
}

async function keyPolicy(kms: KMSClient, keyId: string): Promise<unknown> {
    const text = (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy;
    return text ? JSON.parse(text) : undefined;
}

/** The updates a key and a replica key share: description, policy, enabled state, tags (KeyHandlerHelper). */
async function updateCommon(kms: KMSClient, id: string, olds: Props, news: Props): Promise<void> {
    if ((olds.description ?? "") !== (news.description ?? "")) {
        await kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: news.description ?? "" }));
    }
    if (news.keyPolicy !== undefined && !equal(olds.keyPolicy, news.keyPolicy, { type: "json" })) {
        await kms.send(new PutKeyPolicyCommand({
            KeyId: id, PolicyName: "default", Policy: policyText(news.keyPolicy), BypassPolicyLockoutSafetyCheck: news.bypassPolicyLockoutSafetyCheck,
        }));
    }
    if ((olds.enabled ?? true) !== (news.enabled ?? true)) {
        await kms.send(news.enabled === false ? new DisableKeyCommand({ KeyId: id }) : new EnableKeyCommand({ KeyId: id }));
    }
    if (!equal(olds.tags, news.tags, { type: "tags" })) {
        const wanted = new Map<string, string>((news.tags ?? []).map((t: Props) => [t.key, t.value]));
        const removed = (olds.tags ?? []).map((t: Props) => t.key).filter((k: string) => !wanted.has(k));
        if (removed.length) await kms.send(new UntagResourceCommand({ KeyId: id, TagKeys: removed }));
        if (wanted.size) await kms.send(new TagResourceCommand({ KeyId: id, Tags: tagsOf(news.tags) }));
    }
}

/** Delete of a key or replica key: ScheduleKeyDeletion with the handler's model, which has no window (see the header). */
async function scheduleDeletion(id: string): Promise<void> {
    record("ScheduleKeyDeletion", { keyId: id, region: configuredRegion(), pendingWindowInDays: 30 });
    try {
        await aws().kms.send(new ScheduleKeyDeletionCommand({ KeyId: id }));
    } catch (e) {
        // Not found, or already pending deletion (KMSInvalidStateException): Cloud Control's NotFound, a success.
        if (!notFound(e) && (e as { name?: string }).name !== "KMSInvalidStateException") throw e;
    }
}

const keyHandler: Handler = {
    immutable: ["keySpec", "keyUsage", "multiRegion", "origin"],

    async create(m) {
        const { kms } = aws();
        const meta = (await kms.send(new CreateKeyCommand({
            Description: m.description,
            KeyUsage: m.keyUsage,
            KeySpec: m.keySpec,
            Origin: m.origin,
            MultiRegion: m.multiRegion,
            Policy: policyText(m.keyPolicy),
            BypassPolicyLockoutSafetyCheck: m.bypassPolicyLockoutSafetyCheck,
            Tags: m.tags ? tagsOf(m.tags) : undefined,
        }))).KeyMetadata!;
        if (m.enableKeyRotation) {
            await kms.send(new EnableKeyRotationCommand({ KeyId: meta.KeyId, RotationPeriodInDays: m.rotationPeriodInDays }));
        }
        if (m.enabled === false) await kms.send(new DisableKeyCommand({ KeyId: meta.KeyId }));
        return meta.KeyId!;
    },

    async read(id) {
        const { kms } = aws();
        const meta = await describe(kms, id);
        if (!meta) return null;
        const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
        // KMS always reports the usage, spec, Region mode and origin; moto leaves the usage out when CreateKey had none.
        const inputs = SCHEMAS["aws-native:kms:Key"].inputs;
        return {
            arn: meta.Arn, keyId: meta.KeyId, description: meta.Description ?? "", enabled: meta.Enabled,
            keyUsage: meta.KeyUsage ?? inputs.keyUsage.default, keySpec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? inputs.keySpec.default,
            multiRegion: meta.MultiRegion ?? inputs.multiRegion.default, origin: meta.Origin ?? inputs.origin.default,
            keyPolicy: await keyPolicy(kms, id), enableKeyRotation: rotation.KeyRotationEnabled ?? false, tags: await keyTags(kms, id),
        };
    },

    async update(id, olds, news) {
        const { kms } = aws();
        // Enabled first: rotation can only change on an enabled key.
        await updateCommon(kms, id, olds, news);
        const period = news.rotationPeriodInDays;
        if ((olds.enableKeyRotation ?? false) !== (news.enableKeyRotation ?? false) || (news.enableKeyRotation && olds.rotationPeriodInDays !== period)) {
            await kms.send(news.enableKeyRotation
                ? new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: period })
                : new DisableKeyRotationCommand({ KeyId: id }));
        }
    },

    delete: scheduleDeletion,
};

const replicaKeyHandler: Handler = {
    async create(m) {
        const primaryRegion = String(m.primaryKeyArn).split(":")[3];
        const primary = aws(primaryRegion).kms;
        const primaryMeta = await describe(primary, m.primaryKeyArn);
        if (!primaryMeta) throw new Error(`NotFoundException: Key '${m.primaryKeyArn}' does not exist`);
        // KMS refuses to replicate a single-Region key; moto copies any key.
        if (!primaryMeta.MultiRegion) throw new Error(`UnsupportedOperationException: ${m.primaryKeyArn} is not a multi-Region key`);
        const replicaRegion = configuredRegion();
        // The handler calls ReplicateKey in the primary's Region with the ARN; moto looks keys up by id only.
        await primary.send(new ReplicateKeyCommand({
            KeyId: primaryMeta.KeyId, ReplicaRegion: replicaRegion, Description: m.description, Policy: policyText(m.keyPolicy),
            Tags: m.tags ? tagsOf(m.tags) : undefined,
        }));
        // moto's ReplicateKey copies the primary and ignores Description, Policy and Tags: set them on the replica as
        // ReplicateKey does in AWS, so moto holds what AWS would.
        const kms = aws(replicaRegion).kms;
        const id = primaryMeta.KeyId!;
        await kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: m.description ?? "" }));
        await kms.send(new PutKeyPolicyCommand({ KeyId: id, PolicyName: "default", Policy: policyText(m.keyPolicy) }));
        if (m.tags?.length) await kms.send(new TagResourceCommand({ KeyId: id, Tags: tagsOf(m.tags) }));
        if (m.enabled === false) await kms.send(new DisableKeyCommand({ KeyId: id }));
        return id;
    },

    async read(id) {
        const { kms } = aws();
        const meta = await describe(kms, id);
        if (!meta) return null;
        return {
            arn: meta.Arn, keyId: meta.KeyId, description: meta.Description ?? "", enabled: meta.Enabled,
            keyPolicy: await keyPolicy(kms, id), primaryKeyArn: meta.MultiRegionConfiguration?.PrimaryKey?.Arn, tags: await keyTags(kms, id),
        };
    },

    async update(id, olds, news) {
        await updateCommon(aws().kms, id, olds, news);
    },

    delete: scheduleDeletion,
};

const aliasHandler: Handler = {
    async create(m) {
        await aws().kms.send(new CreateAliasCommand({ AliasName: m.aliasName, TargetKeyId: m.targetKeyId }));
        return m.aliasName;
    },

    // The read handler lists the aliases: TargetKeyId is the key's id, however the alias was created.
    async read(id) {
        let marker: string | undefined;
        do {
            const page = await aws().kms.send(new ListAliasesCommand({ Marker: marker }));
            const found = page.Aliases?.find((a) => a.AliasName === id);
            if (found) return { aliasName: found.AliasName, targetKeyId: found.TargetKeyId };
            marker = page.Truncated ? page.NextMarker : undefined;
        } while (marker);
        return null;
    },

    async update(id, _olds, news) {
        await aws().kms.send(new UpdateAliasCommand({ AliasName: id, TargetKeyId: news.targetKeyId }));
    },

    async delete(id) {
        try {
            await aws().kms.send(new DeleteAliasCommand({ AliasName: id }));
        } catch (e) {
            if (!notFound(e)) throw e;
        }
    },
};

/** AWS::IAM::RolePolicy and AWS::IAM::UserPolicy: inline policies; the identifier is "<PolicyName>|<RoleName or UserName>". */
function inlinePolicyHandler(owner: "roleName" | "userName"): Handler {
    const role = owner === "roleName";
    const iam = () => aws().iam;
    const get = async (name: string, o: string): Promise<string | null> => {
        try {
            const r = role
                ? await iam().send(new GetRolePolicyCommand({ RoleName: o, PolicyName: name }))
                : await iam().send(new GetUserPolicyCommand({ UserName: o, PolicyName: name }));
            return decodeURIComponent(r.PolicyDocument!);
        } catch (e) {
            if (notFound(e)) return null;
            throw e;
        }
    };
    const put = (name: string, o: string, doc: unknown): Promise<unknown> => role
        ? iam().send(new PutRolePolicyCommand({ RoleName: o, PolicyName: name, PolicyDocument: policyText(doc) }))
        : iam().send(new PutUserPolicyCommand({ UserName: o, PolicyName: name, PolicyDocument: policyText(doc) }));
    const split = (id: string): [string, string] => [id.slice(0, id.indexOf("|")), id.slice(id.indexOf("|") + 1)];
    return {
        async create(m) {
            // The create handler refuses to overwrite an inline policy of that name.
            if (await get(m.policyName, m[owner])) throw new Error(`operation CREATE failed with "AlreadyExists": ${m.policyName} already exists`);
            await put(m.policyName, m[owner], m.policyDocument);
            return `${m.policyName}|${m[owner]}`;
        },
        async read(id) {
            const [name, o] = split(id);
            const doc = await get(name, o);
            return doc === null ? null : { policyDocument: JSON.parse(doc), policyName: name, [owner]: o };
        },
        async update(id, _olds, news) {
            const [name, o] = split(id);
            await put(name, o, news.policyDocument);
        },
        async delete(id) {
            const [name, o] = split(id);
            try {
                await (role ? iam().send(new DeleteRolePolicyCommand({ RoleName: o, PolicyName: name }))
                    : iam().send(new DeleteUserPolicyCommand({ UserName: o, PolicyName: name })));
            } catch (e) {
                if (!notFound(e)) throw e;
            }
        },
    };
}

// ------------------------------------------------------------------ the provider's side (provider.go)

/** A Cloud Control resource type as the provider serves it: Check, Diff, Create, Read, Update and Delete. */
function cloudControlResource(token: string, handler: Handler): ResourceImpl {
    const schema = SCHEMAS[token];
    const inputsOf = (state: Props): Props => checkpointedInputs(state) ?? {};
    const reported = async (id: string, what: string): Promise<Props> => {
        const actual = await handler.read(id);
        if (!actual) throw new Error(`${what}: resource ${id} of type ${schema.cfType} not found`);
        return actual;
    };
    return {
        inputs: Object.keys(schema.inputs),
        replaces: [],
        check(news) {
            // Null properties are dropped (provider.go filterNullProperties), default tags merged, the schema checked.
            const inputs = withDefaultTags(Object.fromEntries(Object.entries(news).filter(([, v]) => v !== null)));
            return { inputs, failures: checkInputs(schema, inputs) };
        },
        diff(_id, olds, news) {
            const oldInputs = inputsOf(olds);
            const base = baseline(schema, oldInputs, olds, news);
            const same = Object.keys({ ...base, ...news }).every((k) => !isUnknown(news[k]) && equal(base[k], news[k], schema.inputs[k]));
            return same ? { changes: false } : { deleteBeforeReplace: true };
        },
        async create(inputs) {
            validateModel(schema, "CREATE", inputs);
            const id = await handler.create(inputs);
            return { id, outs: checkpoint(schema, inputs, await reported(id, "creating resource")) };
        },
        async read(id, props) {
            const actual = await handler.read(id);
            if (!actual) return { id: "", props: {} };
            const old = checkpointedInputs(props);
            let inputs: Props;
            if (old === undefined) {
                // An import: the writable properties AWS reports (ProjectWritableOutputState).
                inputs = Object.fromEntries(Object.entries(actual).filter(([k, v]) => v !== undefined && schema.inputs[k] && !schema.inputs[k].writeOnly));
            } else {
                // The program's inputs, each replaced by AWS's value where it drifted (SuppressBaselineDiffs).
                inputs = {};
                for (const [k, v] of Object.entries(old)) {
                    const p = schema.inputs[k];
                    if (p?.writeOnly || equal(v, actual[k], p)) inputs[k] = v;
                    else if (actual[k] !== undefined) inputs[k] = actual[k];
                }
            }
            return { id, props: checkpoint(schema, inputs, actual), inputs };
        },
        async update(id, olds, news) {
            validateModel(schema, "UPDATE", news);
            const oldInputs = inputsOf(olds);
            for (const k of handler.immutable ?? []) {
                const dflt = schema.inputs[k].default;
                if (!equal(oldInputs[k] ?? dflt, news[k] ?? dflt)) {
                    throw new Error(`operation UPDATE failed with "NotUpdatable": You cannot change the ${cfnName(k)} property of an existing KMS key (${schema.cfType} ${id})`);
                }
            }
            // Cloud Control hands the handler the resource as it reads it (write-only properties as last given).
            await handler.update(id, olds, news);
            return { outs: checkpoint(schema, news, await reported(id, "updating resource")) };
        },
        async delete(id) {
            await handler.delete(id);
        },
    };
}

const resources: { [type: string]: ResourceImpl } = {
    "aws-native:kms:Key": cloudControlResource("aws-native:kms:Key", keyHandler),
    "aws-native:kms:ReplicaKey": cloudControlResource("aws-native:kms:ReplicaKey", replicaKeyHandler),
    "aws-native:kms:Alias": cloudControlResource("aws-native:kms:Alias", aliasHandler),
    "aws-native:iam:RolePolicy": cloudControlResource("aws-native:iam:RolePolicy", inlinePolicyHandler("roleName")),
    "aws-native:iam:UserPolicy": cloudControlResource("aws-native:iam:UserPolicy", inlinePolicyHandler("userName")),
};

// ------------------------------------------------------------------ invokes

/** The partition of a Region (provider/pkg/provider/partitions.go). */
export function partitionOf(region: string): { partition: string; dnsSuffix: string } {
    if (/^cn-\w+-\d+$/.test(region)) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    if (/^us-gov-\w+-\d+$/.test(region)) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    if (/^us-iso-\w+-\d+$/.test(region)) return { partition: "aws-iso", dnsSuffix: "c2s.ic.gov" };
    if (/^us-isob-\w+-\d+$/.test(region)) return { partition: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov" };
    return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

async function accountId(): Promise<string> {
    return (await aws().sts.send(new GetCallerIdentityCommand({}))).Account!;
}

/** A resource read through Cloud Control by its identifier, as the provider's generated get* functions do (getInvokeFunc). */
function lookup(token: string, handler: Handler, identifier: string) {
    return async (args: Props): Promise<Props> => {
        if (typeof args[identifier] !== "string") throw new Error(`missing identifier property "${identifier}"`);
        const found = await handler.read(args[identifier]);
        if (!found) throw new Error("resource not found");
        return Object.fromEntries(Object.entries(found).filter(([k, v]) => v !== undefined && !SCHEMAS[token].inputs[k]?.writeOnly));
    };
}

const invokes: { [token: string]: (args: Props) => Promise<Props> } = {
    "aws-native:index:getAccountId": async () => ({ accountId: await accountId() }),
    "aws-native:index:getRegion": async () => ({ region: configuredRegion() }),
    "aws-native:index:getPartition": async () => partitionOf(configuredRegion()),
    "aws-native:index:getUrlSuffix": async () => ({ urlSuffix: partitionOf(configuredRegion()).dnsSuffix }),
    "aws-native:kms:getAlias": lookup("aws-native:kms:Alias", aliasHandler, "aliasName"),
    "aws-native:kms:getKey": lookup("aws-native:kms:Key", keyHandler, "keyId"),
};

// ------------------------------------------------------------------ config (provider.go CheckConfig, Configure)

/** The settings the real provider refuses as not yet implemented, with its reasons (CheckConfig). */
function checkConfig(news: Props): provider.CheckFailure[] {
    const truthy = (v: unknown) => v === true || (typeof v === "string" && v.length > 0);
    const issue = (n: number) => `not yet implemented. See https://github.com/pulumi/pulumi-aws-native/issues/${n}`;
    const refused: { [key: string]: [number, boolean] } = {
        ignoreTags: [110, true], insecure: [111, true], skipGetEc2Platforms: [115, false], skipMetadataApiCheck: [116, false],
        skipRegionValidation: [117, false], skipRequestingAccountId: [118, true],
    };
    return Object.keys(news).filter((k) => k in refused && (refused[k][1] || !truthy(news[k]))).map((k) => failure(k, issue(refused[k][0])));
}

async function configure(vars: Props): Promise<string> {
    const setting = (key: string, ...env: string[]): string | undefined =>
        vars[`aws-native:config:${key}`] ?? env.map((e) => process.env[e]).find((v) => v !== undefined);
    const region = setting("region", "AWS_REGION", "AWS_DEFAULT_REGION");
    if (region === undefined) {
        throw new Error("missing required configuration key \"aws-native:region\":The region where AWS operations will take place. Examples are eu-east-1, eu-west-2, etc.\n" +
            "\tSet a value using the command `pulumi config set aws-native:region <value>`, or by setting the environment variables `AWS_REGION` or `AWS_DEFAULT_REGION`.");
    }
    if (setting("skipCredentialsValidation", "AWS_SKIP_CREDENTIALS_VALIDATION") !== "true") {
        const account = await aws(region).sts.send(new GetCallerIdentityCommand({})).then((r) => r.Account!, (e) => {
            throw new Error(`could not get AWS account ID: ${(e as Error).message}`);
        });
        const forbidden: string[] = JSON.parse(vars["aws-native:config:forbiddenAccountIds"] ?? "[]");
        const allowed: string[] = JSON.parse(vars["aws-native:config:allowedAccountIds"] ?? "[]");
        if (forbidden.includes(account)) throw new Error(`forbidden account ID (${account})`);
        if (allowed.length && !allowed.includes(account)) throw new Error(`account ID not allowed (${account})`);
    }
    return region;
}

/** The provider's inputs as @pulumi/aws-native 1.79.0 declares them (provider.d.ts ProviderArgs; region required). */
const settings = (type: object, names: string[]) => names.map((n) => [n, type]);
const providerSchema = {
    inputProperties: Object.fromEntries([
        ...settings({ type: "string" }, ["accessKey", "profile", "region", "roleArn", "secretKey", "sharedCredentialsFile", "token"]),
        ...settings({ type: "boolean" }, ["insecure", "s3UsePathStyle", "skipCredentialsValidation", "skipGetEc2Platforms", "skipMetadataApiCheck",
            "skipRegionValidation", "skipRequestingAccountId"]),
        ...settings({ type: "integer" }, ["maxRetries"]),
        ...settings({ type: "array", items: { type: "string" } }, ["allowedAccountIds", "forbiddenAccountIds"]),
        ...settings({ $ref: "pulumi.json#/Any" }, ["assumeRole", "autoNaming", "defaultTags", "endpoints", "ignoreTags"]),
    ]),
    requiredInputs: ["region"],
};

export const awsNativeStandIn: StandIn = {
    name: "aws-native", version: AWS_NATIVE_VERSION, resources, invokes, checkConfig, configure, provider: providerSchema,
};

serveIfMain(module, awsNativeStandIn);
