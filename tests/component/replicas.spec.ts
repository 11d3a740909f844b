// replicaRegions under mocks: one aws.kms.ReplicaKey per Region with the primary's settings and a policy built for
// its Region, retained like the key, every alias in every Region, replicaKeyArns, and the refusals (through the
// provider too), including addAlias as a method call on a rebuilt key.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ADMIN_ACTIONS, KmsKey, KmsKeyError } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, expectInputError, failure, fromReference, ignoringUnhandledKmsKeyErrors, resolved } from "../provider/inProcess";
import { ACCOUNT, RecordingMocks, built, mockKeyId, settled, useMocks, valueOf } from "../support/mocks";

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
const REPLICA = "aws:kms/replicaKey:ReplicaKey";
const ALIAS = "aws:kms/alias:Alias";

describe("replicaRegions (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("creates one retained replica per Region with the primary's settings, under the component", async () => {
        const key = await built(new KmsKey("data", {
            description: "orders", enabled: false, tags: { team: "orders" }, pendingWindowInDays: 7, bypassPolicyLockoutSafetyCheck: true,
            replicaRegions: ["eu-west-1", "ap-southeast-2"],
        }));
        const [primary] = mocks.ofType("aws:kms/key:Key");
        expect(primary.inputs.multiRegion).to.equal(true);
        const replicas = mocks.ofType(REPLICA);
        expect(replicas.map((r) => [r.name, r.inputs.region])).to.deep.equal([["data-replica-eu-west-1", "eu-west-1"], ["data-replica-ap-southeast-2", "ap-southeast-2"]]);
        const keyArn = await valueOf(key.keyArn);
        for (const r of replicas) {
            expect(r.inputs).to.deep.equal({
                primaryKeyArn: keyArn, region: r.inputs.region, description: "orders", enabled: false, tags: { team: "orders" },
                deletionWindowInDays: 7, policy: r.inputs.policy, bypassPolicyLockoutSafetyCheck: true,
            });
            expect(r.options.retainOnDelete).to.equal(true);
            expect(r.options.parent).to.equal(await valueOf(key.urn));
            expect(JSON.parse(r.inputs.policy)).to.deep.equal(JSON.parse(primary.inputs.policy));
        }
        const id = mockKeyId("data");
        expect(await valueOf(key.replicaKeyArns)).to.deep.equal({
            "eu-west-1": `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`, "ap-southeast-2": `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${id}`,
        });
    });

    it("deletes replicas with the key under removalPolicy destroy, and has no replicas by default", async () => {
        await built(new KmsKey("scratch", { removalPolicy: "destroy", replicaRegions: ["eu-west-1"] }));
        expect(mocks.ofType(REPLICA).map((r) => r.options.retainOnDelete)).to.deep.equal([false]);
        const plain = await built(new KmsKey("plain", {}));
        expect(mocks.ofType(REPLICA)).to.have.length(1);
        expect(await valueOf(plain.replicaKeyArns)).to.deep.equal({});
        expect(mocks.ofType("aws:kms/key:Key")[1].inputs.multiRegion).to.equal(undefined);
    });

    it("builds each replica's policy for its Region, and gives admins kms:ReplicateKey", async () => {
        await built(new KmsKey("data", { admins: [ADMIN], grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }], replicaRegions: ["eu-west-1"] }));
        const [primary] = mocks.ofType("aws:kms/key:Key").map((k) => JSON.parse(k.inputs.policy).Statement);
        const [replica] = mocks.ofType(REPLICA).map((k) => JSON.parse(k.inputs.policy).Statement);
        expect(primary[1].Action).to.deep.equal([...ADMIN_ACTIONS, "kms:ReplicateKey"]);
        expect(replica[1]).to.deep.equal(primary[1]);
        expect(primary[2].Condition.StringEquals["kms:ViaService"]).to.equal("s3.us-east-1.amazonaws.com");
        expect(replica[2].Condition.StringEquals["kms:ViaService"]).to.equal("s3.eu-west-1.amazonaws.com");
    });

    it("creates every alias in every replica's Region, targeting the replica, including addAlias", async () => {
        const key = new KmsKey("data", { alias: "orders", replicaRegions: ["eu-west-1", "us-west-2"] });
        const later = key.addAlias("orders-v2");
        await built(key);
        await settled(later);
        const replicaArns = await valueOf(key.replicaKeyArns);
        const aliases = mocks.ofType(ALIAS).map((a) => ({ name: a.name, alias: a.inputs.name, region: a.inputs.region, target: a.inputs.targetKeyId }))
            .sort((a, b) => a.name.localeCompare(b.name));
        const keyArn = await valueOf(key.keyArn);
        expect(aliases).to.deep.equal([
            { name: "data-alias/orders", alias: "alias/orders", region: undefined, target: keyArn },
            { name: "data-alias/orders-eu-west-1", alias: "alias/orders", region: "eu-west-1", target: replicaArns["eu-west-1"] },
            { name: "data-alias/orders-us-west-2", alias: "alias/orders", region: "us-west-2", target: replicaArns["us-west-2"] },
            { name: "data-alias/orders-v2", alias: "alias/orders-v2", region: undefined, target: keyArn },
            { name: "data-alias/orders-v2-eu-west-1", alias: "alias/orders-v2", region: "eu-west-1", target: replicaArns["eu-west-1"] },
            { name: "data-alias/orders-v2-us-west-2", alias: "alias/orders-v2", region: "us-west-2", target: replicaArns["us-west-2"] },
        ]);
    });

    it("refuses bad replicaRegions before anything is registered", () => {
        expect(() => new KmsKey("data", { multiRegion: false, replicaRegions: ["eu-west-1"] })).to.throw(KmsKeyError, "multiRegion: false, but replicaRegions");
        expect(() => new KmsKey("data", { replicaRegions: ["eu-west-1", "eu-west-1"] })).to.throw(KmsKeyError, "replicaRegions[1]: 'eu-west-1' is already replicaRegions[0]");
        expect(() => new KmsKey("data", { replicaRegions: ["eu-west-1a"] })).to.throw(KmsKeyError, "replicaRegions[0]: 'eu-west-1a' is not an AWS Region name");
        expect(() => new KmsKey("data", { replicaRegions: pulumi.output(["eu-west-1"]) as any })).to.throw(KmsKeyError, "replicaRegions: must be a plain value");
        expect(mocks.registrations).to.deep.equal([]);
    });

    it("refuses the primary's own Region once the provider's Region is known, creating no key", async () => {
        const restore = ignoringUnhandledKmsKeyErrors();
        try {
            const m = await useMocks({ region: "eu-west-1" });
            const key = new KmsKey("data", { replicaRegions: ["us-east-1", "eu-west-1"] });
            const error = await key.whenValid().then(() => undefined, (e) => e);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error.property).to.equal("replicaRegions[1]");
            expect(error.message).to.contain("'eu-west-1' is the primary key's own Region");
            expect(m.ofType("aws:kms/key:Key")).to.deep.equal([]);
        } finally {
            await restore();
        }
    });

    it("refuses a Region of another partition with the message as written, though two replicas hold the failing policy", async () => {
        // The SDK prefixes 'error serializing property "policy": ' to the error once per resource whose inputs
        // hold it (runtime/rpc.js); the user's error names replicaRegions, not our plumbing.
        const restore = ignoringUnhandledKmsKeyErrors();
        try {
            await useMocks();
            const key = new KmsKey("data", { replicaRegions: ["eu-west-1", "cn-north-1"] });
            await settled(key);
            await new Promise((r) => setTimeout(r, 50));
            const error = await key.whenValid().then(() => undefined, (e) => e);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error.property).to.equal("replicaRegions[1]");
            expect(error.message).to.equal("replicaRegions[1]: 'cn-north-1' is in partition aws-cn, but the primary key is in aws; KMS replicates a multi-Region key only within its partition");
        } finally {
            await restore();
        }
    });

    describe("one alias name per account and Region, across keys on other providers", () => {
        /** The first failure of a key's checks (undefined: valid). */
        const failureOf = (key: KmsKey) => key.whenValid().then(() => undefined, (e: KmsKeyError) => e);
        let restore: () => Promise<void>;
        beforeEach(() => { restore = ignoringUnhandledKmsKeyErrors(); });
        afterEach(async () => { await restore(); });

        it("refuses a name a replica's Region already has from a key on that Region's provider, naming the property and the Region", async () => {
            const west = new aws.Provider("euw", { region: "eu-west-1" });
            const local = new KmsKey("local", { alias: "shared" }, { providers: { aws: west } });
            expect(await failureOf(local)).to.equal(undefined);
            const replicated = new KmsKey("replicated", { aliases: ["mine", "shared"], replicaRegions: ["ap-southeast-2", "eu-west-1"] });
            const error = await failureOf(replicated);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error!.property).to.equal("aliases[1]");
            expect(error!.message).to.equal(`aliases[1]: alias alias/shared is already given to key 'local' in eu-west-1 (replicaRegions[1]), account ${ACCOUNT}, ` +
                "in this program; an alias name belongs to one key per account and region, so KMS would refuse the second");
            expect(mocks.ofType("aws:kms/key:Key").map((r) => r.name)).to.deep.equal(["local"]);
        });

        it("and the other way round, for an alias added with addAlias", async () => {
            const replicated = new KmsKey("replicated", { replicaRegions: ["eu-west-1"] });
            replicated.addAlias("later");
            expect(await failureOf(replicated)).to.equal(undefined);
            const west = new aws.Provider("euw", { region: "eu-west-1" });
            const local = new KmsKey("local", {}, { providers: { aws: west } });
            local.addAlias("alias/later");
            const error = await failureOf(local);
            expect(error!.property).to.equal("name");
            expect(error!.message).to.contain("alias alias/later is already given to key 'replicated' in eu-west-1, account");
        });

        it("two providers of one account and Region are one Region; the same name in Regions that do not meet is fine", async () => {
            const replicated = new KmsKey("replicated", { alias: "shared", replicaRegions: ["eu-west-1"] });
            const elsewhere = new KmsKey("elsewhere", { alias: "shared", replicaRegions: ["ap-southeast-2"] }, { providers: { aws: new aws.Provider("usw", { region: "us-west-2" }) } });
            expect(await failureOf(replicated)).to.equal(undefined);
            expect(await failureOf(elsewhere)).to.equal(undefined);
            const sameRegion = new KmsKey("again", { alias: "shared" }, { providers: { aws: new aws.Provider("east", { region: "us-east-1" }) } });
            expect((await failureOf(sameRegion))!.message).to.contain("alias alias/shared is already given to key 'replicated' in us-east-1, account");
        });
    });

    describe("through the provider", () => {
        it("reports refusals per property", async () => {
            const provider = new KmsKeyProvider();
            expectInputError(await failure(provider.construct("a", "kmskey:index:KmsKey", { replicaRegions: ["eu-west-1", 2] }, {})), "replicaRegions[1]", /expected a string/);
            expectInputError(await failure(provider.construct("b", "kmskey:index:KmsKey", { replicaRegions: ["Ireland"] }, {})), "replicaRegions[0]", /not an AWS Region name/);
            const restore = ignoringUnhandledKmsKeyErrors();
            try {
                expectInputError(await failure(provider.construct("c", "kmskey:index:KmsKey", { replicaRegions: ["us-east-1"] }, {})), "replicaRegions[0]", /own Region/);
            } finally {
                await restore();
            }
        });

        it("returns replicaKeyArns from construct", async () => {
            const { state } = await construct(new KmsKeyProvider(), "d", "kmskey:index:KmsKey", { replicaRegions: ["eu-west-1"] });
            expect(Object.keys((await resolved(state)).replicaKeyArns)).to.deep.equal(["eu-west-1"]);
        });

        it("addAlias as a method call on a rebuilt key also creates the alias in each replica's Region", async () => {
            const provider = new KmsKeyProvider();
            const { urn } = await construct(provider, "k", "kmskey:index:KmsKey", { replicaRegions: ["eu-west-1"] });
            const before = mocks.ofType(ALIAS).length;
            const result = await provider.call("kmskey:index:KmsKey/addAlias", { __self__: fromReference(urn), name: "late" });
            expect(await resolved(result.outputs!)).to.deep.equal({ aliasName: "alias/late" });
            const created = mocks.ofType(ALIAS).slice(before).map((a) => [a.inputs.name, a.inputs.region, a.inputs.targetKeyId]).sort((a, b) => a[1].localeCompare(b[1]));
            expect(created).to.deep.equal([
                ["alias/late", "eu-west-1", `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${mockKeyId("k")}`],
                ["alias/late", "us-east-1", `arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("k")}`],
            ]);
        });
    });
});
