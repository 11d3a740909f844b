// End to end, KmsKey's aws-native backend: programs with `backend: aws-native` through the real engine, with our
// plugin from a fresh clone, against moto through the stand-in aws-native provider (tests/support/fakeAwsNativeProvider.ts,
// which does what the real provider's Cloud Control calls do, on KMS and IAM). First the stand-in itself over gRPC,
// where its behaviour differs from the stand-in aws provider's (per-connection configuration, Cloud Control's
// validation, diff and delete), then the deployments.
import * as grpc from "@grpc/grpc-js";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ACCOUNT, ADMIN_ACTIONS, ROOT, expectDeletionWindow, stackResources, stackState, stateResource } from "./expectations";
import { createProject, expectSuccess, fixture, useAwsStandIn, useProject, useYamlProject } from "./harness";
import { startStandIn, type FakeAws } from "../support/fakeAws";
import { awsClientConfig, startMoto, type Moto } from "../support/moto";
import { createRole, customerAliases, describeKey, keyIds, keyPolicy, keyTags, rolePolicies, rotationEnabled } from "../support/motoState";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const provpb = require("@pulumi/pulumi/proto/provider_pb");

/** moto as seen from another Region, for the motoState readers (moto keeps each Region's keys and aliases apart). */
const motoIn = (moto: Moto, region: string): Moto => ({ ...moto, kms: new KMSClient({ ...awsClientConfig(moto.endpoint), region }) });
const urn = (type: string, name: string) => `urn:pulumi:e2e::awsnative::${type}::${name}`;
const KEY = "aws-native:kms:Key";
const REPLICA = "aws-native:kms:ReplicaKey";
const ALIAS = "aws-native:kms:Alias";
const rootPolicy = (account: string) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
});

/**
 * One engine-side connection to a stand-in, as the engine opens one per provider resource: its own subchannel
 * pool, so two of them are two TCP connections (grpc-js shares one between clients of a target by default).
 */
function connect(port: number) {
    const raw = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
    const unary = (method: string, req: unknown): Promise<any> =>
        new Promise((resolve, reject) => raw[method](req, (e: Error | null, r: any) => (e ? reject(e) : resolve(r))));
    const struct = (v: object) => Struct.fromJavaScript(v as any);
    return {
        configure(region?: string, settings: { [key: string]: string } = {}) {
            const req = new provpb.ConfigureRequest();
            for (const [k, v] of Object.entries({ ...settings, ...(region ? { region } : {}) })) req.getVariablesMap().set(`aws-native:config:${k}`, v);
            return unary("configure", req);
        },
        async checkConfig(news: object) {
            const req = new provpb.CheckRequest();
            req.setUrn(urn("pulumi:providers:aws-native", "p"));
            req.setOlds(struct({}));
            req.setNews(struct(news));
            return (await unary("checkConfig", req)).getFailuresList().map((f: any) => [f.getProperty(), f.getReason()]);
        },
        async check(type: string, news: object) {
            const req = new provpb.CheckRequest();
            req.setUrn(urn(type, "r"));
            req.setOlds(struct({}));
            req.setNews(struct(news));
            const resp = await unary("check", req);
            return { inputs: resp.getInputs()?.toJavaScript(), failures: resp.getFailuresList().map((f: any) => f.getProperty()) };
        },
        async create(type: string, props: object): Promise<{ id: string; outs: any }> {
            const req = new provpb.CreateRequest();
            req.setUrn(urn(type, "r"));
            req.setProperties(struct(props));
            const resp = await unary("create", req);
            return { id: resp.getId(), outs: resp.getProperties().toJavaScript() };
        },
        async diff(type: string, id: string, olds: object, news: object): Promise<number> {
            const req = new provpb.DiffRequest();
            req.setUrn(urn(type, "r"));
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            return (await unary("diff", req)).getChanges();
        },
        async read(type: string, id: string, props: object): Promise<{ id: string; inputs: any }> {
            const req = new provpb.ReadRequest();
            req.setUrn(urn(type, "r"));
            req.setId(id);
            req.setProperties(struct(props));
            const resp = await unary("read", req);
            return { id: resp.getId(), inputs: resp.getInputs()?.toJavaScript() };
        },
        update(type: string, id: string, olds: object, news: object) {
            const req = new provpb.UpdateRequest();
            req.setUrn(urn(type, "r"));
            req.setId(id);
            req.setOlds(struct(olds));
            req.setNews(struct(news));
            return unary("update", req);
        },
        delete(type: string, id: string, props: object) {
            const req = new provpb.DeleteRequest();
            req.setUrn(urn(type, "r"));
            req.setId(id);
            req.setProperties(struct(props));
            return unary("delete", req);
        },
        async invoke(tok: string, args: object = {}) {
            const req = new provpb.InvokeRequest();
            req.setTok(tok);
            req.setArgs(struct(args));
            return (await unary("invoke", req)).getReturn().toJavaScript();
        },
        close: () => raw.close(),
    };
}

describe("e2e: the stand-in aws-native provider over gRPC (as the engine drives it) -> moto", function () {
    this.timeout(120000);
    let moto: Moto;
    let standIn: FakeAws;
    let east: ReturnType<typeof connect>;
    let west: ReturnType<typeof connect>;
    let account: string;

    before(async function () {
        moto = await startMoto();
        standIn = await startStandIn("aws-native", "fakeAwsNativeProvider.ts", moto.endpoint);
        east = connect(standIn.port);
        west = connect(standIn.port);
        await east.configure("us-east-1");
        await west.configure("eu-west-1");
        account = (await east.invoke("aws-native:index:getAccountId")).accountId;
    });

    after(async function () {
        east?.close();
        west?.close();
        await standIn?.stop();
        await moto?.stop();
    });

    it("requires a region, as the real provider does, and refuses the settings it does not implement", async function () {
        const bare = connect(standIn.port);
        try {
            const err = await bare.configure().then(() => undefined, (e: Error) => e);
            expect(err?.message).to.contain("missing required configuration key \"aws-native:region\"");
        } finally {
            bare.close();
        }
        expect(await east.checkConfig({ region: "us-east-1", skipCredentialsValidation: "true", skipRegionValidation: "true" })).to.deep.equal([]);
        // As the real CheckConfig: any non-empty string counts as set (even "false"), a false boolean does not.
        expect(await east.checkConfig({ region: "us-east-1", skipMetadataApiCheck: "false" })).to.deep.equal([]);
        expect(await east.checkConfig({ region: "us-east-1", skipRequestingAccountId: "true", skipMetadataApiCheck: false })).to.have.deep.members([
            ["skipRequestingAccountId", "not yet implemented. See https://github.com/pulumi/pulumi-aws-native/issues/118"],
            ["skipMetadataApiCheck", "not yet implemented. See https://github.com/pulumi/pulumi-aws-native/issues/116"],
        ]);
    });

    it("serves each connection with its own configuration (one process, one Configure per provider)", async function () {
        expect(await east.invoke("aws-native:index:getRegion")).to.deep.equal({ region: "us-east-1" });
        expect(await west.invoke("aws-native:index:getRegion")).to.deep.equal({ region: "eu-west-1" });
        expect(await west.invoke("aws-native:index:getPartition")).to.deep.equal({ partition: "aws", dnsSuffix: "amazonaws.com" });
        expect(account).to.match(/^\d{12}$/);
    });

    it("checks only the Pulumi schema at Check; Cloud Control's model validation fails the create", async function () {
        const bad = await east.check(KEY, { keyPolicy: rootPolicy(account), pendingWindowInDays: "7", color: "red", tags: [{ key: "a" }] });
        expect(bad.failures).to.have.members(["pendingWindowInDays", "color", "tags[0].value"]);
        const ok = await east.check(KEY, { keyPolicy: rootPolicy(account), pendingWindowInDays: 3 });
        expect(ok.failures).to.deep.equal([]);
        const err = await east.create(KEY, ok.inputs).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.contain("Model validation failed (#/PendingWindowInDays: 3 is less than minimum value 7)");
    });

    it("merges the provider's defaultTags into a key's tags at Check, the key's own value winning", async function () {
        const tagged = connect(standIn.port);
        try {
            await tagged.configure("us-east-1", { defaultTags: JSON.stringify({ tags: { team: "platform", stack: "e2e" } }) });
            const { inputs } = await tagged.check(KEY, { keyPolicy: rootPolicy(account), tags: [{ key: "team", value: "orders" }] });
            // A set (insertionOrder: false): compared without order.
            expect(inputs.tags).to.have.deep.members([{ key: "team", value: "orders" }, { key: "stack", value: "e2e" }]);
            expect((await east.check(KEY, { keyPolicy: rootPolicy(account) })).inputs.tags, "only that provider's").to.equal(undefined);
        } finally {
            tagged.close();
        }
    });

    it("creates a key and a replica in the replica provider's Region; Diff is unknown on a change; immutables fail the update", async function () {
        const inputs = {
            description: "stand-in key", keyPolicy: rootPolicy(account), multiRegion: true, enableKeyRotation: true, pendingWindowInDays: 7,
            tags: [{ key: "team", value: "orders" }],
        };
        const key = await east.create(KEY, inputs);
        expect(key.outs).to.include({ keyId: key.id, description: "stand-in key", keySpec: "SYMMETRIC_DEFAULT", pendingWindowInDays: 7 });
        expect(key.outs.arn).to.match(new RegExp(`^arn:aws:kms:us-east-1:${account}:key/${key.id}$`));
        // Same inputs: no change; tags in another order: no change; a description: unknown (the engine diffs itself).
        expect(await east.diff(KEY, key.id, key.outs, inputs)).to.equal(provpb.DiffResponse.DiffChanges.DIFF_NONE);
        expect(await east.diff(KEY, key.id, key.outs, { ...inputs, description: "other" })).to.equal(provpb.DiffResponse.DiffChanges.DIFF_UNKNOWN);
        const refused = await east.update(KEY, key.id, key.outs, { ...inputs, keySpec: "HMAC_256" }).then(() => undefined, (e: Error) => e);
        expect(refused?.message).to.contain("You cannot change the KeySpec property");

        const replicaPolicy = { ...rootPolicy(account), Id: "replica" };
        const replica = await west.create(REPLICA, {
            primaryKeyArn: key.outs.arn, keyPolicy: replicaPolicy, description: "stand-in replica", tags: [{ key: "team", value: "orders" }], pendingWindowInDays: 7,
        });
        expect(replica.outs.arn).to.equal(key.outs.arn.replace("us-east-1", "eu-west-1"));
        const inWest = motoIn(moto, "eu-west-1");
        expect(await describeKey(inWest, replica.id)).to.include({ Description: "stand-in replica", KeyState: "Enabled" });
        expect(await keyPolicy(inWest, replica.id)).to.deep.equal(replicaPolicy);
        expect(await keyTags(inWest, replica.id)).to.deep.equal({ team: "orders" });
        expect(await keyPolicy(moto, key.id), "the primary keeps its own policy").to.deep.equal(inputs.keyPolicy);

        // Delete schedules KMS's default window: Cloud Control's DeleteResource cannot carry pendingWindowInDays.
        const deleting = Date.now();
        await west.delete(REPLICA, replica.id, replica.outs);
        await east.delete(KEY, key.id, key.outs);
        for (const [m, id] of [[inWest, replica.id], [moto, key.id]] as const) {
            const meta = await describeKey(m, id);
            expect(meta.KeyState).to.equal("PendingDeletion");
            expectDeletionWindow(meta.DeletionDate!, deleting, 30);
        }
        expect(standIn.calls().filter((c) => c.method === "ScheduleKeyDeletion").map((c) => c.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
        expect((await east.read(KEY, key.id, key.outs)).id, "a key pending deletion is gone").to.equal("");
    });

    it("reads an alias's target back as the key id, so a target given as an ARN drifts on refresh", async function () {
        const key = await east.create(KEY, { keyPolicy: rootPolicy(account) });
        const byArn = await east.create(ALIAS, { aliasName: "alias/standin/by-arn", targetKeyId: key.outs.arn });
        expect(byArn.id).to.equal("alias/standin/by-arn");
        expect((await east.read(ALIAS, byArn.id, byArn.outs)).inputs).to.deep.equal({ aliasName: "alias/standin/by-arn", targetKeyId: key.id });
        const byId = await east.create(ALIAS, { aliasName: "alias/standin/by-id", targetKeyId: key.id });
        expect((await east.read(ALIAS, byId.id, byId.outs)).inputs).to.deep.equal({ aliasName: "alias/standin/by-id", targetKeyId: key.id });
        expect(await east.invoke("aws-native:kms:getAlias", { aliasName: "alias/standin/by-id" })).to.deep.equal({ aliasName: "alias/standin/by-id", targetKeyId: key.id });
        const missing = await east.invoke("aws-native:kms:getAlias", { aliasName: "alias/standin/none" }).then(() => undefined, (e: Error) => e);
        expect(missing?.message).to.contain("resource not found");
    });
});

/** `<type> <name>` of each call of `method` the stand-in served, in order. */
const calls = (standIn: FakeAws, method: string) => standIn.calls().filter((c) => c.method === method).map((c) => `${c.type} ${c.name}`);

/** The stack config every project here needs: the aws-native provider requires a region. */
const NATIVE_CONFIG = { "aws-native:region": "us-east-1" };

describe("e2e: backend aws-native, YAML program (kmskey plugin from a fresh clone) -> engine -> stand-in aws-native provider -> moto", function () {
    this.timeout(240000);
    const standIn = useAwsStandIn({ awsNative: true });
    const project = useYamlProject(standIn, { "Pulumi.yaml": fixture("aws-native/Pulumi.yaml") }, NATIVE_CONFIG);
    const native = () => standIn.get().awsNative!;
    let outputs: { [key: string]: any };

    for (const [file, property, reason] of [
        ["kms-grants.yaml", "kmsGrants", "has no KMS grant resource"],
        ["key-store.yaml", "customKeyStoreId", "has no custom key store input"],
        ["pending-window.yaml", "pendingWindowInDays", "schedules it with KMS's default waiting period of 30 days"],
        ["explicit-provider.yaml", "replicaRegions", "an explicit aws-native provider"],
    ]) {
        it(`a refused combination fails the preview naming ${property}, with nothing created (${file})`, async function () {
            const refused = await createProject({
                aws: standIn.get().all, files: { "Pulumi.yaml": fixture(`aws-native-refused/${file}`) }, config: NATIVE_CONFIG,
                // The plugin installed for the suite's project.
                env: { PULUMI_HOME: project.get().env.PULUMI_HOME },
            });
            try {
                const r = await refused.pulumi("preview");
                expect(r.code, r.output).to.not.equal(0);
                expect(r.output).to.contain(`${property}: `).and.contain(`backend "aws-native"`).and.contain(reason);
                expect(calls(native(), "Check").filter((c) => c.startsWith("aws-native:kms:Key"))).to.deep.equal([]);
                expect(await keyIds(standIn.get().moto)).to.deep.equal([]);
            } finally {
                refused.remove();
            }
        });
    }

    it("pulumi preview plans aws-native:kms:Key, Alias and ReplicaKey (on a provider of its Region) and creates nothing", async function () {
        native().clearCalls();
        const r = expectSuccess(await project.get().pulumi("preview"), "pulumi preview");
        for (const line of [
            "kmskey:index:KmsKey data create", "aws-native:kms:Key data create", "aws-native:kms:Alias data-alias/e2e/native-data create",
            "pulumi:providers:aws-native data-aws-native-eu-west-1 create", "aws-native:kms:ReplicaKey data-replica-eu-west-1 create",
            "aws-native:kms:Alias data-alias/e2e/native-data-eu-west-1 create",
            "kmskey:index:KmsKey signing create", "aws-native:kms:Key signing create", "aws-native:kms:Alias signing-alias/e2e/native-signing create",
        ]) expect(r.stdout).to.contain(line);
        expect(r.stdout).to.not.match(/\baws:kms:/);
        expect(r.stdout).to.match(/\+ 10 to create/);
        const { moto, aws } = standIn.get();
        expect(await keyIds(moto)).to.deep.equal([]);
        expect(await keyIds(motoIn(moto, "eu-west-1"))).to.deep.equal([]);
        const methods = native().calls().map((c) => c.token ?? c.method);
        expect(methods).to.include.members(["Configure", "aws-native:index:getAccountId", "aws-native:index:getPartition", "aws-native:index:getRegion"]);
        expect(methods).not.to.include("Create");
        expect(aws.calls().map((c) => c.method), "nothing goes to the aws provider").not.to.include.members(["Check", "Create"]);
    });

    it("pulumi up creates them in moto: the key with the component's policy, description, tags, rotation and spec; aliases; the replica in eu-west-1", async function () {
        const r = expectSuccess(await project.get().pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        expect(r.stdout).to.match(/\+ 10 created/);
        outputs = await project.get().outputs();
        const { moto } = standIn.get();
        const west = motoIn(moto, "eu-west-1");

        const data = await describeKey(moto, outputs.dataKeyId);
        expect(data).to.include({
            KeyState: "Enabled", Description: "e2e aws-native data key", Arn: outputs.dataKeyArn, MultiRegion: true, KeySpec: "SYMMETRIC_DEFAULT",
        });
        expect(data.Arn).to.match(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-`));
        const policy = await keyPolicy(moto, outputs.dataKeyId);
        expect(policy).to.deep.equal(JSON.parse(outputs.dataPolicy));
        const [root, admin, viaS3] = policy.Statement;
        expect(root).to.deep.equal(ROOT);
        // A multi-Region key's admins may also replicate it.
        expect(admin).to.deep.include({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmins` }, Resource: "*" });
        expect(admin.Action).to.have.members([...ADMIN_ACTIONS, "kms:ReplicateKey"]);
        expect(viaS3.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } });
        expect(await rotationEnabled(moto, outputs.dataKeyId)).to.equal(true);
        expect(await keyTags(moto, outputs.dataKeyId)).to.deep.equal({ team: "e2e-native" });

        // The replica: in eu-west-1, on the component's provider of that Region, with its own Region's policy.
        expect(outputs.dataReplicas).to.deep.equal({ "eu-west-1": outputs.dataKeyArn.replace(":us-east-1:", ":eu-west-1:") });
        const replica = await describeKey(west, outputs.dataKeyId);
        expect(replica).to.include({ KeyState: "Enabled", Description: "e2e aws-native data key", Arn: outputs.dataReplicas["eu-west-1"] });
        const replicaPolicy = await keyPolicy(west, outputs.dataKeyId);
        expect(replicaPolicy.Statement.slice(0, 2)).to.deep.equal([root, admin]);
        expect(replicaPolicy.Statement[2].Condition.StringEquals["kms:ViaService"]).to.equal("s3.eu-west-1.amazonaws.com");
        expect(await keyTags(west, outputs.dataKeyId)).to.deep.equal({ team: "e2e-native" });
        expect(native().calls().filter((c) => c.method === "Configure").map((c) => c.region)).to.include.members(["us-east-1", "eu-west-1"]);

        const signing = await describeKey(moto, outputs.signingKeyId);
        expect(signing).to.include({ KeyState: "Enabled", KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
        expect(await rotationEnabled(moto, outputs.signingKeyId)).to.equal(false);
        expect(await keyPolicy(moto, outputs.signingKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT] });

        for (const [m, name, target] of [[moto, "alias/e2e/native-data", outputs.dataKeyId], [moto, "alias/e2e/native-signing", outputs.signingKeyId], [west, "alias/e2e/native-data", outputs.dataKeyId]]) {
            expect((await customerAliases(m)).get(name)?.TargetKeyId, name).to.equal(target);
        }
        expect(outputs.dataAliases).to.deep.equal(["alias/e2e/native-data"]);

        // What the engine recorded: the inputs the component gave aws-native, and retainOnDelete on what is retained.
        const state = await stackState(project.get());
        const dataKey = stateResource(state, "aws-native:kms:Key", "data");
        expect(dataKey.id).to.equal(outputs.dataKeyId);
        expect(dataKey.inputs).to.deep.include({ enableKeyRotation: true, rotationPeriodInDays: 180, pendingWindowInDays: 30, multiRegion: true, tags: [{ key: "team", value: "e2e-native" }] });
        expect(dataKey.inputs.keyPolicy, "keyPolicy is an object").to.deep.equal(policy);
        expect(dataKey.retainOnDelete).to.equal(true);
        const replicaKey = stateResource(state, "aws-native:kms:ReplicaKey", "data-replica-eu-west-1");
        expect(replicaKey.retainOnDelete).to.equal(true);
        expect(replicaKey.provider).to.match(/pulumi:providers:aws-native::data-aws-native-eu-west-1::/);
        expect(stateResource(state, "aws-native:kms:Key", "signing").retainOnDelete ?? false).to.equal(false);
        expect(stateResource(state, "aws-native:kms:Alias", "data-alias/e2e/native-data").id).to.equal("alias/e2e/native-data");
    });

    it("pulumi preview then shows no changes, and pulumi refresh reads everything back unchanged", async function () {
        expectSuccess(await project.get().pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
        native().clearCalls();
        expectSuccess(await project.get().pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
        expect(calls(native(), "Read").sort()).to.deep.equal([
            "aws-native:kms:Alias data-alias/e2e/native-data", "aws-native:kms:Alias data-alias/e2e/native-data-eu-west-1",
            "aws-native:kms:Alias signing-alias/e2e/native-signing", "aws-native:kms:Key data", "aws-native:kms:Key signing",
            "aws-native:kms:ReplicaKey data-replica-eu-west-1",
        ]);
    });

    it("pulumi destroy: the retained key and replica stay Enabled (never deleted), the signing key is PendingDeletion for 30 days, the aliases go", async function () {
        native().clearCalls();
        const started = Date.now();
        expectSuccess(await project.get().pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
        expect(await stackResources(project.get())).to.deep.equal([]);
        const { moto } = standIn.get();
        const west = motoIn(moto, "eu-west-1");
        expect(calls(native(), "Delete").filter((c) => /kms:(Key|ReplicaKey) /.test(c))).to.deep.equal(["aws-native:kms:Key signing"]);
        for (const m of [moto, west]) {
            const kept = await describeKey(m, outputs.dataKeyId);
            expect(kept.KeyState).to.equal("Enabled");
            expect(kept.DeletionDate).to.equal(undefined);
            expect([...(await customerAliases(m)).keys()]).to.deep.equal([]);
        }
        const signing = await describeKey(moto, outputs.signingKeyId);
        expect(signing.KeyState).to.equal("PendingDeletion");
        // KMS's default: Cloud Control's DeleteResource carries only the key's id (fakeAwsNativeProvider.ts).
        expectDeletionWindow(signing.DeletionDate!, started, 30);
    });
});

describe("e2e: backend aws-native, TypeScript program (library) -> engine -> stand-in aws-native provider -> moto", function () {
    this.timeout(180000);
    let existing: { keyId: string; arn: string };
    const standIn = useAwsStandIn({ awsNative: true });
    const native = () => standIn.get().awsNative!;
    const project = useProject(standIn, async ({ moto, all }) => {
        await createRole(moto, "orders-service");
        // A key made outside the stack, for the program's ImportedKey to look up by its alias.
        const made = (await moto.kms.send(new CreateKeyCommand({ Description: "made elsewhere" }))).KeyMetadata!;
        await moto.kms.send(new CreateAliasCommand({ AliasName: "alias/e2e/native-existing", TargetKeyId: made.KeyId }));
        existing = { keyId: made.KeyId!, arn: made.Arn! };
        return createProject({
            aws: all, nodeModules: true, config: NATIVE_CONFIG,
            files: Object.fromEntries(["Pulumi.yaml", "package.json", "index.ts"].map((f) => [f, fixture(`aws-native-ts/${f}`)])),
        });
    });
    let outputs: { [key: string]: any };

    it("pulumi preview plans the key, the alias, the imported key and the grants' aws-native:iam:RolePolicy, and creates nothing", async function () {
        const r = expectSuccess(await project.get().pulumi("preview"), "pulumi preview");
        for (const line of [
            "kmskey:index:KmsKey native create", "aws-native:kms:Key native create", "aws-native:kms:Alias native-alias/e2e/native-ts create",
            "aws-native:iam:RolePolicy native-grant-", "kmskey:index:ImportedKey existing create", "aws-native:iam:RolePolicy existing-grant-",
        ]) expect(r.stdout).to.contain(line);
        expect(r.stdout).to.match(/\+ 7 to create/);
        expect(await keyIds(standIn.get().moto)).to.deep.equal([existing.keyId]);
        expect(native().calls().map((c) => c.token ?? c.method)).to.include("aws-native:kms:getAlias").and.not.include("Create");
    });

    it("pulumi up creates the key, the alias and the role's inline policies in moto; the imported key is the one behind its alias", async function () {
        expectSuccess(await project.get().pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        outputs = await project.get().outputs();
        const { moto } = standIn.get();
        expect(await describeKey(moto, outputs.keyId)).to.include({ KeyState: "Enabled", Description: "e2e aws-native TypeScript key", Arn: outputs.keyArn });
        expect(await keyPolicy(moto, outputs.keyId)).to.deep.equal(JSON.parse(outputs.policy));
        expect(await keyTags(moto, outputs.keyId)).to.deep.equal({ team: "e2e-native-ts" });
        expect(await rotationEnabled(moto, outputs.keyId)).to.equal(true);
        expect((await customerAliases(moto)).get("alias/e2e/native-ts")?.TargetKeyId).to.equal(outputs.keyId);
        // The looked-up key is the one behind the alias; each grant is an inline policy of the role on its key.
        expect(outputs.existingKeyArn).to.equal(existing.arn);
        const inline = await rolePolicies(moto, "orders-service");
        expect(Object.keys(inline).sort()).to.deep.equal([outputs.grantPolicyName, outputs.existingGrantPolicyName].sort());
        expect(inline[outputs.grantPolicyName]).to.deep.equal({ Version: "2012-10-17", Statement: [{ Action: "kms:Decrypt", Effect: "Allow", Resource: outputs.keyArn }] });
        expect(inline[outputs.existingGrantPolicyName].Statement).to.deep.equal([{ Action: "kms:Decrypt", Effect: "Allow", Resource: existing.arn }]);
        // Cloud Control's identifier of an inline role policy: "<PolicyName>|<RoleName>".
        const state = await stackState(project.get());
        expect(stateResource(state, "aws-native:iam:RolePolicy", outputs.grantPolicyName).id).to.equal(`${outputs.grantPolicyName}|orders-service`);
    });

    it("pulumi preview then shows no changes, and pulumi refresh reads everything back unchanged", async function () {
        expectSuccess(await project.get().pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
        expectSuccess(await project.get().pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
    });

    it("a new description is an update in place (UpdateResource), the key and its alias kept", async function () {
        expectSuccess(await project.get().pulumi("config", "set", "description", "e2e aws-native TypeScript key, renamed"), "pulumi config set");
        native().clearCalls();
        const r = expectSuccess(await project.get().pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        expect(r.stdout).to.match(/~ 1 updated/);
        expect(calls(native(), "Update")).to.deep.equal(["aws-native:kms:Key native"]);
        expect(native().calls().map((c) => c.method)).to.not.include.members(["Create", "Delete"]);
        expect(await describeKey(standIn.get().moto, outputs.keyId)).to.include({ Description: "e2e aws-native TypeScript key, renamed", KeyState: "Enabled" });
        expectSuccess(await project.get().pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
    });

    it("pulumi destroy removes the alias and the role policies and keeps the retained key Enabled; the imported key is untouched", async function () {
        native().clearCalls();
        expectSuccess(await project.get().pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
        const { moto } = standIn.get();
        expect(calls(native(), "Delete").filter((c) => c.startsWith("aws-native:kms:Key"))).to.deep.equal([]);
        expect((await describeKey(moto, outputs.keyId)).KeyState).to.equal("Enabled");
        expect((await describeKey(moto, existing.keyId)).KeyState).to.equal("Enabled");
        expect(await rolePolicies(moto, "orders-service")).to.deep.equal({});
        expect([...(await customerAliases(moto)).keys()]).to.deep.equal(["alias/e2e/native-existing"]);
    });
});
