// backend "aws-native" through the provider in process, as the engine reaches it: Construct with the backend (and
// with an aws-native provider reference in its options), a refused combination as an InputPropertiesError naming
// the input, method calls on a key rebuilt from its URN using its recorded backend and replica providers, and the
// backend's module loaded only when a key asks for it.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, expectInputError, failure, fromReference, ignoringUnhandledKmsKeyErrors, resolved } from "./inProcess";
import { ACCOUNT, RecordingMocks, mockKeyId, useMocks } from "../support/mocks";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const KEY = "aws-native:kms:Key";
const ALIAS = "aws-native:kms:Alias";

describe("backend aws-native (provider)", () => {
    let mocks: RecordingMocks;
    let restore: () => Promise<void>;
    beforeEach(async () => { mocks = await useMocks(); restore = ignoringUnhandledKmsKeyErrors(); });
    afterEach(async () => { await restore(); });

    it("constructs a key with the backend and returns the same outputs", async () => {
        const { state } = await construct(new KmsKeyProvider(), "data", "kmskey:index:KmsKey", { backend: "aws-native", alias: "data" });
        const values = await resolved(state);
        expect(values.keyArn).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("data")}`);
        expect(values.aliasNames).to.deep.equal(["alias/data"]);
        expect(mocks.ofType(KEY)).to.have.length(1);
    });

    it("uses the aws-native provider given in Construct's options (a reference, as the plugin receives it)", async () => {
        const ref = "urn:pulumi:stack::project::pulumi:providers:aws-native::ops::ops-id";
        await construct(new KmsKeyProvider(), "data", "kmskey:index:KmsKey", { backend: "aws-native" }, { providers: [new pulumi.DependencyProviderResource(ref)] });
        expect(mocks.ofType(KEY).map((k) => k.provider)).to.deep.equal([ref]);
        expect(mocks.invokes.map((i) => i.provider)).to.deep.equal([ref, ref, ref]);
    });

    it("loads the aws-native backend's module only for a key that asks for it", () => {
        // A fresh process with the compiled plugin, under mocks: an aws key does not load it, an aws-native key does.
        const script = `const pulumi = require("@pulumi/pulumi");
            pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "p", "s", true);
            const loaded = () => Object.keys(require.cache).some((f) => f.includes("backends/awsNative"));
            const { KmsKey } = require("./provider/bin/provider").loadComponents();
            const before = loaded();
            new KmsKey("a", {});
            const afterAws = loaded();
            new KmsKey("b", { backend: "aws-native" });
            console.log(JSON.stringify([before, afterAws, loaded()]));
            process.exit(0);`;
        // (Exiting with the keys' registrations pending, the SDK reports leaked promises: only stdout's first line counts.)
        const run = require("child_process").spawnSync(process.execPath, ["-e", script], { cwd: require("path").join(__dirname, "..", ".."), encoding: "utf8" });
        expect(JSON.parse(run.stdout.split("\n")[0])).to.deep.equal([false, false, true]);
    });

    it("answers a refused combination with an InputPropertiesError naming the input", async () => {
        const provider = new KmsKeyProvider();
        const e = await failure(provider.construct("g", "kmskey:index:KmsKey", { backend: "aws-native", kmsGrants: [{ grantee: ROLE, operations: ["Decrypt"] }] }, {}));
        expectInputError(e, "kmsGrants", /cannot be used with backend "aws-native"/);
        expectInputError(await failure(provider.construct("o", "kmskey:index:KmsKey", { backend: "aws-native", origin: "EXTERNAL_KEY_STORE" }, {})), "origin", /aws-native/);
        expectInputError(await failure(provider.construct("b", "kmskey:index:KmsKey", { backend: "azure" }, {})), "backend");
        expect(mocks.registrations.filter((r) => r.custom)).to.have.length(0);
    });

    it("serves methods on a rebuilt key with its recorded backend: grants and addAlias, in every replica Region on its provider", async () => {
        const provider = new KmsKeyProvider();
        const { urn } = await construct(provider, "k", "kmskey:index:KmsKey", { backend: "aws-native", replicaRegions: ["eu-west-1"] });
        const granted = await provider.call("kmskey:index:KmsKey/grantDecrypt", { __self__: fromReference(urn), grantee: ROLE });
        const policyName = (await resolved(granted.outputs!)).policyName;
        expect(mocks.ofType("aws-native:iam:RolePolicy").map((p) => p.inputs.policyName)).to.deep.equal([policyName]);
        const result = await provider.call("kmskey:index:KmsKey/addAlias", { __self__: fromReference(urn), name: "late" });
        expect(await resolved(result.outputs!)).to.deep.equal({ aliasName: "alias/late" });
        await new Promise((r) => setTimeout(r, 50));
        const aliases = mocks.ofType(ALIAS).map((a) => [a.name, a.inputs.targetKeyId, a.provider?.split("::")[3] ?? "default"]).sort();
        expect(aliases).to.deep.equal([
            ["k-alias/late", mockKeyId("k"), "default"],
            ["k-alias/late-eu-west-1", mockKeyId("k"), "k-aws-native-eu-west-1"],
        ]);
        expect(mocks.registrations.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
    });
});
