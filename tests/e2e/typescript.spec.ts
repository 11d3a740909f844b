// End to end, TypeScript: a Pulumi program using the library (`kmskey/provider` from this checkout) run by
// the real pulumi CLI (stand-in nodejs host), its AWS resources handled by the stand-in aws provider
// attached with PULUMI_DEBUG_PROVIDERS, which forwards them to moto. Checks in moto what `up` made and
// what `destroy` left: a retained key stays, a key with removalPolicy "destroy" is scheduled for deletion.
import { expect } from "chai";
import { ADMIN_ACTIONS, ENCRYPT_DECRYPT_ACTIONS, ROOT, expectDestroyKeepsRetainedKey } from "./expectations";
import { Project, createProject, expectSuccess, fixture, useAwsStandIn } from "./harness";
import { customerAliases, createRole, describeKey, keyIds, keyPolicy, keyTags, rolePolicies, rotationEnabled } from "../support/motoState";

describe("e2e: TypeScript program (library) -> engine -> stand-in aws provider -> moto", function () {
    this.timeout(180000);
    const standIn = useAwsStandIn();
    let project: Project;
    let outputs: { [key: string]: any };

    before(async function () {
        const { moto, aws } = standIn.get();
        await createRole(moto, "orders-service");
        project = await createProject({
            aws, nodeModules: true,
            files: { "Pulumi.yaml": fixture("typescript/Pulumi.yaml"), "package.json": fixture("typescript/package.json"), "index.ts": fixture("typescript/index.ts") },
        });
    });

    after(function () {
        project?.remove();
    });

    it("pulumi preview plans the keys, aliases and grant policy and creates nothing", async function () {
        const r = expectSuccess(await project.pulumi("preview"), "pulumi preview");
        for (const line of [
            "kmskey:index:KmsKey data create", "kmskey:index:KmsKey scratch create",
            "aws:kms:Key data create", "aws:kms:Key scratch create",
            "aws:kms:Alias data-alias/e2e/data create", "aws:kms:Alias data-alias/e2e/data-v1 create",
            "aws:kms:Alias scratch-alias/e2e/scratch create", "aws:iam:RolePolicy data-grant-",
        ]) expect(r.stdout).to.contain(line);
        expect(r.stdout).to.match(/\+ 9 to create/);
        const { moto, aws } = standIn.get();
        expect(await keyIds(moto)).to.deep.equal([]);
        expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
        // The engine used the attached stand-in: configured it and asked for the account, partition and region.
        const methods = aws.calls().map((c) => c.token ?? c.method);
        expect(methods).to.include.members(["Configure", "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion"]);
        expect(methods).not.to.include("Create");
    });

    it("pulumi up creates them in moto: key policy (root kms:* + admin), rotation, tags, aliases, role policy", async function () {
        const r = expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        expect(r.stdout).to.match(/\+ 9 created/);
        outputs = await project.outputs();
        const { moto } = standIn.get();

        const data = await describeKey(moto, outputs.dataKeyId);
        expect(data).to.include({ KeyState: "Enabled", Enabled: true, Description: "e2e data key", Arn: outputs.dataKeyArn });
        expect(data.Arn).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
        const policy = await keyPolicy(moto, outputs.dataKeyId);
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                ROOT,
                { Action: ADMIN_ACTIONS, Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/KeyAdmins" }, Resource: "*" },
            ],
        });
        expect(policy).to.deep.equal(JSON.parse(outputs.dataPolicy));
        expect(await rotationEnabled(moto, outputs.dataKeyId)).to.equal(true);
        expect(await keyTags(moto, outputs.dataKeyId)).to.deep.equal({ team: "e2e" });

        const scratch = await describeKey(moto, outputs.scratchKeyId);
        expect(scratch.KeyState).to.equal("Enabled");
        expect(await keyPolicy(moto, outputs.scratchKeyId)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT] });
        expect(await rotationEnabled(moto, outputs.scratchKeyId)).to.equal(true); // the default for symmetric keys
        expect((await keyIds(moto)).sort()).to.deep.equal([outputs.dataKeyId, outputs.scratchKeyId].sort());

        const aliases = await customerAliases(moto);
        expect([...aliases.keys()].sort()).to.deep.equal(["alias/e2e/data", "alias/e2e/data-v1", "alias/e2e/scratch"]);
        expect(aliases.get("alias/e2e/data")!.TargetKeyId).to.equal(outputs.dataKeyId);
        expect(aliases.get("alias/e2e/data-v1")!.TargetKeyId).to.equal(outputs.dataKeyId);
        expect(aliases.get("alias/e2e/scratch")!.TargetKeyId).to.equal(outputs.scratchKeyId);
        expect(outputs.dataAliases).to.deep.equal(["alias/e2e/data", "alias/e2e/data-v1"]);

        const inline = await rolePolicies(moto, "orders-service");
        expect(Object.keys(inline)).to.deep.equal([outputs.grantPolicyName]);
        expect(outputs.grantPolicyName).to.match(/^data-grant-[0-9a-f]{10}-[0-9a-f]{7}$/); // auto-named
        expect(inline[outputs.grantPolicyName]).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Action: ENCRYPT_DECRYPT_ACTIONS, Effect: "Allow", Resource: outputs.dataKeyArn }],
        });
    });

    it("pulumi preview then shows no changes, and pulumi refresh reads everything back unchanged", async function () {
        expectSuccess(await project.pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
        expectSuccess(await project.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
        const reads = standIn.get().aws.calls().filter((c) => c.method === "Read").map((c) => c.type);
        expect(reads.filter((t) => t === "aws:kms/key:Key")).to.have.length(2);
        expect(reads.filter((t) => t === "aws:kms/alias:Alias")).to.have.length(3);
        expect(reads.filter((t) => t === "aws:iam/rolePolicy:RolePolicy")).to.have.length(1);
    });

    it("pulumi destroy: the retained key stays Enabled, the destroy key is PendingDeletion for 7 days, aliases and grant go", async function () {
        // SAFETY: removalPolicy "retain" (the default) -> retainOnDelete: the engine never asks to delete it.
        await expectDestroyKeepsRetainedKey(project, standIn.get(), { retained: outputs.dataKeyId, destroyed: outputs.scratchKeyId }, 9);
        const { moto } = standIn.get();
        expect(await rolePolicies(moto, "orders-service")).to.deep.equal({});
    });
});
