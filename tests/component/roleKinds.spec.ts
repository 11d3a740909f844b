// `use` and `serviceGrants` under mocks: in `grants` (the key policy), and through grantUse / grantServiceGrants
// (identity policies) on a KmsKey, a key imported by alias, a component rebuilt from its URN and the provider's Call.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKey, KmsKeyError } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, fromReference, resolved } from "../provider/inProcess";
import { ACCOUNT, RecordingMocks, settled, useMocks, valueOf } from "../support/mocks";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;
const FOR_AWS = { Bool: { "kms:GrantIsForAWSResource": "true" } };
const USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const SERVICE = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];

describe("role kinds use and serviceGrants (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks({ existingAliases: { "alias/ebs": "9999ffff-0000-1111-2222-333344445555" } }); });

    async function rolePolicies(...resources: pulumi.Resource[]) {
        await settled(...resources);
        return mocks.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => ({ role: p.inputs.role, statements: JSON.parse(p.inputs.policy).Statement }));
    }

    it("writes both kinds into the key policy from grants", async () => {
        const key = new KmsKey("data", { grants: [{ grantee: "444455556666", kind: "use" }, { grantee: `arn:aws:iam::444455556666:role/Ebs`, kind: "serviceGrants" }] });
        await settled(key, key.key);
        await key.whenValid();
        const [registered] = mocks.ofType("aws:kms/key:Key");
        expect(JSON.parse(registered.inputs.policy).Statement.slice(1)).to.deep.equal([
            { Action: USE, Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Resource: "*" },
            { Action: SERVICE, Condition: FOR_AWS, Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:role/Ebs" }, Resource: "*" },
        ]);
    });

    it("refuses a serviceGrants grant that also sets the kind's condition key, before anything is registered", () => {
        expect(() => new KmsKey("data", { grants: [{ grantee: ROLE, kind: "serviceGrants", conditions: { Bool: { "kms:GrantIsForAWSResource": "false" } } }] }))
            .to.throw(KmsKeyError, "grants[0].conditions: kind serviceGrants already adds Bool kms:GrantIsForAWSResource");
        expect(mocks.registrations).to.have.length(0);
    });

    it("grantUse and grantServiceGrants attach identity policies; the service grants keep their condition", async () => {
        const key = new KmsKey("data", {});
        const use = key.grantUse(ROLE);
        const service = key.grantServiceGrants(pulumi.output(ROLE));
        const keyArn = await valueOf(key.keyArn);
        const policies = await rolePolicies(key);
        expect(await valueOf(use)).to.not.equal(await valueOf(service));
        await key.whenValid();
        expect(policies).to.deep.equal([
            { role: "App", statements: [{ Action: USE, Effect: "Allow", Resource: keyArn }] },
            { role: "App", statements: [{ Action: SERVICE, Condition: FOR_AWS, Effect: "Allow", Resource: keyArn }] },
        ]);
        expect(JSON.parse(await valueOf(key.policy)).Statement).to.have.length(1);
    });

    it("grantServiceGrants is not the same policy as grant() of the same actions, which has no condition", async () => {
        const key = new KmsKey("data", {});
        key.grantServiceGrants(ROLE);
        key.grant(ROLE, ...SERVICE);
        key.grantServiceGrants(ROLE);
        const policies = await rolePolicies(key);
        await key.whenValid();
        expect(policies.map((p) => p.statements[0].Condition)).to.deep.equal([FOR_AWS, undefined]);
    });

    it("on a key imported by alias, the condition joins the kms:ResourceAliases scope", async () => {
        const key = KmsKey.fromAliasName("ebs", "alias/ebs");
        key.grantServiceGrants(ROLE);
        const [policy] = await rolePolicies(key);
        await key.whenValid();
        expect(policy.statements).to.deep.equal([{
            Action: SERVICE, Condition: { ...FOR_AWS, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ebs" } },
            Effect: "Allow", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`,
        }]);
    });

    it("refuses a grantee in another account through the returned Output", async () => {
        const key = new KmsKey("data", {});
        const name = key.grantServiceGrants("arn:aws:iam::444455556666:role/Ebs");
        const error = await valueOf(name).then(() => undefined, (e) => e);
        expect(error).to.be.instanceOf(KmsKeyError);
        expect(error.message).to.contain("is in account 444455556666").and.contain("put it in the key's grants input");
        expect(() => key.grantUse("ec2.amazonaws.com")).to.throw(KmsKeyError, "is not an IAM role or user ARN");
    });

    it("serves grantServiceGrants as a Call on a rebuilt KmsKey and ImportedKey", async () => {
        const provider = new KmsKeyProvider();
        for (const [type, inputs] of [["kmskey:index:KmsKey", {}], ["kmskey:index:ImportedKey", { aliasName: "alias/ebs" }]] as const) {
            const { urn } = await construct(provider, "k", type, inputs);
            const before = mocks.ofType("aws:iam/rolePolicy:RolePolicy").length;
            const result = await provider.call(`${type}/grantServiceGrants`, { __self__: fromReference(urn), grantee: ROLE });
            expect(await resolved(result.outputs!)).to.have.property("policyName").that.is.a("string");
            const created = mocks.ofType("aws:iam/rolePolicy:RolePolicy").slice(before);
            expect(created).to.have.length(1);
            const [statement] = JSON.parse(created[0].inputs.policy).Statement;
            expect(statement.Action).to.deep.equal(SERVICE);
            expect(statement.Condition.Bool).to.deep.equal(FOR_AWS.Bool);
        }
    });
});
