// Differential, under mocks: for KmsKey and ImportedKey configurations with backend "aws-native", every resource the
// component registers with its own thin classes (provider/src/backends/awsNative.ts) is registered exactly so by
// the real @pulumi/aws-native 1.79.0 SDK's class constructed with the same arguments: the type, the name, the inputs
// on the wire and the options the SDK sets (version, pluginDownloadURL, replaceOnChanges). The real SDK is a test
// tool only (tests/package.json); the plugin does not depend on it (README "The aws-native backend").
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ImportedKey, KmsKey, KmsKeyArgs } from "../../provider/src";
import { JSON_SETTINGS } from "../../provider/src/backends/awsNative";
import { ACCOUNT, RecordingMocks, Registration, built, settled, useMocks, valueOf } from "../support/mocks";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const USER = `arn:aws:iam::${ACCOUNT}:user/ops`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee`;

/** The real SDK's classes by type token, loaded by module (not the 14,000-file index). */
function realClass(type: string): new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.Resource {
    const modules: { [type: string]: [string, string] } = {
        "aws-native:kms:Key": ["@pulumi/aws-native/kms/key", "Key"],
        "aws-native:kms:Alias": ["@pulumi/aws-native/kms/alias", "Alias"],
        "aws-native:kms:ReplicaKey": ["@pulumi/aws-native/kms/replicaKey", "ReplicaKey"],
        "aws-native:iam:RolePolicy": ["@pulumi/aws-native/iam/rolePolicy", "RolePolicy"],
        "aws-native:iam:UserPolicy": ["@pulumi/aws-native/iam/userPolicy", "UserPolicy"],
        "pulumi:providers:aws-native": ["@pulumi/aws-native/provider", "Provider"],
    };
    const [module, name] = modules[type] ?? [];
    if (!module) throw new Error(`no real @pulumi/aws-native class for ${type}`);
    return require(module)[name];
}

/** What a registration is, leaving out what differs by construction (the parent, dependencies, the provider's URN). */
function shape(r: Registration) {
    return {
        type: r.type, name: r.name, inputs: r.inputs,
        version: r.options.version, pluginDownloadURL: r.options.pluginDownloadURL, replaceOnChanges: r.options.replaceOnChanges, retainOnDelete: r.options.retainOnDelete,
    };
}

/** The arguments a real class takes for a registration's wire inputs: a provider's JSON settings are sent as JSON text. */
function argsOf(r: Registration) {
    if (r.type !== "pulumi:providers:aws-native") return r.inputs;
    return Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, (JSON_SETTINGS as readonly string[]).includes(k) ? JSON.parse(v as string) : v]));
}

/** The aws-native registrations of `build`, and the same resources registered by the real SDK's classes. */
async function differential(build: () => Promise<unknown>, config: { [key: string]: string } = {}) {
    const ours = await useMocks({ existingAliases: { "alias/logs": "9999ffff-0000-1111-2222-333344445555" } });
    const saved = pulumi.runtime.allConfig();
    for (const [k, v] of Object.entries(config)) pulumi.runtime.setConfig(k, v);
    try {
        await build();
    } finally {
        pulumi.runtime.setAllConfig(saved);
    }
    const registered = ours.registrations.filter((r) => r.type.includes("aws-native"));
    const real = await useMocks();
    const resources = registered.map((r) => {
        const Real = realClass(r.type);
        return new Real(r.name, argsOf(r), { retainOnDelete: r.options.retainOnDelete });
    });
    await settled(...resources);
    // Registrations complete in no fixed order: compare them by type and name.
    const sorted = (rs: Registration[]) => rs.map(shape).sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
    return { ours: sorted(registered), real: sorted(real.registrations), mocks: ours };
}

async function keyWith(args: KmsKeyArgs, then?: (key: KmsKey) => void) {
    const key = new KmsKey("data", { backend: "aws-native", ...args });
    then?.(key);
    await built(key);
    await settled(key);
    return key;
}

const CONFIGURATIONS: { [what: string]: () => Promise<unknown> } = {
    "the defaults": () => keyWith({}),
    "aliases, tags, description, a disabled key scheduled for deletion": () => keyWith({
        alias: "orders/data", aliases: ["orders/data-v1"], tags: { team: "orders", env: "prod" }, description: "orders", enabled: false, pendingWindowInDays: 30,
        removalPolicy: "destroy",
    }),
    "a rotation period and the lockout bypass": () => keyWith({ rotationPeriodInDays: 180, bypassPolicyLockoutSafetyCheck: true }),
    "a multi-Region HMAC key": () => keyWith({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", multiRegion: true }),
    "a signing key with admins and grants": () => keyWith({
        keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", admins: [`arn:aws:iam::${ACCOUNT}:role/KeyAdmin`], grants: [{ grantee: "444455556666", kind: "verify" }],
    }),
    "a key waiting for imported key material": () => keyWith({ origin: "EXTERNAL" }),
    "replicas in two Regions, with an alias in each": () => keyWith({ alias: "data", tags: { team: "orders" }, replicaRegions: ["eu-west-1", "ap-southeast-2"] }),
    "grant methods on a role and a user, addAlias": () => keyWith({}, (key) => {
        key.grantDecrypt(ROLE);
        key.grantServiceGrants(USER);
        key.addAlias("late");
    }),
    "an imported key's grants and alias": async () => {
        const key = new ImportedKey("shared", { keyArn: KEY_ARN, backend: "aws-native" });
        key.grantEncryptDecrypt(ROLE);
        key.addAlias("shared");
        await key.whenValid();
        await settled(key);
        await new Promise((r) => setTimeout(r, 50));
    },
};

describe("aws-native backend: our classes register what @pulumi/aws-native 1.79.0 registers", () => {
    for (const [what, build] of Object.entries(CONFIGURATIONS)) {
        it(what, async () => {
            const { ours, real } = await differential(build);
            expect(ours.length, "aws-native resources registered").to.be.greaterThan(0);
            expect(ours).to.deep.equal(real);
            for (const r of ours) expect(r.version).to.equal("1.79.0");
        });
    }

    it("replica Regions' providers inherit the stack's aws-native settings, as the SDK's Provider sends them", async () => {
        const { ours, real } = await differential(() => keyWith({ replicaRegions: ["eu-west-1"] }), {
            "aws-native:profile": "ops", "aws-native:skipCredentialsValidation": "false", "aws-native:maxRetries": "5",
            "aws-native:assumeRole": JSON.stringify({ roleArn: `arn:aws:iam::${ACCOUNT}:role/Deployer` }),
        });
        expect(ours).to.deep.equal(real);
        const [provider] = ours.filter((r) => r.type === "pulumi:providers:aws-native");
        expect(provider.inputs).to.include({ region: "eu-west-1", profile: "ops", skipCredentialsValidation: "false", maxRetries: "5" });
        expect(JSON.parse(provider.inputs.assumeRole)).to.deep.equal({ roleArn: `arn:aws:iam::${ACCOUNT}:role/Deployer` });
    });

    it("every invoke asks for aws-native 1.79.0, as the SDK's functions do", async () => {
        let mocks: RecordingMocks | undefined;
        ({ mocks } = await differential(() => keyWith({})));
        expect(mocks.invokeVersions.map((i) => i.token)).to.deep.equal(["aws-native:index:getAccountId", "aws-native:index:getPartition", "aws-native:index:getRegion"]);
        expect(mocks.invokeVersions.every((i) => i.version === "1.79.0")).to.equal(true);
        const real = await useMocks();
        const { getAccountIdOutput } = require("@pulumi/aws-native/getAccountId");
        await valueOf(getAccountIdOutput());
        expect(real.invokeVersions).to.deep.equal([{ token: "aws-native:index:getAccountId", version: "1.79.0" }]);
    });

    it("can fail: a class with a misspelt input or without the version differs from the SDK's", async () => {
        class Misspelt extends pulumi.CustomResource {
            constructor(name: string, args: { aliasName: string; targetKeyId: string }) {
                super("aws-native:kms:Alias", name, { aliasname: args.aliasName, targetKeyId: args.targetKeyId }, { version: "1.79.0", replaceOnChanges: ["aliasName"] });
            }
        }
        class Unversioned extends pulumi.CustomResource {
            constructor(name: string, args: { aliasName: string; targetKeyId: string }) {
                super("aws-native:kms:Alias", name, { ...args }, { replaceOnChanges: ["aliasName"] });
            }
        }
        for (const Wrong of [Misspelt, Unversioned]) {
            const { ours, real } = await differential(async () => {
                await settled(new Wrong("a", { aliasName: "alias/a", targetKeyId: KEY_ARN }));
            });
            expect(ours).to.have.length(1);
            expect(ours).not.to.deep.equal(real);
        }
    });
});
