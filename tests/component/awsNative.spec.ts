// backend "aws-native" under mocks: the same policy core and outputs as with aws, retention, replicas on a provider
// of their Region, the invokes through the component's aws-native provider, grants and imports, and the refusals.
// Through the provider (Construct and Call): tests/provider/awsNative.spec.ts.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ImportedKey, KmsKey, KmsKeyArgs, KmsKeyError } from "../../provider/src";
import { NativeProvider } from "../../provider/src/backends/awsNative";
import { failure } from "../provider/inProcess";
import { ACCOUNT, RecordingMocks, built, mockKeyId, settled, useMocks, valueOf } from "../support/mocks";
import { rejects } from "../support/rejects";

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const KEY = "aws-native:kms:Key";
const ALIAS = "aws-native:kms:Alias";
const REPLICA = "aws-native:kms:ReplicaKey";
const PROVIDER = "pulumi:providers:aws-native";
const NATIVE = { backend: "aws-native" } as const;

/** Every output of a key, resolved. */
async function outputsOf(key: KmsKey) {
    return {
        keyId: await valueOf(key.keyId), keyArn: await valueOf(key.keyArn), aliasNames: await valueOf(key.aliasNames), policy: await valueOf(key.policy),
        replicaKeyArns: await valueOf(key.replicaKeyArns), accessSummary: await valueOf(key.accessSummary), kmsGrantIds: await valueOf(key.kmsGrantIds),
    };
}

describe("backend aws-native (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("registers aws-native:kms:Key with the aws backend's settings, the policy as an object and tags as key/value pairs", async () => {
        const args: KmsKeyArgs = {
            description: "orders", enabled: false, tags: { team: "orders", env: "prod" }, admins: [ADMIN], rotationPeriodInDays: 180,
            grants: [{ grantee: "logs.amazonaws.com", kind: "encryptDecrypt", conditions: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
        };
        await built(new KmsKey("viaAws", args));
        await built(new KmsKey("viaNative", { ...args, ...NATIVE }));
        const [aws] = mocks.ofType("aws:kms/key:Key");
        const [native] = mocks.ofType(KEY);
        expect(native.name).to.equal("viaNative");
        expect(native.inputs).to.deep.equal({
            bypassPolicyLockoutSafetyCheck: false, description: "orders", enableKeyRotation: true, enabled: false, keyPolicy: JSON.parse(aws.inputs.policy),
            pendingWindowInDays: 30, rotationPeriodInDays: 180, tags: [{ key: "team", value: "orders" }, { key: "env", value: "prod" }],
        });
        expect(mocks.registrations.filter((r) => r.type.startsWith("aws:"))).to.have.length(1);
    });

    it("passes keySpec, keyUsage, multiRegion and origin as aws-native takes them", async () => {
        await built(new KmsKey("mac", { ...NATIVE, keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", multiRegion: true }));
        await built(new KmsKey("pending", { ...NATIVE, origin: "EXTERNAL" }));
        const [mac, pending] = mocks.ofType(KEY);
        expect(mac.inputs).to.include({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", multiRegion: true, enableKeyRotation: false });
        expect(pending.inputs).to.include({ origin: "EXTERNAL", enableKeyRotation: false });
        // Admins of a key awaiting imported material may import it.
        expect(JSON.stringify(pending.inputs.keyPolicy)).to.contain("kms:*");
    });

    it("has the same outputs as with aws", async () => {
        const args: KmsKeyArgs = { alias: "data", aliases: ["data-v1"], admins: [ADMIN] };
        const aws = await built(new KmsKey("data", args));
        aws.grantDecrypt(ROLE);
        const awsOutputs = await outputsOf(aws);
        mocks = await useMocks();
        const native = await built(new KmsKey("data", { ...args, ...NATIVE }));
        native.grantDecrypt(ROLE);
        expect(await outputsOf(native)).to.deep.equal(awsOutputs);
        expect(awsOutputs.keyArn).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("data")}`);
    });

    it("targets an alias at the key's id, which aws-native reads back (an ARN would drift on every refresh)", async () => {
        const key = await built(new KmsKey("data", { ...NATIVE, alias: "data" }));
        key.addAlias("more");
        await new Promise((r) => setTimeout(r, 20));
        expect(mocks.ofType(ALIAS).map((a) => a.inputs)).to.deep.equal([
            { aliasName: "alias/data", targetKeyId: await valueOf(key.keyId) }, { aliasName: "alias/more", targetKeyId: await valueOf(key.keyId) },
        ]);
    });

    it("retains the key and its replicas unless removalPolicy is destroy; aliases are never retained", async () => {
        await built(new KmsKey("kept", { ...NATIVE, alias: "kept", replicaRegions: ["eu-west-1"] }));
        await built(new KmsKey("gone", { ...NATIVE, removalPolicy: "destroy", replicaRegions: ["eu-west-1"] }));
        expect(mocks.ofType(KEY).map((r) => [r.name, r.options.retainOnDelete])).to.deep.equal([["kept", true], ["gone", false]]);
        expect(mocks.ofType(REPLICA).map((r) => [r.name, r.options.retainOnDelete])).to.deep.equal([["kept-replica-eu-west-1", true], ["gone-replica-eu-west-1", false]]);
        expect(mocks.ofType(ALIAS).map((r) => r.options.retainOnDelete)).to.deep.equal([undefined, undefined]);
    });

    it("puts each replica, and the aliases there, on a provider of its Region, parented to the component", async () => {
        const key = await built(new KmsKey("data", { ...NATIVE, alias: "data", tags: { team: "orders" }, replicaRegions: ["eu-west-1", "ap-southeast-2"] }));
        const urn = await valueOf(key.urn);
        const providers = mocks.ofType(PROVIDER);
        expect(providers.map((p) => [p.name, p.inputs.region, p.options.parent, p.options.version])).to.deep.equal([
            ["data-aws-native-eu-west-1", "eu-west-1", urn, "1.79.0"], ["data-aws-native-ap-southeast-2", "ap-southeast-2", urn, "1.79.0"],
        ]);
        const keyArn = await valueOf(key.keyArn);
        const replicas = mocks.ofType(REPLICA);
        for (const [i, region] of ["eu-west-1", "ap-southeast-2"].entries()) {
            const replica = replicas.find((r) => r.name === `data-replica-${region}`)!;
            expect(replica.provider).to.match(new RegExp(`::data-aws-native-${region}::`));
            expect(replica.inputs).to.deep.equal({ keyPolicy: replica.inputs.keyPolicy, pendingWindowInDays: 30, primaryKeyArn: keyArn, tags: [{ key: "team", value: "orders" }] });
            expect(replica.inputs.keyPolicy.Statement).to.deep.equal(mocks.ofType(KEY)[0].inputs.keyPolicy.Statement);
            const alias = mocks.ofType(ALIAS).find((a) => a.name === `data-alias/data-${region}`)!;
            expect(alias.provider).to.equal(replica.provider);
            // The key id (a replica's is its primary's), not the ARN: aws-native reads a target back as the id.
            expect(alias.inputs).to.deep.equal({ aliasName: "alias/data", targetKeyId: mockKeyId("data") });
            expect(key.replicaProviders![i]).to.be.instanceOf(NativeProvider);
        }
        expect(await valueOf(key.replicaKeyArns)).to.deep.equal({
            "eu-west-1": `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${mockKeyId("data")}`, "ap-southeast-2": `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${mockKeyId("data")}`,
        });
    });

    it("builds each replica's policy for its Region, and refuses the primary's own Region (read from aws-native's getRegion)", async () => {
        await built(new KmsKey("data", { ...NATIVE, grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }], replicaRegions: ["eu-west-1"] }));
        const [replica] = mocks.ofType(REPLICA);
        expect(JSON.stringify(replica.inputs.keyPolicy)).to.contain("s3.eu-west-1.amazonaws.com");
        const key = new KmsKey("same", { ...NATIVE, replicaRegions: ["us-east-1"] });
        const e = await failure(key.whenValid());
        expect(e).to.be.instanceOf(KmsKeyError);
        expect(e.property).to.equal("replicaRegions[0]");
    });

    it("reads the account, partition and region with aws-native's invokes, once per provider, through the component's provider", async () => {
        await built(new KmsKey("a", NATIVE));
        await built(new KmsKey("b", NATIVE));
        const explicit = new (require("@pulumi/aws-native/provider").Provider)("ops", { region: "eu-west-1" }) as pulumi.ProviderResource;
        await built(new KmsKey("c", NATIVE, { providers: [explicit] }));
        await built(new KmsKey("d", NATIVE, { providers: [explicit] }));
        const tokens = mocks.invokes.map((i) => `${i.token} ${i.provider ? i.provider.split("::")[3] : "default"}`);
        expect(tokens).to.deep.equal([
            "aws-native:index:getAccountId default", "aws-native:index:getPartition default", "aws-native:index:getRegion default",
            "aws-native:index:getAccountId ops", "aws-native:index:getPartition ops", "aws-native:index:getRegion ops",
        ]);
        expect(mocks.ofType(KEY).slice(2).every((k) => k.provider?.includes("::ops::"))).to.equal(true);
    });

    it("uses the aws backend's invokes and the aws-native one's independently in one program", async () => {
        await built(new KmsKey("a", {}));
        await built(new KmsKey("b", NATIVE));
        expect(mocks.invokes.map((i) => i.token.split(":")[0])).to.deep.equal(["aws", "aws", "aws", "aws-native", "aws-native", "aws-native"]);
    });

    it("attaches the grant methods' identity policies as aws-native:iam:RolePolicy and UserPolicy, named as the method returns", async () => {
        const key = await built(new KmsKey("data", NATIVE));
        const policyName = key.grantEncryptDecrypt(ROLE);
        const userPolicy = key.grantServiceGrants(`arn:aws:iam::${ACCOUNT}:user/ops`);
        const name = await valueOf(policyName);
        await valueOf(userPolicy);
        const [role] = mocks.ofType("aws-native:iam:RolePolicy");
        expect(role.inputs).to.deep.equal({ policyDocument: role.inputs.policyDocument, policyName: name, roleName: "app" });
        expect(name).to.match(/^data-grant-[0-9a-f]{10}$/);
        expect(role.inputs.policyDocument.Statement[0].Resource).to.equal(await valueOf(key.keyArn));
        const [user] = mocks.ofType("aws-native:iam:UserPolicy");
        expect(user.inputs.userName).to.equal("ops");
        expect(user.inputs.policyDocument.Statement[0].Condition).to.deep.equal({ Bool: { "kms:GrantIsForAWSResource": "true" } });
        expect(mocks.registrations.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
    });

    it("applies the size guard to the policy aws-native receives", () => {
        const grants = Array.from({ length: 400 }, (_, i) => ({ grantee: `arn:aws:iam::${ACCOUNT}:role/app-${i}-${"x".repeat(40)}`, actions: [`kms:Decrypt`, `kms:Encrypt`] }));
        const key = new KmsKey("big", { ...NATIVE, grants });
        return failure(key.whenValid()).then((e) => {
            expect(e).to.be.instanceOf(KmsKeyError);
            expect(e.message).to.match(/32 ?KB|32768|bytes/);
        });
    });

    it("guards against lockout with the account root alone: aws-native has no caller identity", async () => {
        // The deployer (the mocks' caller, a session of role Deployer) may change the policy; the root may not.
        const deployerOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Deployer` }, Action: "kms:*", Resource: "*" }] };
        await built(new KmsKey("viaAws", { policy: deployerOnly }));
        const native = new KmsKey("viaNative", { ...NATIVE, policy: deployerOnly });
        const e = await failure(native.whenValid());
        expect(e).to.be.instanceOf(KmsKeyError);
        expect(e.message).to.contain("kms:PutKeyPolicy");
        await built(new KmsKey("rooted", { ...NATIVE, policy: { ...deployerOnly, Statement: [{ ...deployerOnly.Statement[0], Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }] } }));
    });

    it("refuses what aws-native cannot build, naming the input and the backend, before registering anything", () => {
        rejects(() => new KmsKey("g", { ...NATIVE, kmsGrants: [{ grantee: ROLE, operations: ["Decrypt"] }] }), "kmsGrants", `backend "aws-native"`);
        rejects(() => new KmsKey("m", { ...NATIVE, origin: "EXTERNAL", keyMaterialBase64: Buffer.alloc(32).toString("base64") }), "keyMaterialBase64", "no key material input");
        rejects(() => new KmsKey("h", { ...NATIVE, origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-1" }), "customKeyStoreId", `backend "aws-native"`);
        rejects(() => new KmsKey("w", { ...NATIVE, pendingWindowInDays: 7 }), "pendingWindowInDays", "30 days");
        rejects(() => new KmsKey("w", { ...NATIVE, pendingWindowInDays: 5 }), "pendingWindowInDays", "must be between 7 and 30 days");
        rejects(() => new KmsKey("b", { backend: "native" as never }), "backend", "allowed: aws, aws-native");
        expect(mocks.registrations).to.have.length(0);
    });

    it("refuses replicas with an explicit aws-native provider, whose settings their Regions' providers could not get", async () => {
        const explicit = new (require("@pulumi/aws-native/provider").Provider)("ops", { region: "eu-west-1" }) as pulumi.ProviderResource;
        rejects(() => new KmsKey("r", { ...NATIVE, replicaRegions: ["ap-southeast-2"] }, { providers: [explicit] }), "replicaRegions", "explicit aws-native provider");
        // An explicit aws provider is not the aws-native one: the replicas' providers come from the stack's config.
        const aws = new (require("@pulumi/aws").Provider)("other", { region: "us-east-1" }) as pulumi.ProviderResource;
        await built(new KmsKey("ok", { ...NATIVE, replicaRegions: ["ap-southeast-2"] }, { providers: [aws] }));
        expect(mocks.ofType(REPLICA)).to.have.length(1);
    });

    it("claims alias names across backends: both default providers are the stack's account and Region", async () => {
        await built(new KmsKey("a", { alias: "shared" }));
        rejects(() => new KmsKey("b", { ...NATIVE, alias: "shared" }), "alias", "already given to key 'a'");
        await built(new KmsKey("c", { ...NATIVE, alias: "native" }));
        rejects(() => new KmsKey("d", { ...NATIVE, aliases: ["native"] }), "aliases[0]", "already given to key 'c'");
    });
});

describe("backend aws-native (imported keys)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks({ existingAliases: { "alias/logs": "9999ffff-0000-1111-2222-333344445555" } }); });

    it("looks an alias up with aws-native:kms:getAlias and builds the key's ARN from the same provider's account and Region", async () => {
        const key = new ImportedKey("logs", { ...NATIVE, lookupAliasName: "alias/logs" });
        await key.whenValid();
        expect(await valueOf(key.keyArn)).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/9999ffff-0000-1111-2222-333344445555`);
        expect(mocks.invokes.map((i) => i.token)).to.include("aws-native:kms:getAlias");
        expect(mocks.invokes.map((i) => i.token).filter((t) => t.startsWith("aws:"))).to.deep.equal([]);
    });

    it("KmsKey.fromLookup takes the backend too", async () => {
        const key = KmsKey.fromLookup("logs", { aliasName: "alias/logs", ...NATIVE });
        await key.whenValid();
        expect(await valueOf(key.keyId)).to.equal("9999ffff-0000-1111-2222-333344445555");
        expect(mocks.invokes.map((i) => i.token)).to.include("aws-native:kms:getAlias").and.not.to.include("aws:kms/getAlias:getAlias");
    });

    it("a missing alias is an error naming it, or CDK's dummy key with returnDummyKeyOnMissing", async () => {
        const missing = new ImportedKey("missing", { ...NATIVE, lookupAliasName: "alias/nope" });
        const e = await failure(missing.whenValid());
        expect(e).to.be.instanceOf(KmsKeyError);
        expect(e.property).to.equal("lookupAliasName");
        const dummy = new ImportedKey("dummy", { ...NATIVE, lookupAliasName: "alias/nope", returnDummyKeyOnMissing: true });
        await dummy.whenValid();
        expect(await valueOf(dummy.isLookupDummy)).to.equal(true);
    });

    it("grants and addAlias on an imported key use aws-native resources", async () => {
        const key = new ImportedKey("shared", { ...NATIVE, aliasName: "alias/shared" });
        await valueOf(key.grantDecrypt(ROLE));
        const byArn = new ImportedKey("byArn", { ...NATIVE, keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("x")}` });
        await settled(byArn.addAlias("more"));
        const [policy] = mocks.ofType("aws-native:iam:RolePolicy");
        expect(policy.inputs.policyDocument.Statement[0].Condition).to.deep.equal({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/shared" } });
        expect(mocks.ofType(ALIAS).map((a) => a.inputs.aliasName)).to.deep.equal(["alias/more"]);
    });
});
