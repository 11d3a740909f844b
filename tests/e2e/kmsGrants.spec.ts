// End to end, kmsGrants: a YAML program whose KmsKey has two KMS grants, with our plugin installed from a fresh
// clone as a git tag's download is (Construct through the engine); the grants go to moto through the stand-in aws
// provider (CreateGrant, ListGrants, RevokeGrant, RetireGrant). Checks the grants in moto, the ids in order, the
// tokens kept secret in the stack's outputs, the grantees in accessSummary, a clean refresh, and that destroy removes both (RevokeGrant; RetireGrant for retireOnDelete).
import { expect } from "chai";
import { Project, expectSuccess, fixture, useAwsStandIn, useYamlProject } from "./harness";
import { describeKey, keyGrants } from "../support/motoState";

describe("e2e: kmsGrants (YAML, kmskey plugin from source) -> engine -> stand-in aws provider -> moto", function () {
    this.timeout(180000);
    const standIn = useAwsStandIn();
    const program = useYamlProject(standIn, { "Pulumi.yaml": fixture("kms-grants/Pulumi.yaml") });
    let project: Project;
    let outputs: { [key: string]: any };

    before(function () {
        project = program.get();
    });

    it("pulumi preview plans one aws:kms:Grant per grant and creates nothing", async function () {
        const r = expectSuccess(await project.pulumi("preview"), "pulumi preview");
        for (const line of ["kmskey:index:KmsKey granted create", "aws:kms:Key granted create", "aws:kms:Grant granted-kmsgrant-0 create", "aws:kms:Grant granted-kmsgrant-1 create"]) {
            expect(r.stdout).to.contain(line);
        }
        expect(r.stdout).to.match(/\+ 6 to create/);
        expect(standIn.get().aws.calls().map((c) => c.method)).not.to.include("Create");
    });

    it("pulumi up creates the grants in moto, with their ids in order and their tokens secret", async function () {
        const r = expectSuccess(await project.pulumi("up", "--yes", "--skip-preview"), "pulumi up");
        expect(r.stdout).to.match(/\+ 6 created/);
        outputs = await project.outputs();
        expect(outputs.grantTokens, "tokens are secret in the stack's outputs").to.equal("[secret]");
        const shown = JSON.parse(expectSuccess(await project.pulumi("stack", "output", "--json", "--show-secrets"), "pulumi stack output --show-secrets").stdout);
        expect(shown.grantTokens).to.have.length(2);
        for (const token of shown.grantTokens) expect(token).to.be.a("string").and.not.equal("");

        const grants = await keyGrants(standIn.get().moto, outputs.keyId);
        const byId = new Map(grants.map((g) => [g.GrantId, g]));
        expect(outputs.grantIds).to.have.length(2);
        const [reader, writer] = outputs.grantIds.map((id: string) => byId.get(id));
        expect(reader).to.deep.include({
            GranteePrincipal: "arn:aws:iam::123456789012:role/orders-service", Operations: ["Decrypt", "DescribeKey"], Name: "orders-reader",
            Constraints: { EncryptionContextSubset: { app: "orders" } },
        });
        expect(writer).to.deep.include({
            GranteePrincipal: "arn:aws:iam::444455556666:root", Operations: ["Encrypt", "GenerateDataKey"],
            RetiringPrincipal: "arn:aws:iam::123456789012:role/KeyAdmins",
        });
    });

    it("accessSummary lists both grantees, as coming from a KMS grant, with the reader's constraint", function () {
        expect(outputs.access.filter((e: { source: string }) => e.source === "kmsGrant")).to.deep.equal([
            {
                principal: "arn:aws:iam::123456789012:role/orders-service", type: "AWS", delegatedToIam: false, crossAccount: false, source: "kmsGrant",
                capabilities: ["decrypt"], conditions: [{ EncryptionContextSubset: { app: "orders" } }], limitedByDeny: [],
            },
            {
                principal: "arn:aws:iam::444455556666:root", type: "AWS", delegatedToIam: false, crossAccount: true, source: "kmsGrant",
                capabilities: ["encrypt"], conditions: [], limitedByDeny: [],
            },
        ]);
    });

    it("pulumi preview then shows no changes, and pulumi refresh reads the grants back unchanged", async function () {
        expectSuccess(await project.pulumi("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
        expectSuccess(await project.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"), "pulumi refresh --expect-no-changes");
        const reads = standIn.get().aws.calls().filter((c) => c.method === "Read").map((c) => c.type);
        expect(reads.filter((t) => t === "aws:kms/grant:Grant")).to.have.length(2);
    });

    it("pulumi destroy removes both grants and schedules the key's deletion", async function () {
        expectSuccess(await project.pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
        const { moto } = standIn.get();
        expect(await keyGrants(moto, outputs.keyId)).to.deep.equal([]);
        expect((await describeKey(moto, outputs.keyId)).KeyState).to.equal("PendingDeletion");
    });
});
