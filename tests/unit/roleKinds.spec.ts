// The role kinds of terraform-aws-kms beyond CDK's: `use` (key users) and `serviceGrants` (key service users,
// whose grants are only for AWS resources), in the key policy and through the identity-policy route.
import { expect } from "chai";
import {
    GRANT_ACTIONS, GRANT_CONDITIONS, PolicyEnv, buildKeyPolicy, kindCondition, planIdentityGrant, withKindCondition,
} from "../../provider/src/policy";
import { rejects } from "../support/rejects";
import { grantKindValues } from "../../provider/src/schemaTypes";

const env: PolicyEnv = { accountId: "111122223333", partition: "aws", region: "eu-west-1", callerArn: "arn:aws:sts::111122223333:assumed-role/Deployer/session" };
const role = (name: string, account = "111122223333") => `arn:aws:iam::${account}:role/${name}`;
const FOR_AWS = { Bool: { "kms:GrantIsForAWSResource": "true" } };
const USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const SERVICE = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];


describe("role kinds: use and serviceGrants", () => {
    it("are data: terraform-aws-kms's KeyUsage and KeyServiceUsage actions, and the condition serviceGrants carries", () => {
        expect(GRANT_ACTIONS.use).to.deep.equal(USE);
        expect(GRANT_ACTIONS.serviceGrants).to.deep.equal(SERVICE);
        expect(GRANT_CONDITIONS).to.deep.equal({ serviceGrants: FOR_AWS });
        expect(kindCondition("serviceGrants")).to.deep.equal(FOR_AWS);
        for (const kind of ["use", "decrypt", "constructor", "__proto__", undefined]) expect(kindCondition(kind), String(kind)).to.equal(undefined);
        expect(() => { (GRANT_CONDITIONS.serviceGrants.Bool as any)["kms:GrantIsForAWSResource"] = "false"; }).to.throw(TypeError);
    });

    it("are schema enum values, and every kind with a condition is a kind", () => {
        expect(grantKindValues).to.include.members(["use", "serviceGrants"]);
        expect(Object.keys(GRANT_ACTIONS).sort()).to.deep.equal([...grantKindValues].sort());
        for (const kind of Object.keys(GRANT_CONDITIONS)) expect(GRANT_ACTIONS).to.have.property(kind);
    });

    it("a use grant is one statement with the key users' actions and no condition", () => {
        const [, s] = buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "use" }] }, env).document.Statement;
        expect(s).to.deep.equal({ Action: USE, Effect: "Allow", Principal: { AWS: role("App") }, Resource: "*" });
    });

    it("a serviceGrants grant carries Bool kms:GrantIsForAWSResource \"true\", as terraform's KeyServiceUsage", () => {
        const [, s] = buildKeyPolicy({ grants: [{ grantee: role("Ebs", "444455556666"), kind: "serviceGrants" }] }, env).document.Statement;
        expect(s).to.deep.equal({ Action: SERVICE, Condition: FOR_AWS, Effect: "Allow", Principal: { AWS: role("Ebs", "444455556666") }, Resource: "*" });
    });

    it("merges the kind's condition with the grant's conditions and viaService, and leaves the input alone", () => {
        const conditions = { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } };
        const given = JSON.parse(JSON.stringify(conditions));
        const [, s] = buildKeyPolicy({ grants: [{ grantee: "*", kind: "serviceGrants", viaService: "ec2", conditions: given }] }, env).document.Statement;
        expect(s.Condition).to.deep.equal({
            Bool: { "aws:SecureTransport": "true", "kms:GrantIsForAWSResource": "true" },
            StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5", "kms:ViaService": "ec2.eu-west-1.amazonaws.com", "kms:CallerAccount": "111122223333" },
        });
        expect(given).to.deep.equal(conditions);
    });

    it("refuses a grant whose conditions already name the kind's condition key (one would be lost)", () => {
        for (const value of ["false", "true"]) {
            rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "serviceGrants", conditions: { Bool: { "kms:grantisforawsresource": value } } }] }, env),
                "grants[0].conditions", "grants[0].conditions: kind serviceGrants already adds Bool kms:GrantIsForAWSResource = 'true'; remove Bool kms:grantisforawsresource from conditions");
        }
        // Under another operator, or with explicit actions, the key is the user's to give.
        const [, s] = buildKeyPolicy({ grants: [{ grantee: role("App"), actions: SERVICE, conditions: { Bool: { "kms:GrantIsForAWSResource": "false" } } }] }, env).document.Statement;
        expect(s.Condition).to.deep.equal({ Bool: { "kms:GrantIsForAWSResource": "false" } });
    });

    it("does not count the kind's condition as restricting who may use a grant to everyone", () => {
        rejects(() => buildKeyPolicy({ grants: [{ grantee: "*", kind: "serviceGrants" }] }, env), "grants[0]", 'an Allow to everyone ("*")');
        rejects(() => buildKeyPolicy({ grants: [{ grantee: "*", kind: "use" }] }, env), "grants[0]", 'an Allow to everyone ("*")');
    });

    it("withKindCondition copies, adds nothing for a kind without a condition, and creates the block when there is none", () => {
        const c = { StringEquals: { "aws:SourceAccount": "111122223333" } };
        expect(withKindCondition(c, "use", "p")).to.equal(c);
        expect(withKindCondition(undefined, "decrypt", "p")).to.equal(undefined);
        expect(withKindCondition(undefined, "serviceGrants", "p")).to.deep.equal(FOR_AWS);
        expect(withKindCondition(c, "serviceGrants", "p")).to.deep.equal({ ...c, ...FOR_AWS });
        expect(c).to.deep.equal({ StringEquals: { "aws:SourceAccount": "111122223333" } });
    });

    describe("through the identity-policy route", () => {
        const KEY = "arn:aws:kms:eu-west-1:111122223333:key/abcd";
        const target = { keyArn: KEY, account: "111122223333", partition: "aws", owned: true };

        it("a use grant allows the actions on the key, unconditioned", () => {
            expect(planIdentityGrant(target, role("App"), GRANT_ACTIONS.use).document.Statement).to.deep.equal([{ Action: USE, Effect: "Allow", Resource: KEY }]);
        });
        it("a serviceGrants grant keeps the kind's condition", () => {
            const plan = planIdentityGrant(target, role("App"), GRANT_ACTIONS.serviceGrants, kindCondition("serviceGrants"));
            expect(plan.document.Statement).to.deep.equal([{ Action: SERVICE, Condition: FOR_AWS, Effect: "Allow", Resource: KEY }]);
        });
        it("merges the kind's condition with the kms:ResourceAliases scope of a key imported by alias", () => {
            const plan = planIdentityGrant({ ...target, keyArn: "arn:aws:kms:eu-west-1:111122223333:alias/ebs", aliasName: "alias/ebs", owned: false },
                role("App"), GRANT_ACTIONS.serviceGrants, kindCondition("serviceGrants"));
            expect(plan.document.Statement).to.deep.equal([{
                Action: SERVICE,
                Condition: { ...FOR_AWS, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ebs" } },
                Effect: "Allow",
                Resource: "arn:aws:kms:eu-west-1:111122223333:key/*",
            }]);
            expect(GRANT_CONDITIONS.serviceGrants).to.deep.equal(FOR_AWS);
        });
    });
});
