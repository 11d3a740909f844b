// The provider object in process, under pulumi.runtime.setMocks: construct and call exactly as the SDK's
// gRPC server invokes them (no CLI, no gRPC). Methods are served through `__self__` rebuilt from a resource
// reference, the way the server deserializes a CallRequest.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { KmsKeyProvider, loadComponents, schemaPath } from "../../provider/src/provider";
import { ACCOUNT, RecordingMocks, useMocks, valueOf } from "../support/mocks";
import {
    EXISTING_KEY_ID, IMPORTED_KEY, KEY_ARN, KMS_KEY, construct, expectInputError, failure, fromReference, ignoringUnhandledKmsKeyErrors,
    methodArgs, resolved, root, schema,
} from "./inProcess";

describe("KmsKeyProvider in process", () => {
    let mocks: RecordingMocks;
    let provider: KmsKeyProvider;
    beforeEach(async () => {
        mocks = await useMocks({ existingAliases: { "alias/existing": EXISTING_KEY_ID } });
        provider = new KmsKeyProvider();
    });

    it("serves schema.json byte for byte, with the package version", async () => {
        expect(Buffer.from(await provider.getSchema(), "utf8").equals(fs.readFileSync(schemaPath))).to.equal(true);
        expect(provider.version).to.equal(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
        expect(provider.version).to.equal(schema.version);
    });

    describe("construct", () => {
        it("builds a KmsKey whose state has exactly the schema's properties", async () => {
            const { urn, state } = await construct(provider, "data", KMS_KEY, { alias: "data", removalPolicy: "destroy" });
            expect(Object.keys(state).sort()).to.deep.equal(Object.keys(schema.resources[KMS_KEY].properties).sort());
            const values = await resolved(state);
            expect(values.keyArn).to.match(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/`));
            expect(values.keyArn.endsWith(values.keyId)).to.equal(true);
            expect(values.aliasNames).to.deep.equal(["alias/data"]);
            expect(JSON.parse(values.policy).Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
            const componentUrn = await valueOf(pulumi.output(urn));
            const [key] = mocks.ofType("aws:kms/key:Key");
            expect(key.options.parent).to.equal(componentUrn);
            expect(key.options.retainOnDelete).to.equal(false);
            expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(["alias/data"]);
        });

        it("builds an ImportedKey (by alias name, by ARN, by lookup) whose state has exactly the schema's properties", async () => {
            const properties = Object.keys(schema.resources[IMPORTED_KEY].properties).sort();
            const byAlias = await provider.construct("logs", IMPORTED_KEY, { aliasName: "alias/logs" }, {});
            expect(Object.keys(byAlias.state).sort()).to.deep.equal(properties);
            expect(await resolved(byAlias.state)).to.deep.equal({
                keyId: "alias/logs", keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/logs`, aliasName: "alias/logs", isLookupDummy: false,
            });
            const byArn = await provider.construct("shared", IMPORTED_KEY, { keyArn: KEY_ARN }, {});
            expect(Object.keys(byArn.state).sort()).to.deep.equal(properties);
            expect((await resolved(byArn.state)).keyId).to.equal("1234abcd-12ab-34cd-56ef-1234567890ab");
            const looked = await provider.construct("found", IMPORTED_KEY, { lookupAliasName: "existing" }, {});
            expect(await resolved(looked.state)).to.deep.include({ keyId: EXISTING_KEY_ID, aliasName: "alias/existing", isLookupDummy: false });
            const dummy = await provider.construct("dummy", IMPORTED_KEY, { lookupAliasName: "alias/missing", returnDummyKeyOnMissing: true }, {});
            expect((await resolved(dummy.state)).isLookupDummy).to.equal(true);
            expect(mocks.registrations.filter((r) => r.custom)).to.deep.equal([]);
        });

        it("passes the caller's resource options to the component; the key's retainOnDelete follows removalPolicy", async () => {
            const parent = new pulumi.DependencyResource(`urn:pulumi:stack::project::my:index:Parent::p`);
            const dep = new pulumi.DependencyResource(`urn:pulumi:stack::project::aws:s3/bucket:Bucket::b`);
            await construct(provider, "opts", KMS_KEY, {}, { parent, protect: true, retainOnDelete: true, dependsOn: [dep] });
            await construct(provider, "destroyed", KMS_KEY, { removalPolicy: "destroy" }, { retainOnDelete: true });
            const [component, other] = mocks.ofType(KMS_KEY);
            expect(component.options).to.deep.include({ parent: "urn:pulumi:stack::project::my:index:Parent::p", protect: true, retainOnDelete: true });
            expect(component.options.dependsOn).to.deep.equal([`urn:pulumi:stack::project::aws:s3/bucket:Bucket::b`]);
            expect(other.options.retainOnDelete).to.equal(true);
            const [key, destroyedKey] = mocks.ofType("aws:kms/key:Key");
            expect(key.options).to.deep.include({ retainOnDelete: true, protect: true });
            expect(destroyedKey.options.retainOnDelete).to.equal(false);
        });

        it("resolves plain inputs given as Outputs (secrets, values with dependencies); refuses unknown ones", async () => {
            const { state } = await construct(provider, "secret", KMS_KEY, { alias: pulumi.secret("data"), keySpec: pulumi.output("RSA_2048") });
            expect((await resolved(state)).aliasNames).to.deep.equal(["alias/data"]);
            expect(mocks.ofType("aws:kms/key:Key")[0].inputs.customerMasterKeySpec).to.equal("RSA_2048");
            const e = await failure(provider.construct("unknown", KMS_KEY, { alias: pulumi.output(pulumi.unknown), keySpec: pulumi.output("NOPE") }, {}));
            expectInputError(e, "alias", /must be known when the component is created/);
            expectInputError(e, "keySpec", /not a valid KeySpec/);
        });

        it("rejects an unknown resource type", async () => {
            expect((await failure(provider.construct("x", "kmskey:index:Nope", {}, {}))).message).to.equal("unknown resource type kmskey:index:Nope");
        });
    });

    describe("call", () => {
        const methodTokens = Object.entries<any>(schema.resources).flatMap(([type, r]) =>
            Object.entries<string>(r.methods ?? {}).map(([method, token]) => ({ type, method, token })));

        it("has methods to test", () => {
            expect(methodTokens.length).to.equal(26);
        });

        for (const { type, method, token } of methodTokens) {
            it(`serves ${token}, returning exactly the schema's outputs`, async () => {
                const inputs = type === KMS_KEY ? {} : { keyArn: KEY_ARN };
                const { urn: selfUrn } = await construct(provider, "k", type, inputs);
                const registered = mocks.registrations.length;
                const self = fromReference(selfUrn);
                const grantee = `arn:aws:iam::${ACCOUNT}:role/${method}`;
                const result = await provider.call(token, { __self__: self, ...methodArgs(token, grantee) });
                expect(Object.keys(result.outputs!).sort()).to.deep.equal(Object.keys(schema.functions[token].outputs.properties).sort());
                const values = await resolved(result.outputs!);
                const created = mocks.registrations.slice(registered);
                // Rebuilding __self__ registered nothing: the one new resource is the method's.
                expect(created.map((r) => r.type)).to.deep.equal([method === "addAlias" ? "aws:kms/alias:Alias" : "aws:iam/rolePolicy:RolePolicy"]);
                expect(created[0].options.parent).to.equal(selfUrn);
                if (method === "addAlias") {
                    expect(values).to.deep.equal({ aliasName: `alias/extra-${method}` });
                    expect(created[0].inputs.targetKeyId).to.match(/^arn:aws:kms:/);
                } else {
                    expect(values.policyName).to.be.a("string").and.not.equal("");
                    expect(created[0].inputs.role).to.equal(method);
                    const statement = JSON.parse(created[0].inputs.policy).Statement[0];
                    expect(statement.Resource).to.match(/^arn:aws:kms:us-east-1:111122223333:key\//);
                }
            });
        }

        it("serves a grant to a user as a UserPolicy and unwraps Output arguments", async () => {
            const { KmsKey } = loadComponents();
            const key = new KmsKey("k", {});
            const result = await provider.call(`${KMS_KEY}/grant`, {
                __self__: key, grantee: pulumi.output(`arn:aws:iam::${ACCOUNT}:user/ci`), actions: pulumi.output(["kms:Encrypt", "kms:Decrypt"]),
            });
            expect(await resolved(result.outputs!)).to.have.property("policyName").that.is.a("string");
            const [policy] = mocks.ofType("aws:iam/userPolicy:UserPolicy");
            expect(policy.inputs.user).to.equal("ci");
            expect(JSON.parse(policy.inputs.policy).Statement[0].Action).to.deep.equal(["kms:Encrypt", "kms:Decrypt"]);
        });

        it("rejects an unknown method token", async () => {
            expect((await failure(provider.call(`${KMS_KEY}/nope`, {}))).message).to.equal(`unknown function ${KMS_KEY}/nope`);
        });
    });

    describe("bad input reaches the engine as per-property errors", () => {
        it("wrong types, enum values and unknown names (schema checks, before anything is registered)", async () => {
            const e = await failure(provider.construct("bad", KMS_KEY, { pendingWindowInDays: "7", keySpec: "AES", colour: "blue", grants: [{ grantee: 1 }] }, {}));
            expect(e.errors.map((x: any) => x.propertyPath)).to.have.members(["pendingWindowInDays", "keySpec", "colour", "grants[0].grantee"]);
            expect(e.message).to.match(/^kmskey:index:KmsKey bad: /);
            expect(mocks.registrations).to.deep.equal([]);
        });

        it("component checks thrown by the constructors (KmsKeyError)", async () => {
            expectInputError(await failure(provider.construct("k", KMS_KEY, { pendingWindowInDays: 3 }, {})), "pendingWindowInDays", /between 7 and 30/);
            expectInputError(await failure(provider.construct("k2", KMS_KEY, { grants: [{ grantee: "*", kind: "decrypt", actions: ["kms:Decrypt"] }] }, {})), "grants[0]");
            expectInputError(await failure(provider.construct("i", IMPORTED_KEY, { keyArn: KEY_ARN, aliasName: "alias/x" }, {})), "aliasName", /exactly one/);
            expectInputError(await failure(provider.construct("i2", IMPORTED_KEY, { keyArn: "arn:aws:s3:::bucket" }, {})), "keyArn");
        });

        it("checks that fail once resolved (whenValid): a lookup of a missing alias, a lockout policy", async () => {
            const restore = ignoringUnhandledKmsKeyErrors();
            try {
                expectInputError(await failure(provider.construct("m", IMPORTED_KEY, { lookupAliasName: "alias/missing" }, {})), "lookupAliasName", /no KMS alias named alias\/missing/);
                const lockout = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }, Action: "kms:Decrypt", Resource: "*" }] };
                expectInputError(await failure(provider.construct("l", KMS_KEY, { policy: lockout }, {})), "policy", /^policy: this key policy would lock the account out/);
            } finally {
                await restore();
            }
        });

        it("the security rules, each an input error for its property, with nothing registered", async () => {
            const restore = ignoringUnhandledKmsKeyErrors();
            try {
                const role = `arn:aws:iam::${ACCOUNT}:role/App`;
                const deny = (Condition: object) => ({ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition });
                const cases: [object, string, RegExp][] = [
                    [{ admins: ["*"] }, "admins[0]", /anyone in any AWS account administer/],
                    [{ grants: [{ grantee: "*", kind: "decrypt" }] }, "grants[0]", /Allow to everyone.*aws:PrincipalOrgID/],
                    [{ grants: [{ grantee: "*", kind: "decrypt", condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }] }, "grants[0].condition", /unknown input/],
                    [{ policyStatements: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" }] }, "policyStatements[0]", /Allow to everyone/],
                    [{ policyStatements: [deny({ Bool: { "aws:SecureTransport": "true" } })] }, "policyStatements[0]", /lock the account out.*aws:SecureTransport/],
                    [{ policyStatements: [deny({ DateGreaterThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } })] }, "policyStatements[0]", /lock the account out.*later/],
                    [{ grants: [{ grantee: `arn:aws:iam::${ACCOUNT}:group/Ops`, kind: "decrypt" }] }, "grants[0].grantee", /IAM groups cannot be principals/],
                    [{ grants: [{ grantee: role, actions: ["kms:Decrpyt"] }] }, "grants[0].actions[0]", /did you mean kms:Decrypt\?/],
                    [{ policy: { Version: "2012-10-17", Statment: [] } }, "policy", /Statement list/],
                    [{ tags: { "aws:team": "x" } }, 'tags["aws:team"]', /reserved for AWS/],
                    [{ description: "d".repeat(8193) }, "description", /at most 8192/],
                    [{ grants: [{ grantee: role, kind: "constructor" }] }, "grants[0].kind", /not a valid GrantKind/],
                    [{ grants: Array.from({ length: 2000 }, (_, i) => ({ grantee: `arn:aws:iam::${ACCOUNT}:role/r-${i}`, kind: "admin", conditions: { StringEquals: { "kms:EncryptionContext:i": `v${i}` } } })) },
                        "grants", /^grants: the key policy is \d+ bytes/],
                ];
                for (const [inputs, property, reason] of cases) {
                    expectInputError(await failure(provider.construct(`s${cases.findIndex((c) => c[0] === inputs)}`, KMS_KEY, inputs, {})), property, reason);
                }
                expect(mocks.ofType("aws:kms/key:Key")).to.deep.equal([]);
            } finally {
                await restore();
            }
        });

        it("refuses the same alias name on a second key of the deployment, naming both", async () => {
            await provider.construct("first", KMS_KEY, { alias: "shared" }, {});
            expectInputError(await failure(provider.construct("second", KMS_KEY, { aliases: ["alias/shared"] }, {})), "aliases[0]",
                /alias alias\/shared is already given to key 'first' in this program/);
        });

        it("accepts a public grant restricted by viaService, and warns about a service grant with no source condition", async () => {
            // With no engine (mocks), pulumi.log.warn writes to console.warn; through the engine it is a warning diagnostic.
            const warnings: string[] = [];
            const warn = console.warn;
            console.warn = (...a: unknown[]) => void warnings.push(a.join(" "));
            try {
                const { state } = await provider.construct("svc", KMS_KEY, {
                    grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }, { grantee: "logs.amazonaws.com", kind: "encryptDecrypt" }],
                }, {});
                const policy = JSON.parse((await resolved(state)).policy);
                expect(policy.Statement[1].Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } });
            } finally {
                console.warn = warn;
            }
            expect(warnings).to.have.length(1);
            expect(warnings[0]).to.match(/^warning: \[runtime\] grants\[1\]: logs.amazonaws.com .*confused-deputy/);
        });

        it("methods: missing and wrong inputs, a __self__ of another component, component checks", async () => {
            const { KmsKey, ImportedKey } = loadComponents();
            const key = new KmsKey("k", {});
            const imported = new ImportedKey("i", { aliasName: "alias/logs" });
            expectInputError(await failure(provider.call(`${KMS_KEY}/grant`, { __self__: key, grantee: `arn:aws:iam::${ACCOUNT}:role/A` })), "actions", /required/);
            expectInputError(await failure(provider.call(`${KMS_KEY}/grantDecrypt`, { __self__: key, grantee: ["x"] })), "grantee", /expected a string/);
            expectInputError(await failure(provider.call(`${KMS_KEY}/grantDecrypt`, { __self__: imported, grantee: "x" })), "__self__", /kmskey:index:KmsKey/);
            expectInputError(await failure(provider.call(`${KMS_KEY}/grantDecrypt`, { grantee: "x" })), "__self__");
            expectInputError(await failure(provider.call(`${KMS_KEY}/grant`, { __self__: key, grantee: `arn:aws:iam::${ACCOUNT}:role/A`, actions: ["s3:GetObject"] })), "actions[0]");
            expectInputError(await failure(provider.call(`${KMS_KEY}/addAlias`, { __self__: key, name: "alias/aws/mine" })), "name");
            expectInputError(await failure(provider.call(`${IMPORTED_KEY}/addAlias`, { __self__: imported, name: "more" })), "name", /imported by alias name/);
            expectInputError(await failure(provider.call(`${KMS_KEY}/grantDecrypt`, { __self__: key, grantee: "arn:aws:s3:::bucket" })), "grantee");
        });

        it("a method check that fails once the key's account is known: a grantee in another account", async () => {
            const restore = ignoringUnhandledKmsKeyErrors();
            try {
                const { KmsKey } = loadComponents();
                const key = new KmsKey("k", {});
                const e = await failure(provider.call(`${KMS_KEY}/grantDecrypt`, { __self__: key, grantee: "arn:aws:iam::999999999999:role/App" }));
                expectInputError(e, "grantee", /^grantee: arn:aws:iam::999999999999:role\/App is in account 999999999999/);
            } finally {
                await restore();
            }
        });
    });
});
