import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ADMIN_ACTIONS, KmsKey, KmsKeyError } from "../../provider/src";
import { ACCOUNT, RecordingMocks, mockKeyId, settled, useMocks, valueOf } from "../support/mocks";

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;

async function build(mocks: RecordingMocks, args: ConstructorParameters<typeof KmsKey>[1], opts?: pulumi.ComponentResourceOptions) {
    const key = new KmsKey("data", args, opts);
    await settled(key, key.key, ...key.aliases);
    await key.whenValid();
    const [registered] = mocks.ofType("aws:kms/key:Key");
    return { key, registered, policy: JSON.parse(registered.inputs.policy) };
}

describe("KmsKey component", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("registers a retained, rotating key with the CDK v2 default policy under the component", async () => {
        const { key, registered, policy } = await build(mocks, {});
        const component = mocks.ofType("kmskey:index:KmsKey")[0];
        expect(component.custom).to.equal(false);
        expect(registered.options.parent).to.equal(await valueOf(key.urn));
        expect(registered.options.retainOnDelete).to.equal(true);
        expect(registered.inputs).to.deep.equal({
            bypassPolicyLockoutSafetyCheck: false, deletionWindowInDays: 30, enableKeyRotation: true, policy: registered.inputs.policy,
        });
        expect(policy).to.deep.equal({ Version: "2012-10-17", Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: ROOT }, Resource: "*" }] });
        expect(mocks.ofType("aws:kms/alias:Alias")).to.have.length(0);
    });

    it("maps every key input onto aws.kms.Key", async () => {
        const { registered } = await build(mocks, {
            description: "signing", enabled: false, multiRegion: true, tags: { team: "sec" }, keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY",
            pendingWindowInDays: 7, removalPolicy: "destroy", bypassPolicyLockoutSafetyCheck: true,
        });
        expect(registered.inputs).to.deep.include({
            description: "signing", isEnabled: false, multiRegion: true, tags: { team: "sec" }, customerMasterKeySpec: "ECC_NIST_P256",
            keyUsage: "SIGN_VERIFY", enableKeyRotation: false, deletionWindowInDays: 7, bypassPolicyLockoutSafetyCheck: true,
        });
        expect(registered.options.retainOnDelete).to.equal(false);
    });

    it("passes a rotation period and implies rotation", async () => {
        const { registered } = await build(mocks, { rotationPeriodInDays: 180 });
        expect(registered.inputs).to.deep.include({ enableKeyRotation: true, rotationPeriodInDays: 180 });
    });

    it("creates one alias per name, targeting the key ARN, not retained, and outputs their names", async () => {
        const { key } = await build(mocks, { alias: "data", aliases: ["alias/data-2", "team/data"] });
        const aliases = mocks.ofType("aws:kms/alias:Alias");
        expect(aliases.map((a) => a.inputs.name)).to.deep.equal(["alias/data", "alias/data-2", "alias/team/data"]);
        const keyArn = await valueOf(key.keyArn);
        for (const a of aliases) {
            expect(a.inputs.targetKeyId).to.equal(keyArn);
            expect(a.options.parent).to.equal(await valueOf(key.urn));
            expect(a.options.retainOnDelete).to.equal(undefined);
        }
        expect(await valueOf(key.aliasNames)).to.deep.equal(["alias/data", "alias/data-2", "alias/team/data"]);
        expect(aliases.map((a) => a.name)).to.deep.equal(["data-alias/data", "data-alias/data-2", "data-alias/team/data"]);
    });

    it("outputs keyId, keyArn and the final policy", async () => {
        const { key, registered } = await build(mocks, { admins: [ROLE] });
        expect(await valueOf(key.keyId)).to.equal(mockKeyId("data"));
        expect(await valueOf(key.keyArn)).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("data")}`);
        expect(await valueOf(key.policy)).to.equal(registered.inputs.policy);
    });

    it("writes admins, grants and statements given as Outputs into the key policy", async () => {
        const { policy } = await build(mocks, {
            admins: [pulumi.output(ROLE)],
            grants: [{ grantee: pulumi.output("logs.amazonaws.com"), kind: "encryptDecrypt" }],
            policyStatements: [pulumi.output({ Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "kms:DescribeKey", Resource: "*" })],
        });
        expect(policy.Statement).to.deep.equal([
            { Action: "kms:*", Effect: "Allow", Principal: { AWS: ROOT }, Resource: "*" },
            { Action: [...ADMIN_ACTIONS], Effect: "Allow", Principal: { AWS: ROLE }, Resource: "*" },
            { Action: ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Resource: "*" },
            { Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "kms:DescribeKey", Resource: "*" },
        ]);
    });

    it("takes the account and partition from the invokes, through the component's providers", async () => {
        mocks = await useMocks({ account: "999988887777", partition: "aws-cn" });
        const provider = new aws.Provider("cn", { region: "cn-north-1" });
        const { policy } = await build(mocks, {}, { providers: [provider] });
        expect(policy.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::999988887777:root" });
        const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
        const identity = mocks.invokes.filter((i) => i.token === "aws:index/getCallerIdentity:getCallerIdentity");
        expect(identity.length).to.be.greaterThan(0);
        for (const i of identity) expect(i.provider).to.equal(providerRef);
    });

    it("rejects bad input before registering anything, the component included", async () => {
        const cases: [ConstructorParameters<typeof KmsKey>[1], string][] = [
            [{ pendingWindowInDays: 3 }, "pendingWindowInDays"],
            [{ alias: "aws/x" }, "alias"],
            [{ keySpec: "HMAC_256" as any }, "keySpec"],
            [{ admins: ["bob"] }, "admins[0]"],
            [{ grants: [{ grantee: ROLE, kind: "read" as any }] }, "grants[0].kind"],
            [{ policyStatements: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }, "policyStatements[0].Principal"],
        ];
        for (const [args, property] of cases) {
            expect(() => new KmsKey(`bad-${property}`, args), property).to.throw(KmsKeyError).with.property("property", property);
        }
        await new Promise((r) => setTimeout(r, 20));
        expect(mocks.registrations).to.have.length(0);
    });

    it("refuses a locked-out policy before the key is created (the policy input fails)", async () => {
        const key = new KmsKey("locked", { policy: { Statement: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "kms:Decrypt", Resource: "*" }] } });
        let error: any;
        await key.whenValid().catch((e) => { error = e; });
        expect(error).to.be.instanceOf(KmsKeyError);
        expect(error.property).to.equal("policy");
        expect(error.message).to.contain("would lock the account out of its key");
        await valueOf(key.policy).then(() => expect.fail("policy should fail"), (e) => expect(e.message).to.contain("lock the account out"));
    });
});

describe("KmsKey grant methods", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    async function grantOf(call: (key: KmsKey) => pulumi.Output<string>) {
        const key = new KmsKey("data", {});
        const name = call(key);
        await settled(key);
        await valueOf(name);
        await key.whenValid();
        return { key, name: await valueOf(name) };
    }

    const kinds: [keyof KmsKey & string, string | string[]][] = [
        ["grantEncrypt", ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]], ["grantDecrypt", "kms:Decrypt"],
        ["grantEncryptDecrypt", ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]],
        ["grantSign", "kms:Sign"], ["grantVerify", "kms:Verify"], ["grantSignVerify", ["kms:Sign", "kms:Verify"]],
        ["grantGenerateMac", "kms:GenerateMac"], ["grantVerifyMac", "kms:VerifyMac"], ["grantAdmin", [...ADMIN_ACTIONS]],
    ];
    for (const [method, Action] of kinds) {
        it(`${method} attaches an inline role policy on this key's ARN and leaves the key policy alone`, async () => {
            const { key, name } = await grantOf((k) => (k as any)[method](ROLE));
            const [policy] = mocks.ofType("aws:iam/rolePolicy:RolePolicy");
            expect(policy.inputs.role).to.equal("App");
            expect(policy.options.parent).to.equal(await valueOf(key.urn));
            expect(JSON.parse(policy.inputs.policy)).to.deep.equal({ Version: "2012-10-17", Statement: [{ Action, Effect: "Allow", Resource: await valueOf(key.keyArn) }] });
            expect(name).to.equal(policy.inputs.name ?? `${policy.name}-1234567`);
            expect(JSON.parse(await valueOf(key.policy)).Statement).to.have.length(1);
        });
    }

    it("grant(grantee, ...actions) attaches exactly the actions, to a user", async () => {
        await grantOf((k) => k.grant(`arn:aws:iam::${ACCOUNT}:user/ops/alice`, "kms:DescribeKey"));
        const [policy] = mocks.ofType("aws:iam/userPolicy:UserPolicy");
        expect(policy.inputs.user).to.equal("alice");
        expect(JSON.parse(policy.inputs.policy).Statement[0].Action).to.equal("kms:DescribeKey");
    });

    it("creates one policy for the same grant twice", async () => {
        await grantOf((k) => { k.grantDecrypt(ROLE); return k.grantDecrypt(ROLE); });
        expect(mocks.ofType("aws:iam/rolePolicy:RolePolicy")).to.have.length(1);
    });

    it("sends a grantee in another account to `grants`", async () => {
        const key = new KmsKey("data", {});
        key.grantDecrypt("arn:aws:iam::444455556666:role/App");
        const error = await key.whenValid().then(() => undefined, (e) => e);
        expect(error).to.be.instanceOf(KmsKeyError);
        expect(error.message).to.contain("put it in the key's grants input");
    });

    it("rejects services and empty action lists at once", () => {
        const key = new KmsKey("data", {});
        expect(() => key.grantDecrypt("logs.amazonaws.com")).to.throw(KmsKeyError, "is not an IAM role or user ARN");
        expect(() => key.grant(ROLE)).to.throw(KmsKeyError, "a grant must name at least one action");
        expect(() => key.grant(ROLE, "decrypt")).to.throw(KmsKeyError, 'actions[0]: \'decrypt\' is not an action');
    });

    it("addAlias adds a validated alias once", async () => {
        const key = new KmsKey("data", { alias: "a" });
        const b = key.addAlias("b");
        expect(key.addAlias("alias/b")).to.equal(b);
        expect(() => key.addAlias("alias/aws/x")).to.throw(KmsKeyError, "Alias cannot start with alias/aws/");
        await settled(key, b);
        expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(["alias/a", "alias/b"]);
    });

    it("works on a component rebuilt from its URN (a method call from another language)", async () => {
        const original = new KmsKey("data", {});
        await settled(original, original.key);
        const rebuilt = new KmsKey("data", undefined, { urn: await valueOf(original.urn) });
        const name = rebuilt.grantDecrypt(ROLE);
        await valueOf(name);
        await rebuilt.whenValid();
        const [policy] = mocks.ofType("aws:iam/rolePolicy:RolePolicy");
        expect(JSON.parse(policy.inputs.policy).Statement[0].Resource).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("data")}`);
        expect(mocks.ofType("aws:kms/key:Key")).to.have.length(1);
    });
});
