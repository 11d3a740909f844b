// The plugin over real gRPC: this repository started exactly as pulumi-language-nodejs starts a source plugin
// (`node node_modules/@pulumi/pulumi/cmd/run-plugin <repo> <engine>`, cwd = repo), driven as the engine
// drives it (GetPluginInfo, GetSchema, Construct, Call) against a test engine that records registrations
// and answers the AWS invokes. Needs `make build` (make test builds first).
import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { FakeEngine, startFakeEngine } from "../support/fakeEngine";
import { ACCOUNT } from "../support/mocks";
import {
    CallError, RunningPlugin, SPECIAL_SIG, callRequest, constructRequest, propertyErrors, repoRoot, startPlugin, structOf,
} from "../support/plugin";

const schemaBytes = fs.readFileSync(path.join(repoRoot, "schema.json"));
const schema = JSON.parse(schemaBytes.toString("utf8"));
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const KMS_KEY = "kmskey:index:KmsKey";
const IMPORTED_KEY = "kmskey:index:ImportedKey";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const EXISTING_KEY_ID = "0f0e0d0c-0b0a-0908-0706-050403020100";
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PROVIDER_URN = "urn:pulumi:stack::project::pulumi:providers:aws::eu";
const PROVIDER_REF = `${PROVIDER_URN}::0b8ac1c4-provider-id`;

/** The gRPC error of a rejected request. */
async function rejection(p: Promise<unknown>): Promise<CallError> {
    try {
        await p;
    } catch (e) {
        return e as CallError;
    }
    throw new Error("expected the request to fail");
}

/** Asserts an INVALID_ARGUMENT answer with a per-property error for `propertyPath`. */
function expectPropertyError(e: CallError, propertyPath: string, reason?: RegExp): void {
    expect(e.code, `${e.message}`).to.equal(grpc.status.INVALID_ARGUMENT);
    const errors = propertyErrors(e);
    expect(errors.map((x) => x.propertyPath), e.details).to.include(propertyPath);
    if (reason) expect(errors.find((x) => x.propertyPath === propertyPath)!.reason).to.match(reason);
}

describe("the plugin over gRPC, started as the engine starts it (its executable)", function () {
    this.timeout(180000);
    let engine: FakeEngine;
    let plugin: RunningPlugin;
    const construct = (type: string, name: string, inputs: object, options = {}) =>
        plugin.client.construct(constructRequest(engine.address, type, name, inputs, options));
    const call = (token: string, selfUrn: string, args: object) => plugin.client.call(callRequest(engine.address, token, selfUrn, args));

    before(async () => {
        engine = await startFakeEngine({ existingAliases: { "alias/existing": EXISTING_KEY_ID } });
        engine.seed(PROVIDER_URN, "0b8ac1c4-provider-id", { region: "eu-west-1" });
        plugin = await startPlugin({ engineAddress: engine.address });
    });
    after(async () => {
        await plugin?.stop();
        await engine?.stop();
    });
    beforeEach(() => engine.clearRecords());
    afterEach(function () {
        // Whatever a test sent, the plugin is still up.
        expect(plugin.process.exitCode, `plugin exited; stderr: ${plugin.stderr()}`).to.equal(null);
    });

    it("answers GetPluginInfo with the package version", async () => {
        const info = await plugin.client.getPluginInfo();
        expect(info.getVersion()).to.equal("0.1.0");
        expect(info.getVersion()).to.equal(pkg.version);
    });

    it("answers GetSchema with schema.json, byte for byte", async () => {
        const served = await plugin.client.getSchema();
        expect(Buffer.from(served, "utf8").equals(schemaBytes)).to.equal(true);
    });

    describe("Construct", () => {
        it("builds a KmsKey: a retained aws:kms/key:Key under the component, outputs per schema", async () => {
            const resp = await construct(KMS_KEY, "default", {});
            const urn = resp.getUrn();
            expect(urn).to.equal("urn:pulumi:stack::project::kmskey:index:KmsKey::default");
            const state = structOf(resp.getState());
            expect(Object.keys(state).sort()).to.deep.equal(Object.keys(schema.resources[KMS_KEY].properties).sort());
            expect(state.keyArn).to.match(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/${state.keyId}$`));
            expect(state.aliasNames).to.deep.equal([]);
            expect(JSON.parse(state.policy)).to.deep.equal({
                Version: "2012-10-17", Statement: [{ Action: "kms:*", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Resource: "*" }],
            });

            const [component] = engine.ofType(KMS_KEY);
            expect(component).to.deep.include({ urn, custom: false, parent: "" });
            expect(engine.childrenOf(urn).map((r) => r.type)).to.deep.equal(["aws:kms/key:Key"]);
            const [key] = engine.ofType("aws:kms/key:Key");
            expect(key).to.deep.include({ name: "default", custom: true, parent: urn, retainOnDelete: true });
            expect(key.inputs).to.deep.include({ deletionWindowInDays: 30, enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: false, policy: state.policy });
            // The plugin logs to the engine whose address run-plugin passed on.
            expect(engine.logs.length).to.be.greaterThan(0);
            // The component's outputs are registered with the engine (what rehydration reads back).
            expect(engine.stateOf(urn)).to.deep.include({ keyArn: state.keyArn, keyId: state.keyId });
        });

        it("builds a KmsKey with removalPolicy destroy (retainOnDelete false) and aliases", async () => {
            const resp = await construct(KMS_KEY, "destroyed", { removalPolicy: "destroy", pendingWindowInDays: 7, alias: "data", aliases: ["data-v1"], description: "d" });
            const urn = resp.getUrn();
            const state = structOf(resp.getState());
            expect(state.aliasNames).to.deep.equal(["alias/data", "alias/data-v1"]);
            const [key] = engine.ofType("aws:kms/key:Key");
            expect(key).to.deep.include({ parent: urn, retainOnDelete: false });
            expect(key.inputs).to.deep.include({ deletionWindowInDays: 7, description: "d" });
            const aliases = engine.ofType("aws:kms/alias:Alias");
            expect(aliases.map((a) => [a.name, a.parent, a.inputs.name, a.inputs.targetKeyId])).to.deep.equal([
                ["destroyed-alias/data", urn, "alias/data", state.keyArn],
                ["destroyed-alias/data-v1", urn, "alias/data-v1", state.keyArn],
            ]);
        });

        it("honours the caller's resource options: parent, protect, retainOnDelete, providers, dependsOn, aliases", async () => {
            const parent = "urn:pulumi:stack::project::my:index:App::app";
            const dependency = "urn:pulumi:stack::project::aws:s3/bucket:Bucket::logs";
            const alias = "urn:pulumi:stack::project::kmskey:index:KmsKey::old-name";
            const resp = await construct(KMS_KEY, "opts", { alias: "opts" }, {
                parent, protect: true, retainOnDelete: true, providers: { aws: PROVIDER_REF }, dependencies: [dependency], aliases: [alias],
            });
            const urn = resp.getUrn();
            expect(urn).to.equal(`urn:pulumi:stack::project::my:index:App$kmskey:index:KmsKey::opts`);
            const [component] = engine.ofType(KMS_KEY);
            expect(component).to.deep.include({ parent, protect: true, retainOnDelete: true, dependencies: [dependency] });
            expect(component.providers).to.deep.equal({ aws: PROVIDER_REF });
            expect(JSON.stringify(component.aliases)).to.include(alias);
            // Children: parented to the component, on the caller's aws provider, protected like it.
            expect(engine.childrenOf(urn).map((c) => c.type)).to.have.members(["aws:kms/key:Key", "aws:kms/alias:Alias"]);
            for (const child of engine.childrenOf(urn)) {
                expect(child.provider, child.type).to.equal(PROVIDER_REF);
                expect(child.protect, child.type).to.equal(true);
            }
            expect(engine.ofType("aws:kms/key:Key")[0].retainOnDelete).to.equal(true);
            // The account/region lookups go through the caller's provider too (made once per plugin and provider).
            const lookups = engine.invokes.filter((i) => i.token.startsWith("aws:index/"));
            for (const invoke of lookups) expect(invoke.provider, invoke.token).to.equal(PROVIDER_REF);
        });

        it("looks the account, partition and region up once per plugin process and AWS provider, not once per Construct", async () => {
            const urn = "urn:pulumi:stack::project::pulumi:providers:aws::once";
            engine.seed(urn, "once-provider-id", { region: "us-east-1" });
            const ref = `${urn}::once-provider-id`;
            const lookups = () => engine.invokes.filter((i) => i.token.startsWith("aws:index/") && i.provider === ref).map((i) => i.token).sort();
            const expected = ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion"];
            await Promise.all(["once-a", "once-b", "once-c"].map((name) => construct(KMS_KEY, name, { alias: name }, { providers: { aws: ref } })));
            expect(lookups()).to.deep.equal(expected);
            const later = structOf((await construct(KMS_KEY, "once-d", {}, { providers: { aws: ref } })).getState());
            expect(lookups()).to.deep.equal(expected);
            // Each Construct still gets the policy for the account the invokes returned.
            expect(JSON.parse(later.policy).Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
        });

        it("asks a deployment's monitor about its features once, and keeps each deployment's answers and clients apart", async () => {
            // Another deployment: its own resource monitor, which (unlike the first) does not support secrets.
            const other = await startFakeEngine({ features: ["resourceReferences", "outputValues", "deletedWith", "aliasSpecs"] });
            try {
                // kmsGrantTokens is a secret output: sent as one only to a monitor that supports secrets.
                const tokens = async (monitor: FakeEngine, name: string) =>
                    structOf((await plugin.client.construct(constructRequest(monitor.address, KMS_KEY, name, {}))).getState()).kmsGrantTokens;
                const secretTokens = { [SPECIAL_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: [] };
                expect(await Promise.all([tokens(engine, "features-a1"), tokens(engine, "features-a2")])).to.deep.equal([secretTokens, secretTokens]);
                expect(await tokens(other, "features-b")).to.deep.equal([]);
                expect(await tokens(engine, "features-a3"), "the other deployment's answers do not leak back").to.deep.equal(secretTokens);
                // Each registration reached its own deployment's monitor.
                expect(other.ofType(KMS_KEY).map((r) => r.name)).to.deep.equal(["features-b"]);
                expect(engine.ofType(KMS_KEY).map((r) => r.name)).to.include.members(["features-a1", "features-a2", "features-a3"]).and.not.include("features-b");
                // Every feature asked once per deployment, not once per request.
                for (const monitor of [engine, other]) {
                    expect(monitor.featureQueries).to.include("secrets");
                    expect(monitor.featureQueries).to.have.lengthOf(new Set(monitor.featureQueries).size);
                }
            } finally {
                await other.stop();
            }
        });

        it("builds ImportedKeys: by keyArn, aliasName and lookupAliasName, creating nothing", async () => {
            const byArn = structOf((await construct(IMPORTED_KEY, "by-arn", { keyArn: KEY_ARN })).getState());
            expect(byArn).to.deep.include({ keyArn: KEY_ARN, keyId: KEY_ID, isLookupDummy: false });
            const byAlias = structOf((await construct(IMPORTED_KEY, "by-alias", { aliasName: "alias/logs" })).getState());
            expect(byAlias).to.deep.equal({ keyId: "alias/logs", keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/logs`, aliasName: "alias/logs", isLookupDummy: false });
            const looked = structOf((await construct(IMPORTED_KEY, "by-lookup", { lookupAliasName: "alias/existing" })).getState());
            expect(looked).to.deep.equal({
                keyId: EXISTING_KEY_ID, keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${EXISTING_KEY_ID}`, aliasName: "alias/existing", isLookupDummy: false,
            });
            expect(Object.keys(looked).sort()).to.deep.equal(Object.keys(schema.resources[IMPORTED_KEY].properties).sort());
            expect(engine.invokes.filter((i) => i.token === "aws:kms/getAlias:getAlias").map((i) => i.args.name)).to.deep.equal(["alias/existing"]);
            const dummy = structOf((await construct(IMPORTED_KEY, "dummy", { lookupAliasName: "alias/missing", returnDummyKeyOnMissing: true })).getState());
            expect(dummy).to.deep.include({ keyId: KEY_ID, isLookupDummy: true });
            expect(engine.registrations.filter((r) => r.custom)).to.deep.equal([]);
            expect(engine.ofType(IMPORTED_KEY)).to.have.length(4);
        });

        it("takes secret and dependent values, resolving plain inputs; refuses unknown plain inputs", async () => {
            const SIG = "4dabf18193072939515e22adb298388d";
            const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
            const outputValue = (value?: unknown) => ({ [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", ...(value === undefined ? {} : { value }), dependencies: ["urn:pulumi:stack::project::x:index:X::x"] });
            const resp = await construct(KMS_KEY, "secrets", { alias: secret("s"), description: secret("hidden"), pendingWindowInDays: outputValue(8), removalPolicy: "destroy" });
            expect(structOf(resp.getState()).aliasNames).to.deep.equal(["alias/s"]);
            const [key] = engine.ofType("aws:kms/key:Key");
            expect(key.inputs).to.deep.include({ deletionWindowInDays: 8 });
            expect(key.inputs.description, "the secret stays a secret").to.deep.equal(secret("hidden"));
            expectPropertyError(await rejection(construct(KMS_KEY, "unknown-plain", { alias: outputValue() })), "alias", /must be known/);
        });

        it("builds in a preview, with unknown outputs", async () => {
            const previewEngine = await startFakeEngine({ preview: true });
            try {
                const resp = await plugin.client.construct(constructRequest(previewEngine.address, KMS_KEY, "previewed", { alias: "p" }, { dryRun: true }));
                const state = structOf(resp.getState());
                expect(state.keyArn).to.equal(UNKNOWN);
                expect(state.aliasNames).to.deep.equal(["alias/p"]);
                expect(previewEngine.ofType("aws:kms/key:Key")[0].retainOnDelete).to.equal(true);
            } finally {
                await previewEngine.stop();
            }
        });
    });

    describe("Call", () => {
        let keyUrn: string;
        let keyArn: string;
        let importedUrn: string;
        before(async () => {
            const key = await construct(KMS_KEY, "methods", {});
            keyUrn = key.getUrn();
            keyArn = structOf(key.getState()).keyArn;
            importedUrn = (await construct(IMPORTED_KEY, "imported", { keyArn: KEY_ARN })).getUrn();
        });

        for (const [type, resource] of Object.entries<any>(schema.resources)) {
            for (const [method, token] of Object.entries<string>(resource.methods)) {
                it(`serves ${token}`, async () => {
                    const selfUrn = type === KMS_KEY ? keyUrn : importedUrn;
                    const args: { [k: string]: unknown } = method === "addAlias" ? { name: `${type === KMS_KEY ? "k" : "i"}-${method}` } : { grantee: ROLE(`${type === KMS_KEY ? "K" : "I"}-${method}`) };
                    if (method === "grant") args.actions = ["kms:DescribeKey", "kms:GetPublicKey"];
                    const result = structOf((await call(token, selfUrn, args)).getReturn());
                    expect(Object.keys(result).sort()).to.deep.equal(Object.keys(schema.functions[token].outputs.properties).sort());
                    // Rebuilding __self__ read the component back (getResource) and registered nothing but the method's resource.
                    expect(engine.invokes.map((i) => i.token)).to.include("pulumi:pulumi:getResource");
                    expect(engine.registrations).to.have.length(1);
                    const [created] = engine.registrations;
                    expect(created.parent).to.equal(selfUrn);
                    if (method === "addAlias") {
                        expect(result.aliasName).to.equal(`alias/${args.name}`);
                        expect(created).to.deep.include({ type: "aws:kms/alias:Alias", custom: true });
                        // A Call carries no providers: the alias is pinned to the key's region, read from its ARN.
                        expect(created.inputs).to.deep.equal({ name: result.aliasName, targetKeyId: type === KMS_KEY ? keyArn : KEY_ARN, region: "us-east-1" });
                    } else {
                        expect(created.type).to.equal("aws:iam/rolePolicy:RolePolicy");
                        expect(created.inputs.role).to.equal(`${type === KMS_KEY ? "K" : "I"}-${method}`);
                        expect(result.policyName).to.equal(`${created.name}-1234567`);
                        const [statement] = JSON.parse(created.inputs.policy as string).Statement;
                        expect(statement.Resource).to.equal(type === KMS_KEY ? keyArn : KEY_ARN);
                        if (method === "grant") expect(statement.Action).to.deep.equal(["kms:DescribeKey", "kms:GetPublicKey"]);
                    }
                });
            }
        }

        it("serves a method in another plugin process than the one that built the component", async () => {
            const other = await startPlugin({ engineAddress: engine.address });
            try {
                const resp = await other.client.call(callRequest(engine.address, `${KMS_KEY}/grantEncrypt`, keyUrn, { grantee: ROLE("Elsewhere") }));
                expect(structOf(resp.getReturn())).to.have.property("policyName");
                const [policy] = engine.ofType("aws:iam/rolePolicy:RolePolicy");
                expect(policy.parent).to.equal(keyUrn);
                expect(JSON.parse(policy.inputs.policy as string).Statement[0].Resource).to.equal(keyArn);
            } finally {
                await other.stop();
            }
        });

        it("creates a method's resources on the aws provider the component was constructed with, recorded in its registered outputs", async () => {
            // A CallRequest has no providers and __self__ is only a URN: the plugin reads the provider back from the
            // outputs it registered at Construct (awsProvider, not in the schema), which getResource returns.
            const resp = await construct(KMS_KEY, "on-eu", { alias: "on-eu" }, { providers: { aws: PROVIDER_REF } });
            const urn = resp.getUrn();
            expect(structOf(resp.getState())).to.not.have.property("awsProvider");
            expect(engine.stateOf(urn)).to.deep.include({ awsProvider: PROVIDER_REF, aliasNames: ["alias/on-eu"] });
            engine.clearRecords();
            const grant = structOf((await call(`${KMS_KEY}/grantDecrypt`, urn, { grantee: ROLE("EuReader") })).getReturn());
            const alias = structOf((await call(`${KMS_KEY}/addAlias`, urn, { name: "on-eu-v2" })).getReturn());
            expect(alias).to.deep.equal({ aliasName: "alias/on-eu-v2" });
            expect(engine.registrations.map((r) => [r.type, r.parent, r.provider])).to.deep.equal([
                ["aws:iam/rolePolicy:RolePolicy", urn, PROVIDER_REF],
                ["aws:kms/alias:Alias", urn, PROVIDER_REF],
            ]);
            expect(grant.policyName).to.equal(`${engine.registrations[0].name}-1234567`);
            // On the key's own provider the alias is not pinned to a region (as when built in TypeScript).
            expect(engine.registrations[1].inputs).to.deep.equal({ name: "alias/on-eu-v2", targetKeyId: structOf(resp.getState()).keyArn });
            // The component's outputs stay what Construct registered: the engine takes RegisterResourceOutputs once.
            expect(engine.stateOf(urn)!.aliasNames).to.deep.equal(["alias/on-eu"]);
        });

        it("a component built on the default provider keeps its methods' resources there, served by another plugin process", async () => {
            const other = await startPlugin({ engineAddress: engine.address });
            try {
                expect(engine.stateOf(keyUrn)).to.have.property("awsProvider", "");
                await other.client.call(callRequest(engine.address, `${KMS_KEY}/grantVerify`, keyUrn, { grantee: ROLE("DefaultVerifier") }));
                expect(engine.registrations.map((r) => [r.type, r.provider])).to.deep.equal([["aws:iam/rolePolicy:RolePolicy", ""]]);
            } finally {
                await other.stop();
            }
        });
    });

    describe("malformed requests get an error and the plugin keeps serving", () => {
        it("wrong types, unknown enum values, unknown input names", async () => {
            const e = await rejection(construct(KMS_KEY, "bad1", { pendingWindowInDays: "seven", enabled: "no", removalPolicy: "delete", colour: "red" }));
            for (const p of ["pendingWindowInDays", "enabled", "removalPolicy", "colour"]) expectPropertyError(e, p);
            expectPropertyError(e, "removalPolicy", /expected one of "retain", "destroy"/);
            expect(engine.registrations, "nothing is registered for input that fails the schema").to.deep.equal([]);
            expectPropertyError(await rejection(construct(KMS_KEY, "bad2", { grants: [{ grantee: "*", kind: "all" }] })), "grants[0].kind");
            expectPropertyError(await rejection(construct(IMPORTED_KEY, "bad3", { keyArn: 42 })), "keyArn", /expected a string/);
        });

        it("missing required inputs and a __self__ that is not a reference", async () => {
            const urn = (await construct(KMS_KEY, "self", {})).getUrn();
            expectPropertyError(await rejection(call(`${KMS_KEY}/grant`, urn, { grantee: ROLE("A") })), "actions", /required/);
            expectPropertyError(await rejection(call(`${KMS_KEY}/grantDecrypt`, urn, {})), "grantee", /required/);
            const req = callRequest(engine.address, `${KMS_KEY}/grantDecrypt`, urn, { grantee: ROLE("A") });
            req.getArgs().getFieldsMap().get("__self__").setStringValue(urn);
            expectPropertyError(await rejection(plugin.client.call(req)), "__self__");
            // A KmsKey method on an ImportedKey.
            const imported = (await construct(IMPORTED_KEY, "wrong-self", { aliasName: "alias/x" })).getUrn();
            expectPropertyError(await rejection(call(`${KMS_KEY}/grantDecrypt`, imported, { grantee: ROLE("A") })), "__self__");
        });

        it("unknown tokens", async () => {
            const e1 = await rejection(construct("kmskey:index:Nope", "x", {}));
            expect(e1.code).to.equal(grpc.status.UNKNOWN);
            expect(e1.details).to.equal("unknown resource type kmskey:index:Nope");
            const urn = (await construct(KMS_KEY, "tokens", {})).getUrn();
            const e2 = await rejection(call(`${KMS_KEY}/grantEverything`, urn, { grantee: ROLE("A") }));
            expect(e2.code).to.equal(grpc.status.UNKNOWN);
            expect(e2.details).to.equal(`unknown function ${KMS_KEY}/grantEverything`);
        });

        it("component checks, immediate and once the account is known, name the property", async () => {
            expectPropertyError(await rejection(construct(KMS_KEY, "c1", { pendingWindowInDays: 3 })), "pendingWindowInDays", /between 7 and 30/);
            expectPropertyError(await rejection(construct(KMS_KEY, "c2", { keySpec: "HMAC_256", keyUsage: "ENCRYPT_DECRYPT" })), "keyUsage");
            expectPropertyError(await rejection(construct(IMPORTED_KEY, "c3", { lookupAliasName: "alias/missing" })), "lookupAliasName", /no KMS alias named alias\/missing/);
            const lockout = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ROLE("Other") }, Action: "kms:*", Resource: "*" }] };
            expectPropertyError(await rejection(construct(KMS_KEY, "c4", { policy: lockout })), "policy", /^policy: this key policy would lock the account out/);
            const urn = (await construct(KMS_KEY, "c5", {})).getUrn();
            expectPropertyError(await rejection(call(`${KMS_KEY}/grantDecrypt`, urn, { grantee: "arn:aws:iam::999999999999:role/App" })), "grantee", /^grantee: .* is in account 999999999999/);
            const aliased = (await construct(IMPORTED_KEY, "c6", { aliasName: "alias/x" })).getUrn();
            expectPropertyError(await rejection(call(`${IMPORTED_KEY}/addAlias`, aliased, { name: "more" })), "name", /imported by alias name/);
            // Still serving, and nothing was reported as a crash.
            expect(structOf((await construct(KMS_KEY, "after-errors", {})).getState())).to.have.property("keyArn");
            expect(engine.logs.filter((l) => l.severity >= 3), "errors logged to the engine").to.deep.equal([]);
        });
    });

    it("serves 100 concurrent Constructs, with failing requests among them", async () => {
        const valid = Array.from({ length: 100 }, (_, i) => construct(KMS_KEY, `many-${i}`, { alias: `many-${i}`, removalPolicy: i % 2 ? "destroy" : "retain" }));
        // Requests whose checks fail late (once the account is known) must not fail the others.
        const lockout = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ROLE("Other") }, Action: "kms:*", Resource: "*" }] };
        const failing = Array.from({ length: 5 }, (_, i) => rejection(construct(KMS_KEY, `failing-${i}`, { policy: lockout })));
        const results = await Promise.allSettled(valid);
        const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`many-${i}: ${(r.reason as Error).message}`] : []));
        expect(failed).to.deep.equal([]);
        for (const e of await Promise.all(failing)) expectPropertyError(e, "policy");
        const urns = results.map((r) => (r as PromiseFulfilledResult<any>).value.getUrn());
        expect(new Set(urns).size).to.equal(100);
        const keys = engine.ofType("aws:kms/key:Key").filter((k) => k.name.startsWith("many-"));
        expect(keys).to.have.length(100);
        for (const key of keys) expect(key.retainOnDelete, key.name).to.equal(Number(key.name.split("-")[1]) % 2 === 0);
        expect(engine.ofType("aws:kms/alias:Alias").filter((a) => a.name.startsWith("many-"))).to.have.length(100);
    });
});
