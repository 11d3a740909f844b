// End to end, breadth: replicas, DNSSEC, the role kinds use and serviceGrants, and imported key material
// (origin EXTERNAL), from one YAML program (one stack, several KmsKeys; the kmskey plugin installed from a fresh
// clone, Construct through the engine) against moto through the stand-in aws provider. Preview, up (checked in
// moto, in every Region), preview and refresh without changes, destroy (retained keys and replicas stay Enabled,
// the others are PendingDeletion for their waiting period). Keys in custom key stores are previewed only, and
// DNSSEC on a symmetric key must fail preview. A TypeScript library program (this checkout's kmskey/provider) adds
// a replicated key with an addAlias alias and the role kinds' grant methods.
//
// What moto cannot do, and how it is covered instead:
// - Its ReplicateKey copies the primary (so a replica shared the primary's aliases and grants: tests/support/motoServer.py
//   gives it its own) and ignores Policy, Description and Tags. The stand-in sends them as the
//   real provider does; the test checks the ReplicateKey request carried them, and that the stand-in reported
//   which moto ignored (then set them with PutKeyPolicy/TagResource, as the real provider's update would).
// - It has no ImportKeyMaterial: the EXTERNAL key is created without key material (the stand-in refuses any);
//   key material is covered by the mock and in-process provider tests (tests/component/origins.spec.ts).
// - It has no custom key stores: AWS_CLOUDHSM and EXTERNAL_KEY_STORE keys are previewed only (the plan's inputs).
import { expect } from "chai";
import { ACCOUNT, ADMIN_ACTIONS, ROOT, expectDeletionWindow, stackState, stateResource } from "./expectations";
import { Project, createProject, expectSuccess, fixture, useAwsStandIn, useYamlProject } from "./harness";
import { createRole, customerAliases, describeKey, keyIds, keyPolicy, keyTags, motoIn, rolePolicies, rotationEnabled } from "../support/motoState";
import type { Moto } from "../support/moto";
import { awsStandIn } from "../support/fakeAwsProvider";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The replicated key's grant: kms:Decrypt through S3 in the Region the policy is built for, by callers of the account (CDK's viaService). */
const decryptViaS3 = (region: string) => ({
    Action: "kms:Decrypt", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `s3.${region}.amazonaws.com` } },
    Effect: "Allow", Principal: { AWS: role("orders-service") }, Resource: "*",
});

/** terraform-aws-kms's Route 53 DNSSEC statements, with the confused-deputy conditions' defaults. */
const DNSSEC_SOURCES = { ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" }, StringEquals: { "aws:SourceAccount": ACCOUNT } };
const FOR_AWS_RESOURCE = { Bool: { "kms:GrantIsForAWSResource": "true" } };
/** terraform-aws-kms's key users' and key service users' actions (the kinds use and serviceGrants). */
const USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const SERVICE_GRANTS_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];
const DNSSEC_STATEMENTS = [
    {
        Sid: "Route53DnssecService", Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"], Condition: DNSSEC_SOURCES,
        Effect: "Allow", Principal: { Service: "dnssec-route53.amazonaws.com" }, Resource: "*",
    },
    {
        Sid: "Route53DnssecGrant", Action: "kms:CreateGrant", Condition: { ...DNSSEC_SOURCES, ...FOR_AWS_RESOURCE },
        Effect: "Allow", Principal: { Service: "dnssec-route53.amazonaws.com" }, Resource: "*",
    },
];

/** Every customer alias in every Region: "<region> <alias name>" -> target key id. */
async function aliasesEverywhere(moto: Moto): Promise<{ [where: string]: string }> {
    const out: { [where: string]: string } = {};
    for (const region of REGIONS) {
        for (const [name, a] of await customerAliases(motoIn(moto, region))) out[`${region} ${name}`] = a.TargetKeyId!;
    }
    return out;
}

async function keysEverywhere(moto: Moto): Promise<string[]> {
    return (await Promise.all(REGIONS.map(async (region) => (await keyIds(motoIn(moto, region))).map((id) => `${region} ${id}`)))).flat();
}

/** A key's Region and id from its ARN. */
function inRegionOf(moto: Moto, arn: string): { m: Moto; id: string } {
    const [, , , region, , resource] = arn.split(":");
    return { m: motoIn(moto, region), id: resource.replace(/^key\//, "") };
}

describe("e2e: breadth (replicas, DNSSEC, role kinds, origin EXTERNAL; YAML, kmskey plugin from source) -> engine -> stand-in aws provider -> moto", function () {
    this.timeout(240000);
    const standIn = useAwsStandIn();
    const program = useYamlProject(standIn, { "Pulumi.yaml": fixture("breadth/Pulumi.yaml") });
    let project: Project;
    let outputs: { [key: string]: any };

    before(function () {
        project = program.get();
    });

    /** Another program of the same plugin: its own directory and state, the plugin installed in `project`'s PULUMI_HOME. */
    async function otherProgram(file: string): Promise<Project> {
        return createProject({ aws: standIn.get().aws, files: { "Pulumi.yaml": fixture(file) }, env: { PULUMI_HOME: project.env.PULUMI_HOME } });
    }

    it("pulumi preview plans the keys, replicas (ReplicaKey, ReplicaExternalKey) and aliases in every Region, and creates nothing", async function () {
        const r = expectSuccess(await project.pulumi("preview"), "pulumi preview");
        for (const line of [
            "aws:kms:Key replicated create", "aws:kms:ReplicaKey replicated-replica-eu-west-1 create", "aws:kms:ReplicaKey replicated-replica-ap-southeast-2 create",
            "aws:kms:Alias replicated-alias/e2e/replicated create", "aws:kms:Alias replicated-alias/e2e/replicated-eu-west-1 create",
            "aws:kms:Alias replicated-alias/e2e/replicated-ap-southeast-2 create", "aws:kms:ReplicaKey kept-replica-eu-west-1 create",
            "aws:kms:Key ksk create", "aws:kms:Key roles create", "aws:kms:ExternalKey imported create", "aws:kms:ReplicaExternalKey imported-replica-eu-west-1 create",
        ]) expect(r.stdout).to.contain(line);
        expect(await keysEverywhere(standIn.get().moto)).to.deep.equal([]);
        expect(standIn.get().aws.calls().map((c) => c.method)).not.to.include("Create");
    });

    it("keys in custom key stores (AWS_CLOUDHSM, EXTERNAL_KEY_STORE) are planned with their key store inputs; moto has none, so they are previewed only", async function () {
        const stores = await otherProgram("breadth/key-stores.yaml");
        try {
            const r = expectSuccess(await stores.pulumi("preview", "--json"), "pulumi preview --json");
            const planned = JSON.parse(r.stdout).steps.filter((s: any) => s.newState?.type === "aws:kms/key:Key");
            const inputs = Object.fromEntries(planned.map((s: any) => [s.urn.split("::").pop(), s.newState.inputs]));
            expect(inputs.hsm, JSON.stringify(inputs)).to.include({ customKeyStoreId: "cks-1234567890abcdef0", enableKeyRotation: false, region: "us-east-1" });
            expect(inputs.hsm).not.to.have.property("xksKeyId");
            expect(inputs.xks).to.include({ customKeyStoreId: "cks-abcdef01234567890", xksKeyId: "e2e-external-key-1", enableKeyRotation: false });
            expect(await keysEverywhere(standIn.get().moto)).to.deep.equal([]);
        } finally {
            stores.remove();
        }
    });

    it("dnssec on a symmetric key fails pulumi preview, naming keySpec; nothing is created", async function () {
        const { aws, moto } = standIn.get();
        aws.clearCalls();
        const bad = await otherProgram("breadth/bad-dnssec.yaml");
        try {
            const r = await bad.pulumi("preview");
            expect(r.code, r.output).not.to.equal(0);
            expect(r.output, r.output).to.match(/property keySpec has a problem: keySpec: 'SYMMETRIC_DEFAULT' \(the default\) cannot sign DNSSEC records; .* signs with an asymmetric key of keySpec ECC_NIST_P256 and keyUsage SIGN_VERIFY/);
            expect(aws.calls().filter((c) => c.method === "Check" && c.type?.startsWith("aws:kms/"))).to.deep.equal([]);
            expect(await keysEverywhere(moto)).to.deep.equal([]);
        } finally {
            bad.remove();
        }
    });

    it("pulumi up: each replica in its Region with the primary's ARN and its own policy, description and tags; aliases in every Region", async function () {
        const { moto, aws } = standIn.get();
        aws.clearCalls();
        expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        outputs = await project.outputs();

        const primary = await describeKey(moto, outputs.replicatedKeyId);
        expect(primary).to.include({ Arn: outputs.replicatedKeyArn, MultiRegion: true, KeyState: "Enabled", Description: "e2e replicated key" });
        expect(await keyPolicy(moto, outputs.replicatedKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT, decryptViaS3("us-east-1")] });
        expect(Object.keys(outputs.replicaKeyArns)).to.have.members(["eu-west-1", "ap-southeast-2"]);
        for (const region of ["eu-west-1", "ap-southeast-2"]) {
            const arn = outputs.replicaKeyArns[region];
            expect(arn).to.equal(outputs.replicatedKeyArn.replace(":us-east-1:", `:${region}:`));
            const { m, id } = inRegionOf(moto, arn);
            const replica = await describeKey(m, id);
            expect(replica).to.include({ Arn: arn, MultiRegion: true, KeyState: "Enabled", Description: "e2e replicated key" });
            expect(replica.MultiRegionConfiguration!.PrimaryKey!.Arn).to.equal(outputs.replicatedKeyArn);
            expect(await keyPolicy(m, id), `the replica's policy in ${region}`).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT, decryptViaS3(region)] });
            expect(await keyTags(m, id)).to.deep.equal({ team: "e2e-breadth" });
        }

        // The real provider's request (replica_key.go): ReplicateKey in the primary's Region, with the replica's
        // policy, description and tags. moto ignores those three (its replica is a copy of the primary), which the
        // stand-in reports, and then sets them (Description is the primary's, so moto's copy has it already).
        // Should a newer moto apply them, these MotoIgnored lines go away and this test says so.
        const replications = aws.calls().filter((c) => c.method === "ReplicateKey" && c.KeyId === outputs.replicatedKeyId);
        expect(replications.map((c) => c.ReplicaRegion)).to.have.members(["eu-west-1", "ap-southeast-2"]);
        for (const c of replications) {
            expect(c).to.deep.include({ region: "us-east-1", Description: "e2e replicated key", Tags: [{ TagKey: "team", TagValue: "e2e-breadth" }] });
            expect(JSON.parse(c.Policy as string).Statement[1]).to.deep.equal(decryptViaS3(c.ReplicaRegion as string));
        }
        const ignored = aws.calls().filter((c) => c.method === "MotoIgnored" && c.id === outputs.replicatedKeyId);
        expect(ignored.map((c) => [c.region, c.parameters])).to.have.deep.members([["eu-west-1", ["Policy", "Tags"]], ["ap-southeast-2", ["Policy", "Tags"]]]);

        expect(await aliasesEverywhere(moto)).to.deep.equal({
            "us-east-1 alias/e2e/replicated": outputs.replicatedKeyId,
            "eu-west-1 alias/e2e/replicated": outputs.replicatedKeyId,
            "ap-southeast-2 alias/e2e/replicated": outputs.replicatedKeyId,
            "us-east-1 alias/e2e/kept": outputs.keptKeyId,
            "eu-west-1 alias/e2e/kept": outputs.keptKeyId,
            "us-east-1 alias/e2e/ksk": outputs.kskKeyId,
            "us-east-1 alias/e2e/roles": outputs.rolesKeyId,
            "us-east-1 alias/e2e/imported": outputs.importedKeyId,
            "eu-west-1 alias/e2e/imported": outputs.importedKeyId,
        });

        // Per-resource region in the state: the replica's and its alias's; the primary's is the provider's.
        const state = await stackState(project);
        const replica = stateResource(state, "aws:kms/replicaKey:ReplicaKey", "replicated-replica-eu-west-1");
        expect(replica.inputs).to.include({ region: "eu-west-1", primaryKeyArn: outputs.replicatedKeyArn, deletionWindowInDays: 7, description: "e2e replicated key" });
        expect(replica.retainOnDelete ?? false).to.equal(false);
        expect(stateResource(state, "aws:kms/replicaKey:ReplicaKey", "kept-replica-eu-west-1").retainOnDelete).to.equal(true);
        expect(stateResource(state, "aws:kms/alias:Alias", "replicated-alias/e2e/replicated-ap-southeast-2").outputs).to.include({ region: "ap-southeast-2" });
        expect(stateResource(state, "aws:kms/key:Key", "replicated").outputs).to.include({ region: "us-east-1" });
    });

    it("pulumi up: the DNSSEC key signs with ECC_NIST_P256 and its policy has Route 53's two statements", async function () {
        const { moto } = standIn.get();
        expect(await describeKey(moto, outputs.kskKeyId)).to.include({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
        expect(await keyPolicy(moto, outputs.kskKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT, ...DNSSEC_STATEMENTS] });
    });

    it("pulumi up: grants of kind use and serviceGrants are terraform-aws-kms's key users and key service users", async function () {
        expect(await keyPolicy(standIn.get().moto, outputs.rolesKeyId)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                ROOT,
                { Action: USE_ACTIONS, Effect: "Allow", Principal: { AWS: role("app") }, Resource: "*" },
                { Action: SERVICE_GRANTS_ACTIONS, Condition: FOR_AWS_RESOURCE, Effect: "Allow", Principal: { AWS: role("ebs-attacher") }, Resource: "*" },
            ],
        });
    });

    it("pulumi up: origin EXTERNAL is an ExternalKey (and ReplicaExternalKey) without rotation, its admins also get kms:ImportKeyMaterial", async function () {
        const { moto } = standIn.get();
        const key = await describeKey(moto, outputs.importedKeyId);
        // moto's EXTERNAL key is Enabled at once (KMS's waits in PendingImport until key material is imported).
        expect(key).to.include({ Origin: "EXTERNAL", MultiRegion: true });
        expect(await rotationEnabled(moto, outputs.importedKeyId)).to.equal(false);
        const admin = { Action: [...ADMIN_ACTIONS, "kms:ReplicateKey", "kms:ImportKeyMaterial"], Effect: "Allow", Principal: { AWS: role("KeyAdmins") }, Resource: "*" };
        expect(await keyPolicy(moto, outputs.importedKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT, admin] });
        const { m, id } = inRegionOf(moto, outputs.importedReplicaKeyArns["eu-west-1"]);
        expect(await describeKey(m, id)).to.include({ Origin: "EXTERNAL" });
        const state = await stackState(project);
        expect(stateResource(state, "aws:kms/externalKey:ExternalKey", "imported").inputs).not.to.have.property("keyMaterialBase64");
        expect(stateResource(state, "aws:kms/replicaExternalKey:ReplicaExternalKey", "imported-replica-eu-west-1").inputs).to.include({ region: "eu-west-1" });
    });

    it("the stand-in never pretends: key material or a custom key store fails its create, before anything reaches moto", async function () {
        const refusal = async (type: string, inputs: { [key: string]: unknown }) => {
            try {
                await awsStandIn.resources[type].create(inputs);
            } catch (e) {
                return (e as Error).message;
            }
            throw new Error(`${type} was created from ${JSON.stringify(inputs)}`);
        };
        const material = Buffer.alloc(32, 7).toString("base64");
        expect(await refusal("aws:kms/externalKey:ExternalKey", { keyMaterialBase64: material })).to.match(/cannot import key material: moto has no ImportKeyMaterial/);
        expect(await refusal("aws:kms/replicaExternalKey:ReplicaExternalKey", { primaryKeyArn: outputs.importedKeyArn, region: "ap-southeast-2", keyMaterialBase64: material }))
            .to.match(/cannot import key material/);
        expect(await refusal("aws:kms/key:Key", { customKeyStoreId: "cks-1234567890abcdef0" })).to.match(/custom key stores .*moto has none/);
    });

    it("pulumi preview then shows no changes, and pulumi refresh reads every key, replica and alias back unchanged", async function () {
        const { aws } = standIn.get();
        aws.clearCalls();
        expectSuccess(await project.pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
        expectSuccess(await project.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
        const reads = aws.calls().filter((c) => c.method === "Read").map((c) => c.type);
        expect(reads.filter((t) => t === "aws:kms/replicaKey:ReplicaKey")).to.have.length(3);
        expect(reads.filter((t) => t === "aws:kms/replicaExternalKey:ReplicaExternalKey")).to.have.length(1);
        expect(reads.filter((t) => t === "aws:kms/alias:Alias")).to.have.length(9);
    });

    it("pulumi destroy: retained keys and replicas stay Enabled in their Regions; the others are PendingDeletion for 7 days; no alias is left", async function () {
        const { moto, aws } = standIn.get();
        aws.clearCalls();
        const started = Date.now();
        expectSuccess(await project.pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
        for (const { m, id } of [{ m: moto, id: outputs.keptKeyId }, { m: moto, id: outputs.rolesKeyId }, inRegionOf(moto, outputs.keptReplicaKeyArns["eu-west-1"])]) {
            const k = await describeKey(m, id);
            expect(k.KeyState, `${k.Arn} is retained`).to.equal("Enabled");
            expect(k.DeletionDate).to.equal(undefined);
        }
        const destroyed = [
            { m: moto, id: outputs.replicatedKeyId }, { m: moto, id: outputs.kskKeyId }, { m: moto, id: outputs.importedKeyId },
            ...Object.values<string>(outputs.replicaKeyArns).map((arn) => inRegionOf(moto, arn)), inRegionOf(moto, outputs.importedReplicaKeyArns["eu-west-1"]),
        ];
        for (const { m, id } of destroyed) {
            const k = await describeKey(m, id);
            expect(k.KeyState, `${k.Arn} is deleted`).to.equal("PendingDeletion");
            expectDeletionWindow(k.DeletionDate!, started, 7);
        }
        const deletes = aws.calls().filter((c) => c.method === "Delete" && /Key$/.test(c.type ?? "")).map((c) => `${c.type} ${c.name}`);
        expect(deletes).to.have.members([
            "aws:kms/key:Key replicated", "aws:kms/replicaKey:ReplicaKey replicated-replica-eu-west-1", "aws:kms/replicaKey:ReplicaKey replicated-replica-ap-southeast-2",
            "aws:kms/key:Key ksk", "aws:kms/externalKey:ExternalKey imported", "aws:kms/replicaExternalKey:ReplicaExternalKey imported-replica-eu-west-1",
        ]);
        expect(await aliasesEverywhere(moto)).to.deep.equal({});
    });

    describe("the TypeScript library: a replica, an alias added after the constructor, the grant methods of use and serviceGrants", function () {
        let ts: Project;
        let tsOutputs: { [key: string]: any };

        before(async function () {
            const { moto, aws } = standIn.get();
            for (const name of ["ts-app", "ts-ebs"]) await createRole(moto, name);
            ts = await createProject({
                aws, nodeModules: true,
                files: { "Pulumi.yaml": fixture("breadth/ts-Pulumi.yaml"), "package.json": fixture("breadth/package.json"), "index.ts": fixture("breadth/index.ts") },
            });
        });

        after(function () {
            ts?.remove();
        });

        it("pulumi up: the added alias is in both Regions and listed; the role policies carry the kinds' actions and condition", async function () {
            expectSuccess(await ts.pulumi("up", "--yes"), "pulumi up");
            tsOutputs = await ts.outputs();
            const { moto } = standIn.get();
            const replica = inRegionOf(moto, tsOutputs.replicaKeyArns["eu-west-1"]);
            expect(await describeKey(replica.m, replica.id)).to.include({ KeyState: "Enabled", MultiRegion: true });
            expect(tsOutputs.aliasNames).to.deep.equal(["alias/e2e/ts-replicated", "alias/e2e/ts-added"]);
            expect(await aliasesEverywhere(moto)).to.deep.equal({
                "us-east-1 alias/e2e/ts-replicated": tsOutputs.keyId, "eu-west-1 alias/e2e/ts-replicated": tsOutputs.keyId,
                "us-east-1 alias/e2e/ts-added": tsOutputs.keyId, "eu-west-1 alias/e2e/ts-added": tsOutputs.keyId,
            });
            expect(await rolePolicies(moto, "ts-app")).to.deep.equal({
                [tsOutputs.usePolicy]: { Version: "2012-10-17", Statement: [{ Action: USE_ACTIONS, Effect: "Allow", Resource: tsOutputs.keyArn }] },
            });
            expect(await rolePolicies(moto, "ts-ebs")).to.deep.equal({
                [tsOutputs.serviceGrantsPolicy]: {
                    Version: "2012-10-17", Statement: [{ Action: SERVICE_GRANTS_ACTIONS, Condition: FOR_AWS_RESOURCE, Effect: "Allow", Resource: tsOutputs.keyArn }],
                },
            });
        });

        it("pulumi preview shows no changes; pulumi destroy schedules the key's and the replica's deletion and removes the aliases and role policies", async function () {
            expectSuccess(await ts.pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
            const started = Date.now();
            expectSuccess(await ts.pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
            const { moto } = standIn.get();
            for (const { m, id } of [{ m: moto, id: tsOutputs.keyId }, inRegionOf(moto, tsOutputs.replicaKeyArns["eu-west-1"])]) {
                const k = await describeKey(m, id);
                expect(k.KeyState).to.equal("PendingDeletion");
                expectDeletionWindow(k.DeletionDate!, started, 7);
            }
            expect(await aliasesEverywhere(moto)).to.deep.equal({});
            expect(await rolePolicies(moto, "ts-app")).to.deep.equal({});
            expect(await rolePolicies(moto, "ts-ebs")).to.deep.equal({});
        });
    });
});
