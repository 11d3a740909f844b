// Method calls keep the component's providers, and what aliasNames says after addAlias, for the provider object in
// process (under mocks) served as the SDK's gRPC server serves it. A CallRequest carries no providers (pulumi
// sdk/v3 v3.276.0 proto/go/provider.pb.go, CallRequest: tok, args, argDependencies and the run's context only) and
// `__self__` is a resource reference holding the URN alone, so the plugin records the AWS provider reference in the
// component's registered outputs at Construct (keyBase.ts, PROVIDER_OUTPUT) and the rebuilt `__self__` reads it back.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKeyProvider, loadComponents } from "../../provider/src/provider";
import { PROVIDER_OUTPUT } from "../../provider/src/keyBase";
import { ACCOUNT, RecordingMocks, useMocks, valueOf } from "../support/mocks";
import { IMPORTED_KEY, KEY_ARN, KMS_KEY, construct, expectInputError, failure, fromReference, resolved } from "./inProcess";

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** An explicit aws provider registered by "the program", and the object the SDK's server passes to construct for it. */
async function explicitProvider(name: string): Promise<{ ref: string; forConstruct: pulumi.ProviderResource }> {
    loadComponents(); // registers @pulumi/aws's provider package, as the plugin does before a request
    const program = new aws.Provider(name, { region: "eu-west-1" });
    const ref = `${await valueOf(program.urn)}::${await valueOf(program.id)}`;
    // @pulumi/pulumi provider/server.js createProviderResource: the package's constructProvider, by URN.
    const urn = ref.slice(0, ref.lastIndexOf("::"));
    const rpc = require("@pulumi/pulumi/runtime/rpc");
    return { ref, forConstruct: rpc.getResourcePackage("aws", "").constructProvider(name, "pulumi:providers:aws", urn) };
}

/** What pulumi:pulumi:getResource answers for a URN: the outputs the component registered. */
function registeredOutputs(urn: string): { [key: string]: unknown } {
    return require("@pulumi/pulumi/runtime/settings").getMonitor().resources.get(urn).state;
}

describe("method calls keep the component's providers", () => {
    let mocks: RecordingMocks;
    let provider: KmsKeyProvider;
    beforeEach(async () => {
        mocks = await useMocks();
        provider = new KmsKeyProvider();
    });

    it("records the aws provider reference in the component's registered outputs, not in its schema state", async () => {
        const { ref, forConstruct } = await explicitProvider("eu");
        const { urn, state } = await construct(provider, "data", KMS_KEY, {}, { providers: { aws: forConstruct } });
        expect(state).to.not.have.property(PROVIDER_OUTPUT);
        expect(registeredOutputs(urn)[PROVIDER_OUTPUT]).to.equal(ref);
        // The key itself was on that provider, as before.
        expect(mocks.ofType("aws:kms/key:Key")[0].provider).to.equal(ref);
        const imported = await construct(provider, "shared", IMPORTED_KEY, { keyArn: KEY_ARN }, { providers: { aws: forConstruct } });
        expect(registeredOutputs(imported.urn)[PROVIDER_OUTPUT]).to.equal(ref);
        // The default provider is recorded as "".
        const plain = await construct(provider, "plain", KMS_KEY, {});
        expect(registeredOutputs(plain.urn)[PROVIDER_OUTPUT]).to.equal("");
    });

    it("creates a method's role policy and alias on the key's explicit provider (KmsKey and ImportedKey)", async () => {
        const { ref, forConstruct } = await explicitProvider("eu");
        for (const [type, inputs] of [[KMS_KEY, {}], [IMPORTED_KEY, { keyArn: KEY_ARN }]] as const) {
            const name = type === KMS_KEY ? "owned" : "imported";
            const { urn } = await construct(provider, name, type, inputs, { providers: { aws: forConstruct } });
            const before = mocks.registrations.length;
            const grant = await provider.call(`${type}/grantDecrypt`, { __self__: fromReference(urn), grantee: ROLE(`${name}-reader`) });
            const alias = await provider.call(`${type}/addAlias`, { __self__: fromReference(urn), name: `${name}-extra` });
            expect(await resolved(alias.outputs!)).to.deep.equal({ aliasName: `alias/${name}-extra` });
            expect((await resolved(grant.outputs!)).policyName).to.be.a("string");
            const created = mocks.registrations.slice(before);
            expect(created.map((r) => [r.type, r.options.parent, r.provider])).to.deep.equal([
                ["aws:iam/rolePolicy:RolePolicy", urn, ref],
                ["aws:kms/alias:Alias", urn, ref],
            ]);
            // On the key's own provider the alias needs no region pin (as when built in TypeScript).
            expect(created[1].inputs).to.not.have.property("region");
        }
    });

    it("keeps a key on the default provider on the default provider, its alias pinned to the key's region", async () => {
        const { urn } = await construct(provider, "plain", KMS_KEY, {});
        const before = mocks.registrations.length;
        await provider.call(`${KMS_KEY}/grantEncrypt`, { __self__: fromReference(urn), grantee: ROLE("writer") });
        await provider.call(`${KMS_KEY}/addAlias`, { __self__: fromReference(urn), name: "plain-extra" });
        const created = mocks.registrations.slice(before);
        expect(created.map((r) => [r.type, r.provider || undefined])).to.deep.equal([
            ["aws:iam/rolePolicy:RolePolicy", undefined], ["aws:kms/alias:Alias", undefined],
        ]);
        expect(created[1].inputs.region).to.equal("us-east-1");
    });

    it("an aws provider given to a rebuilt key in TypeScript wins over the recorded one", async () => {
        const { forConstruct } = await explicitProvider("eu");
        const { ref: otherRef } = await explicitProvider("other");
        const { urn } = await construct(provider, "data", KMS_KEY, {}, { providers: { aws: forConstruct } });
        const { KmsKey } = loadComponents();
        const rebuilt = new KmsKey("data", undefined, { urn, providers: [new pulumi.DependencyProviderResource(otherRef)] });
        await rebuilt.restoreProvider();
        const before = mocks.registrations.length;
        await valueOf(rebuilt.grantDecrypt(ROLE("reader")));
        expect(mocks.registrations.slice(before).map((r) => r.provider)).to.deep.equal([otherRef]);
    });

    it("claims a method's alias name on the key's provider: taken there is refused, on another provider it is free", async () => {
        const { forConstruct } = await explicitProvider("eu");
        await construct(provider, "first", KMS_KEY, { alias: "shared" }, { providers: { aws: forConstruct } });
        const second = await construct(provider, "second", KMS_KEY, {}, { providers: { aws: forConstruct } });
        expectInputError(await failure(provider.call(`${KMS_KEY}/addAlias`, { __self__: fromReference(second.urn), name: "shared" })), "name",
            /alias alias\/shared is already given to key 'first' in this program/);
        // The same name on the default provider (possibly another account or region) is another alias.
        const third = await construct(provider, "third", KMS_KEY, {});
        const result = await provider.call(`${KMS_KEY}/addAlias`, { __self__: fromReference(third.urn), name: "shared" });
        expect(await resolved(result.outputs!)).to.deep.equal({ aliasName: "alias/shared" });
    });
});

describe("aliasNames and addAlias", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => {
        mocks = await useMocks();
    });

    it("in TypeScript lists the aliases added with addAlias right after the constructor, in the outputs registered too", async () => {
        const { KmsKey } = loadComponents();
        const key = new KmsKey("data", { alias: "data", aliases: ["data-v1"] });
        key.addAlias("data-v2");
        key.addAlias("alias/data-v3");
        const expected = ["alias/data", "alias/data-v1", "alias/data-v2", "alias/data-v3"];
        expect(await valueOf(key.aliasNames)).to.deep.equal(expected);
        await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
        expect(registeredOutputs(await valueOf(key.urn)).aliasNames).to.deep.equal(expected);
        expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(expected);
    });

    it("an alias added after aliasNames resolved is created, not listed, and a warning says so", async () => {
        const { KmsKey } = loadComponents();
        const key = new KmsKey("data", { alias: "data" });
        expect(await valueOf(key.aliasNames)).to.deep.equal(["alias/data"]);
        const warnings: string[] = [];
        const warn = console.warn;
        console.warn = (...a: unknown[]) => void warnings.push(a.join(" "));
        try {
            await valueOf(key.addAlias("late").urn);
        } finally {
            console.warn = warn;
        }
        expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(["alias/data", "alias/late"]);
        expect(await valueOf(key.aliasNames)).to.deep.equal(["alias/data"]);
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/addAlias\("late"\): the alias is created, but aliasNames was already resolved and does not list it/);
    });

    it("through Call: the method returns the name; the component's aliasNames stays what Construct registered", async () => {
        const provider = new KmsKeyProvider();
        const { urn, state } = await construct(provider, "data", KMS_KEY, { alias: "data" });
        expect((await resolved(state)).aliasNames).to.deep.equal(["alias/data"]);
        const result = await provider.call(`${KMS_KEY}/addAlias`, { __self__: fromReference(urn), name: "data-v2" });
        expect(await resolved(result.outputs!)).to.deep.equal({ aliasName: "alias/data-v2" });
        expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(["alias/data", "alias/data-v2"]);
        // The engine refuses a second RegisterResourceOutputs; the plugin sends none from a Call.
        expect(registeredOutputs(urn).aliasNames).to.deep.equal(["alias/data"]);
        const rebuiltAgain = fromReference(urn) as unknown as { aliasNames: pulumi.Output<string[]> };
        expect(await valueOf(rebuiltAgain.aliasNames)).to.deep.equal(["alias/data"]);
    });
});
