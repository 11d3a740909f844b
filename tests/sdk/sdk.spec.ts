// The generated Node.js SDK (sdk/nodejs, package @kmskey/kmskey) under Pulumi's runtime mocks: what it sends to the
// engine when a program creates a KmsKey or an ImportedKey and calls a method. The components themselves run in
// the provider process, which mocks never start, so this checks the SDK's marshalling surface: the type token, the
// remote flag, the package version, every input under its schema name, enums as their string values, and outputs and
// method results read back from what the engine answers.
//
// `make test-sdk` runs it against the SDK compiled with its own tsconfig (KMSKEY_NODEJS_SDK=<dir with the compiled
// index.js>); without KMSKEY_NODEJS_SDK (mocha tests/sdk/sdk.spec.ts) it loads the SDK's TypeScript source.
import { expect } from "chai";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as Sdk from "../../sdk/nodejs";

const sdkPath = process.env.KMSKEY_NODEJS_SDK ? path.resolve(process.env.KMSKEY_NODEJS_SDK) : path.join(__dirname, "../../sdk/nodejs");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const kmskey: typeof Sdk = require(sdkPath);

const ACCOUNT = "111122223333";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdministrators`;
const APP = `arn:aws:iam::${ACCOUNT}:role/orders-service`;
const SCHEMA_VERSION: string = require("../../schema.json").version;

/** One RegisterResource request as the SDK sent it. */
interface Request {
    type: string;
    name: string;
    custom: boolean;
    remote: boolean;
    version: string;
    /** The inputs as they go over the wire (a protobuf Struct, as JSON). */
    wire: any;
}

/** One Call request (a method) as the SDK sent it. */
interface CallRequest {
    tok: string;
    wire: any;
}

class Engine implements pulumi.runtime.Mocks {
    readonly requests: Request[] = [];
    readonly calls: CallRequest[] = [];
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: any } {
        if (args.type === "kmskey:index:KmsKey") {
            return {
                id: undefined,
                state: {
                    keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
                    keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                    aliasNames: ["alias/orders/data", "alias/orders/data-v1"],
                    policy: '{"Version":"2012-10-17","Statement":[]}',
                },
            };
        }
        if (args.type === "kmskey:index:ImportedKey") {
            return {
                id: undefined,
                state: { keyId: args.inputs.aliasName, keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:${args.inputs.aliasName}`, aliasName: args.inputs.aliasName, isLookupDummy: false },
            };
        }
        return { id: undefined, state: args.inputs };
    }
    call(args: pulumi.runtime.MockCallArgs): any {
        throw new Error(`unexpected invoke ${args.token}`);
    }
}

async function useEngine(): Promise<Engine> {
    const engine = new Engine();
    await pulumi.runtime.setMocks(engine, "project", "stack", false);
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        engine.requests.push({
            type: req.getType(), name: req.getName(), custom: req.getCustom(), remote: req.getRemote(), version: req.getVersion(),
            wire: req.getObject()?.toJavaScript() ?? {},
        });
        return register(req, callback);
    };
    // The mock monitor has no Call (methods); answer like a provider would.
    const { CallResponse } = require("@pulumi/pulumi/proto/provider_pb");
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    monitor.call = (req: any, callback: any) => {
        const wire = req.getArgs().toJavaScript();
        engine.calls.push({ tok: req.getTok(), wire });
        const resp = new CallResponse();
        const method = String(req.getTok()).split("/")[1];
        resp.setReturn(Struct.fromJavaScript(method === "addAlias" ? { aliasName: `alias/${wire.name}` } : { policyName: `kms-${method}-policy` }));
        callback(null, resp);
    };
    return engine;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as any).promise();
}

/** Waits until every registration the SDK started has been sent. */
async function settled(...resources: pulumi.Resource[]): Promise<void> {
    await Promise.all(resources.map((r) => valueOf(r.urn)));
}

describe("generated Node.js SDK (@kmskey/kmskey) under mocks", () => {
    let engine: Engine;
    beforeEach(async () => { engine = await useEngine(); });

    it("exports the components and the enums with their schema values", () => {
        expect(kmskey.KmsKey).to.be.a("function");
        expect(kmskey.ImportedKey).to.be.a("function");
        expect(kmskey.KeySpec.EccNistP256).to.equal("ECC_NIST_P256");
        expect(kmskey.KeySpec.MlDsa87).to.equal("ML_DSA_87");
        expect(kmskey.KeyUsage.SignVerify).to.equal("SIGN_VERIFY");
        expect(kmskey.KeyUsage.GenerateVerifyMac).to.equal("GENERATE_VERIFY_MAC");
        expect(kmskey.GrantKind.EncryptDecrypt).to.equal("encryptDecrypt");
        expect(kmskey.RemovalPolicy.Destroy).to.equal("destroy");
    });

    it("KmsKey registers a remote kmskey:index:KmsKey with every input under its schema name", async () => {
        const key = new kmskey.KmsKey("orders-data", {
            description: "Encrypts order records at rest",
            alias: "orders/data",
            aliases: ["orders/data-v1"],
            admins: [ADMIN],
            grants: [
                { grantee: "logs.amazonaws.com", kind: kmskey.GrantKind.EncryptDecrypt },
                { grantee: "444455556666", kind: kmskey.GrantKind.Decrypt },
                { grantee: `arn:aws:iam::444455556666:role/Reader`, actions: ["kms:Decrypt", "kms:DescribeKey"] },
            ],
            keySpec: kmskey.KeySpec.SymmetricDefault,
            keyUsage: kmskey.KeyUsage.EncryptDecrypt,
            enableKeyRotation: true,
            rotationPeriodInDays: 180,
            pendingWindowInDays: 7,
            removalPolicy: kmskey.RemovalPolicy.Destroy,
            multiRegion: false,
            enabled: true,
            trustAccountIdentities: true,
            bypassPolicyLockoutSafetyCheck: false,
            policyStatements: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }],
            tags: { team: "orders", dataClassification: "confidential" },
        });
        await settled(key);
        expect(engine.requests).to.have.length(1);
        const [req] = engine.requests;
        expect({ type: req.type, name: req.name, custom: req.custom, remote: req.remote, version: req.version }).to.deep.equal({
            type: "kmskey:index:KmsKey", name: "orders-data", custom: false, remote: true, version: SCHEMA_VERSION,
        });
        expect(req.wire).to.deep.equal({
            description: "Encrypts order records at rest",
            alias: "orders/data",
            aliases: ["orders/data-v1"],
            admins: [ADMIN],
            grants: [
                { grantee: "logs.amazonaws.com", kind: "encryptDecrypt" },
                { grantee: "444455556666", kind: "decrypt" },
                { grantee: "arn:aws:iam::444455556666:role/Reader", actions: ["kms:Decrypt", "kms:DescribeKey"] },
            ],
            keySpec: "SYMMETRIC_DEFAULT",
            keyUsage: "ENCRYPT_DECRYPT",
            enableKeyRotation: true,
            rotationPeriodInDays: 180,
            pendingWindowInDays: 7,
            removalPolicy: "destroy",
            multiRegion: false,
            enabled: true,
            trustAccountIdentities: true,
            bypassPolicyLockoutSafetyCheck: false,
            policyStatements: [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }],
            tags: { team: "orders", dataClassification: "confidential" },
        });
        expect(await valueOf(key.keyArn)).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
        expect(await valueOf(key.keyId)).to.equal("1234abcd-12ab-34cd-56ef-1234567890ab");
        expect(await valueOf(key.aliasNames)).to.deep.equal(["alias/orders/data", "alias/orders/data-v1"]);
    });

    it("a signing key sends ECC_NIST_P256 / SIGN_VERIFY and leaves unset inputs out", async () => {
        const key = new kmskey.KmsKey("orders-signing", { keySpec: kmskey.KeySpec.EccNistP256, keyUsage: kmskey.KeyUsage.SignVerify, policy: { Version: "2012-10-17", Statement: [] } });
        await settled(key);
        expect(engine.requests[0].wire).to.deep.equal({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", policy: { Version: "2012-10-17", Statement: [] } });
    });

    it("methods are Calls on the component: KmsKey.grantEncryptDecrypt and addAlias", async () => {
        const key = new kmskey.KmsKey("orders-data", { alias: "orders/data" });
        const policyName = await valueOf(key.grantEncryptDecrypt({ grantee: APP }));
        const alias = await valueOf(key.addAlias({ name: "orders/data-v2" }));
        expect(policyName).to.equal("kms-grantEncryptDecrypt-policy");
        expect(alias).to.equal("alias/orders/data-v2");
        expect(engine.calls.map((c) => c.tok)).to.deep.equal(["kmskey:index:KmsKey/grantEncryptDecrypt", "kmskey:index:KmsKey/addAlias"]);
        const [grant, add] = engine.calls;
        expect(grant.wire.grantee).to.equal(APP);
        expect(grant.wire.__self__.urn).to.equal("urn:pulumi:stack::project::kmskey:index:KmsKey::orders-data");
        expect(add.wire.name).to.equal("orders/data-v2");
    });

    it("ImportedKey registers a remote kmskey:index:ImportedKey; its grantDecrypt is a Call", async () => {
        const audit = new kmskey.ImportedKey("audit", { aliasName: "alias/security/audit" });
        const legacy = new kmskey.ImportedKey("legacy", { lookupAliasName: "alias/legacy-orders", returnDummyKeyOnMissing: true });
        const policyName = await valueOf(audit.grantDecrypt({ grantee: `arn:aws:iam::${ACCOUNT}:role/auditor` }));
        await settled(audit, legacy);
        expect(engine.requests.map((r) => ({ type: r.type, name: r.name, remote: r.remote, custom: r.custom, wire: r.wire }))).to.deep.equal([
            { type: "kmskey:index:ImportedKey", name: "audit", remote: true, custom: false, wire: { aliasName: "alias/security/audit" } },
            { type: "kmskey:index:ImportedKey", name: "legacy", remote: true, custom: false, wire: { lookupAliasName: "alias/legacy-orders", returnDummyKeyOnMissing: true } },
        ]);
        expect(await valueOf(audit.keyArn)).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/security/audit`);
        expect(await valueOf(audit.isLookupDummy)).to.equal(false);
        expect(policyName).to.equal("kms-grantDecrypt-policy");
        expect(engine.calls).to.have.length(1);
        expect(engine.calls[0].tok).to.equal("kmskey:index:ImportedKey/grantDecrypt");
        expect(engine.calls[0].wire.grantee).to.equal(`arn:aws:iam::${ACCOUNT}:role/auditor`);
    });
});
