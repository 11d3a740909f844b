// A stand-in for the `aws` resource provider (pulumi-resource-aws cannot be built offline), for the
// end-to-end tests: the engine attaches it with PULUMI_DEBUG_PROVIDERS=aws:<port>. It implements only what
// KmsKey needs and forwards every operation to a moto server through the AWS SDK v3 clients (dummy
// credentials), so the tests can check the result in moto:
//
//   resources  aws:kms/key:Key, aws:kms/alias:Alias, aws:kms/grant:Grant, aws:iam/rolePolicy:RolePolicy, aws:iam/userPolicy:UserPolicy
//              (Check/Diff/Create/Read/Update/Delete)
//   invokes    aws:index/getCallerIdentity, aws:index/getPartition, aws:index/getRegion, aws:kms/getAlias
//   config     CheckConfig/DiffConfig/Configure (region), GetPluginInfo (7.48.0, the @pulumi/aws version
//              the library depends on), GetSchema (a minimal schema)
//
// Deleting a key schedules its deletion with its deletionWindowInDays (ScheduleKeyDeletion), as the real
// provider does; the window must be 7-30 (AWS's rule, which moto does not enforce). Its inputs mirror
// @pulumi/aws 7.48.0's names. What it does not do: per-resource `region`, custom key stores, tagsAll from
// provider default tags, replica/external keys, alias namePrefix.
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
    ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
    UpdateKeyDescriptionCommand, type AliasListEntry, type KeyMetadata,
} from "@aws-sdk/client-kms";
import {
    DeleteRolePolicyCommand, DeleteUserPolicyCommand, GetRolePolicyCommand, GetUserPolicyCommand,
    PutRolePolicyCommand, PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type * as provider from "@pulumi/pulumi/provider";
import {
    aws, awsCall, checkRange, configuredRegion, failure, isUnknown, nameOf, notFound, pick, required, same, serveIfMain,
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

// ------------------------------------------------------------------ aws:kms/key:Key

const KEY_INPUTS = [
    "bypassPolicyLockoutSafetyCheck", "customKeyStoreId", "customerMasterKeySpec", "deletionWindowInDays",
    "description", "enableKeyRotation", "isEnabled", "keyUsage", "multiRegion", "policy", "rotationPeriodInDays",
    "tags", "xksKeyId",
] as const;
const KEY_REPLACES = ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"];

const key = {
    check(news: Props): provider.CheckFailure[] {
        const failures: provider.CheckFailure[] = [];
        checkRange(failures, news, "deletionWindowInDays", 7, 30);
        checkRange(failures, news, "rotationPeriodInDays", 90, 2560);
        checkJson(failures, news, "policy");
        if (typeof news.description === "string" && news.description.length > 8192) {
            failures.push(failure("description", "expected length of description to be in the range (0 - 8192)"));
        }
        return failures;
    },

    async create(inputs: Props): Promise<provider.CreateResult> {
        const { kms } = aws();
        if (inputs.customKeyStoreId || inputs.xksKeyId) throw new Error("custom key stores are not supported by the stand-in aws provider");
        const created = await awsCall("creating KMS Key", () => kms.send(new CreateKeyCommand({
            Description: inputs.description,
            Policy: inputs.policy,
            KeyUsage: inputs.keyUsage,
            KeySpec: inputs.customerMasterKeySpec,
            MultiRegion: inputs.multiRegion,
            BypassPolicyLockoutSafetyCheck: inputs.bypassPolicyLockoutSafetyCheck,
            Tags: inputs.tags ? tagList(inputs.tags) : undefined,
        })));
        const meta = created.KeyMetadata!;
        const keyId = meta.KeyId!;
        if (inputs.enableKeyRotation) {
            await awsCall(`enabling KMS Key (${keyId}) rotation`, () =>
                kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: inputs.rotationPeriodInDays })));
        }
        if (inputs.isEnabled === false) {
            await awsCall(`disabling KMS Key (${keyId})`, () => kms.send(new DisableKeyCommand({ KeyId: keyId })));
        }
        return { id: keyId, outs: key.outputs(inputs, meta) };
    },

    // The inputs as given plus the computed outputs. No defaults for absent inputs: the SDK's provider
    // interface diffs the old *state* against the new inputs, so a default would read as a change.
    outputs(inputs: Props, meta: KeyMetadata): Props {
        return { ...pick(inputs, KEY_INPUTS), arn: meta.Arn, keyId: meta.KeyId, region: configuredRegion(), tagsAll: inputs.tags ?? {} };
    },

    async read(id: string, props: Props): Promise<provider.ReadResult> {
        const { kms } = aws();
        let meta: KeyMetadata;
        try {
            meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
        } catch (e) {
            if (notFound(e)) return { id: "", props: {} };
            throw e;
        }
        // As the real provider: a key pending deletion is gone.
        if (meta.KeyState === "PendingDeletion") return { id: "", props: {} };
        const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: "default" }))).Policy;
        const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: id }));
        const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: id }))).Tags ?? [];
        const tagMap = Object.fromEntries(tags.map((t) => [t.TagKey!, t.TagValue!]));
        // What AWS reports, for the attributes the state had or that differ from AWS's defaults (drift).
        const actual: Props = {
            description: [meta.Description ?? "", ""],
            isEnabled: [meta.Enabled, true],
            keyUsage: [meta.KeyUsage, "ENCRYPT_DECRYPT"],
            customerMasterKeySpec: [meta.KeySpec ?? meta.CustomerMasterKeySpec, "SYMMETRIC_DEFAULT"],
            multiRegion: [meta.MultiRegion ?? false, false],
            enableKeyRotation: [rotation.KeyRotationEnabled ?? false, false],
            // moto does not report the period: keep the known one.
            rotationPeriodInDays: [rotation.RotationPeriodInDays ?? props.rotationPeriodInDays, undefined],
            // An equivalent policy keeps the program's text (the real provider compares policies as JSON).
            policy: [policy && props.policy && same(JSON.parse(policy), JSON.parse(props.policy)) ? props.policy : policy, undefined],
            tags: [tagMap, {}],
        };
        const state: Props = { ...props, arn: meta.Arn, keyId: meta.KeyId };
        for (const [k, [value, dflt]] of Object.entries(actual)) {
            if (k in props || !same(value, dflt)) state[k] = value;
        }
        state.tagsAll = tagMap;
        return { id, props: state, inputs: pick(state, KEY_INPUTS) };
    },

    async update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        const { kms } = aws();
        if (!same(olds.description, news.description)) {
            await awsCall(`updating KMS Key (${id}) description`, () =>
                kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: news.description ?? "" })));
        }
        if (!same(olds.policy, news.policy) && news.policy) {
            await awsCall(`updating KMS Key (${id}) policy`, () => kms.send(new PutKeyPolicyCommand({
                KeyId: id, PolicyName: "default", Policy: news.policy,
                BypassPolicyLockoutSafetyCheck: news.bypassPolicyLockoutSafetyCheck,
            })));
        }
        if (!same(olds.enableKeyRotation, news.enableKeyRotation) || !same(olds.rotationPeriodInDays, news.rotationPeriodInDays)) {
            await awsCall(`updating KMS Key (${id}) rotation`, () => kms.send(news.enableKeyRotation
                ? new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: news.rotationPeriodInDays })
                : new DisableKeyRotationCommand({ KeyId: id })));
        }
        if ((olds.isEnabled ?? true) !== (news.isEnabled ?? true)) {
            await awsCall(`updating KMS Key (${id}) enabled`, () =>
                kms.send(news.isEnabled === false ? new DisableKeyCommand({ KeyId: id }) : new EnableKeyCommand({ KeyId: id })));
        }
        if (!same(olds.tags, news.tags)) {
            const removed = Object.keys(olds.tags ?? {}).filter((k) => !(k in (news.tags ?? {})));
            if (removed.length) await kms.send(new UntagResourceCommand({ KeyId: id, TagKeys: removed }));
            if (Object.keys(news.tags ?? {}).length) await kms.send(new TagResourceCommand({ KeyId: id, Tags: tagList(news.tags) }));
        }
        const meta = (await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata!;
        return { outs: key.outputs(news, meta) };
    },

    async delete(id: string, props: Props): Promise<void> {
        const window = props.deletionWindowInDays ?? 30;
        if (!Number.isInteger(window) || window < 7 || window > 30) {
            // AWS's ValidationException (moto would silently do nothing).
            throw new Error(`deleting KMS Key (${id}): ValidationException: PendingWindowInDays must be between 7 and 30, got ${window}`);
        }
        try {
            await aws().kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: window }));
        } catch (e) {
            if (notFound(e)) return;
            throw new Error(`deleting KMS Key (${id}): ${(e as Error).name}: ${(e as Error).message}`);
        }
    },
};

// ------------------------------------------------------------------ aws:kms/grant:Grant

// Every input replaces the grant (KMS cannot change a grant), as in the real provider; its id is <key id>:<grant id>.
const GRANT_INPUTS = ["keyId", "granteePrincipal", "operations", "constraints", "retiringPrincipal", "name", "grantCreationTokens", "retireOnDelete"];

const grant = {
    check(news: Props): provider.CheckFailure[] {
        const failures: provider.CheckFailure[] = [];
        for (const key of ["keyId", "granteePrincipal", "operations"]) required(failures, news, key);
        return failures;
    },

    async create(inputs: Props): Promise<provider.CreateResult> {
        const c = inputs.constraints?.[0];
        const constraints = c ? { EncryptionContextEquals: c.encryptionContextEquals, EncryptionContextSubset: c.encryptionContextSubset } : undefined;
        const out = await awsCall(`creating KMS Grant (${inputs.keyId})`, () => aws().kms.send(new CreateGrantCommand({
            KeyId: inputs.keyId, GranteePrincipal: inputs.granteePrincipal, Operations: inputs.operations, Constraints: constraints,
            RetiringPrincipal: inputs.retiringPrincipal, Name: inputs.name, GrantTokens: inputs.grantCreationTokens,
        })));
        return { id: `${inputs.keyId}:${out.GrantId}`, outs: { ...pick(inputs, GRANT_INPUTS), grantId: out.GrantId, grantToken: out.GrantToken } };
    },

    async read(id: string, props: Props): Promise<provider.ReadResult> {
        const [keyId, grantId] = [id.slice(0, id.lastIndexOf(":")), id.slice(id.lastIndexOf(":") + 1)];
        const page = await aws().kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: grantId })).catch((e) => (notFound(e) ? { Grants: [] } : Promise.reject(e)));
        const found = page.Grants?.find((g) => g.GrantId === grantId);
        if (!found) return { id: "", props: {} };
        const inputs = pick({ ...props, granteePrincipal: found.GranteePrincipal, operations: found.Operations, retiringPrincipal: found.RetiringPrincipal }, GRANT_INPUTS);
        return { id, props: { ...props, ...inputs, grantId }, inputs };
    },

    async update(): Promise<provider.UpdateResult> {
        throw new Error("a KMS grant cannot be updated; every input replaces it");
    },

    async delete(id: string, props: Props): Promise<void> {
        const [keyId, grantId] = [id.slice(0, id.lastIndexOf(":")), id.slice(id.lastIndexOf(":") + 1)];
        const ids = { KeyId: keyId, GrantId: grantId };
        try {
            // retireOnDelete: retired (as its retiring principal would), otherwise revoked, as the real provider does.
            await (props.retireOnDelete ? aws().kms.send(new RetireGrantCommand(ids)) : aws().kms.send(new RevokeGrantCommand(ids)));
        } catch (e) {
            if (!notFound(e)) throw new Error(`deleting KMS Grant (${id}): ${(e as Error).name}: ${(e as Error).message}`);
        }
    },
};

// ------------------------------------------------------------------ aws:kms/alias:Alias

async function findAlias(name: string): Promise<AliasListEntry | undefined> {
    let marker: string | undefined;
    do {
        const page = await aws().kms.send(new ListAliasesCommand({ Marker: marker }));
        const found = page.Aliases?.find((a) => a.AliasName === name);
        if (found) return found;
        marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return undefined;
}

async function keyArnOf(keyIdOrArn: string): Promise<string> {
    return (await aws().kms.send(new DescribeKeyCommand({ KeyId: keyIdOrArn }))).KeyMetadata!.Arn!;
}

const alias = {
    check(news: Props): provider.CheckFailure[] {
        const failures: provider.CheckFailure[] = [];
        required(failures, news, "targetKeyId");
        if (news.name === undefined) failures.push(failure("name", "the stand-in aws provider needs an alias name (namePrefix is not supported)"));
        else if (!isUnknown(news.name) && !/^alias\/[a-zA-Z0-9/_-]+$/.test(news.name)) {
            failures.push(failure("name", `name must begin with 'alias/' and be comprised of only [a-zA-Z0-9/_-], got ${JSON.stringify(news.name)}`));
        }
        return failures;
    },

    async outputs(inputs: Props): Promise<Props> {
        return {
            name: inputs.name,
            targetKeyId: inputs.targetKeyId,
            arn: `arn:aws:kms:${configuredRegion()}:${await accountId()}:${inputs.name}`,
            targetKeyArn: await keyArnOf(inputs.targetKeyId),
            region: configuredRegion(),
        };
    },

    async create(inputs: Props): Promise<provider.CreateResult> {
        await awsCall(`creating KMS Alias (${inputs.name})`, () =>
            aws().kms.send(new CreateAliasCommand({ AliasName: inputs.name, TargetKeyId: inputs.targetKeyId })));
        return { id: inputs.name, outs: await alias.outputs(inputs) };
    },

    async read(id: string, props: Props): Promise<provider.ReadResult> {
        const found = await findAlias(id);
        if (!found) return { id: "", props: {} };
        const targetKeyArn = await keyArnOf(found.TargetKeyId!);
        const targetKeyId = props.targetKeyId === targetKeyArn || props.targetKeyId === found.TargetKeyId ? props.targetKeyId : targetKeyArn;
        const state = { name: found.AliasName, targetKeyId, arn: found.AliasArn, targetKeyArn, region: configuredRegion() };
        return { id, props: state, inputs: { name: state.name, targetKeyId } };
    },

    async update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        if (!same(olds.targetKeyId, news.targetKeyId)) {
            await awsCall(`updating KMS Alias (${id})`, () =>
                aws().kms.send(new UpdateAliasCommand({ AliasName: news.name, TargetKeyId: news.targetKeyId })));
        }
        return { outs: await alias.outputs(news) };
    },

    async delete(id: string): Promise<void> {
        try {
            await aws().kms.send(new DeleteAliasCommand({ AliasName: id }));
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
        const found = await findAlias(args.name);
        if (!found || !found.TargetKeyId) throw new Error(`reading KMS Alias (${args.name}): couldn't find resource`);
        const targetKeyArn = await keyArnOf(found.TargetKeyId);
        return { arn: found.AliasArn, id: found.AliasArn, name: found.AliasName, targetKeyId: found.TargetKeyId, targetKeyArn, region: configuredRegion() };
    },
};

// ------------------------------------------------------------------ the provider

const resources: { [type: string]: ResourceImpl } = {
    // A key is replaced by creating the new one first (the old one's deletion is only scheduled).
    "aws:kms/key:Key": { inputs: KEY_INPUTS, replaces: KEY_REPLACES, deleteBeforeReplace: false, ...key },
    "aws:kms/alias:Alias": { inputs: ["name", "targetKeyId"], replaces: ["name"], ...alias },
    "aws:kms/grant:Grant": { inputs: GRANT_INPUTS, replaces: GRANT_INPUTS, ...grant },
    "aws:iam/rolePolicy:RolePolicy": rolePolicy,
    "aws:iam/userPolicy:UserPolicy": userPolicy,
};

export const awsStandIn: StandIn = { name: "aws", version: AWS_VERSION, resources, invokes };

serveIfMain(module, awsStandIn);
