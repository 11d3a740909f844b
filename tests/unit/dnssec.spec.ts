// Route 53 DNSSEC: terraform-aws-kms's two statements for dnssec-route53.<dns suffix>, with the confused-deputy
// conditions, and Route 53's requirements on the key (ECC_NIST_P256, SIGN_VERIFY, us-east-1).
import { expect } from "chai";
import { DNSSEC_KEY, KmsKeyError, PolicyEnv, buildKeyPolicy, checkKeyPolicyInput, dnssecStatements } from "../../provider/src/policy";
import { rejects } from "../support/rejects";

const env: PolicyEnv = { accountId: "111122223333", partition: "aws", region: "us-east-1", callerArn: "arn:aws:sts::111122223333:assumed-role/Deployer/session" };
const SIGNING = { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" };
const SERVICE = { Service: "dnssec-route53.amazonaws.com" };
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";


describe("dnssec (Route 53 DNSSEC signing)", () => {
    it("adds terraform-aws-kms's two statements, limited to the key's account and every hosted zone by default", () => {
        const statements = buildKeyPolicy({ ...SIGNING, dnssec: {} }, env).document.Statement;
        const sources = { ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" }, StringEquals: { "aws:SourceAccount": "111122223333" } };
        expect(statements.slice(1)).to.deep.equal([
            { Sid: "Route53DnssecService", Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"], Condition: sources, Effect: "Allow", Principal: SERVICE, Resource: "*" },
            {
                Sid: "Route53DnssecGrant", Action: "kms:CreateGrant", Condition: { ...sources, Bool: { "kms:GrantIsForAWSResource": "true" } },
                Effect: "Allow", Principal: SERVICE, Resource: "*",
            },
        ]);
        expect(buildKeyPolicy({ ...SIGNING, dnssec: {} }, env).warnings, "the source conditions answer the confused-deputy warning").to.deep.equal([]);
    });

    it("takes the hosted zones and source accounts given, one value as a string, several as a list", () => {
        const [service, grant] = dnssecStatements({ hostedZoneArns: [ZONE], sourceAccounts: ["444455556666", "111122223333"] }, { ...SIGNING, ...env });
        expect(service.Condition).to.deep.equal({ ArnLike: { "aws:SourceArn": ZONE }, StringEquals: { "aws:SourceAccount": ["444455556666", "111122223333"] } });
        expect(grant.Condition).to.deep.include({ ArnLike: { "aws:SourceArn": ZONE } });
        const wild = dnssecStatements({ hostedZoneArns: [ZONE, "arn:aws:route53:::hostedzone/Z9*"] }, { ...SIGNING, ...env })[0];
        expect(wild.Condition!.ArnLike).to.deep.equal({ "aws:SourceArn": [ZONE, "arn:aws:route53:::hostedzone/Z9*"] });
    });

    it("comes after the grants and before policyStatements, and adds nothing without dnssec", () => {
        const extra = { Effect: "Deny" as const, Principal: { AWS: "arn:aws:iam::111122223333:role/X" }, Action: "kms:Sign", Resource: "*" };
        const statements = buildKeyPolicy({ ...SIGNING, grants: [{ grantee: "444455556666", kind: "verify" }], dnssec: {}, policyStatements: [extra] }, env).document.Statement;
        expect(statements.map((s) => s.Sid ?? s.Action)).to.deep.equal(["kms:*", "kms:Verify", "Route53DnssecService", "Route53DnssecGrant", "kms:Sign"]);
        expect(buildKeyPolicy({ ...SIGNING }, env).document.Statement).to.have.length(1);
        expect(dnssecStatements(undefined, {})).to.deep.equal([]);
        expect(dnssecStatements(null, {})).to.deep.equal([]);
    });

    it("refuses a key Route 53 cannot sign with, naming the property and saying why", () => {
        rejects(() => buildKeyPolicy({ dnssec: {} }, env), "keySpec",
            "keySpec: 'SYMMETRIC_DEFAULT' (the default) cannot sign DNSSEC records; Route 53 DNSSEC (dnssec) signs with an asymmetric key of keySpec ECC_NIST_P256 and keyUsage SIGN_VERIFY");
        rejects(() => buildKeyPolicy({ keySpec: "ECC_NIST_P384", keyUsage: "SIGN_VERIFY", dnssec: {} }, env), "keySpec", "keySpec: 'ECC_NIST_P384' cannot sign DNSSEC records");
        rejects(() => buildKeyPolicy({ keySpec: "ECC_NIST_P256", dnssec: {} }, env), "keyUsage", "keyUsage: 'ENCRYPT_DECRYPT' (the default) cannot sign DNSSEC records");
        rejects(() => buildKeyPolicy({ keySpec: "ECC_NIST_P256", keyUsage: "KEY_AGREEMENT", dnssec: {} }, env), "keyUsage", "keyUsage: 'KEY_AGREEMENT' cannot sign");
        rejects(() => buildKeyPolicy({ ...SIGNING, dnssec: {} }, { ...env, region: "eu-west-1" }), "dnssec",
            "dnssec: Route 53 DNSSEC uses only keys in us-east-1 (US East (N. Virginia)), and this key would be created in 'eu-west-1' (the AWS provider's region); create it with a provider for us-east-1");
        expect(DNSSEC_KEY).to.deep.equal({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", region: "us-east-1" });
    });

    it("checks the key before the account and region are known (checkKeyPolicyInput)", () => {
        rejects(() => checkKeyPolicyInput({ dnssec: {} }), "keySpec", "cannot sign DNSSEC records");
        expect(() => checkKeyPolicyInput({ ...SIGNING, dnssec: { hostedZoneArns: [ZONE] } })).not.to.throw();
    });

    it("refuses malformed input, naming the field", () => {
        const key = { ...SIGNING, ...env };
        rejects(() => dnssecStatements(true, key), "dnssec", "dnssec: expected {hostedZoneArns?, sourceAccounts?} ({} for the defaults), got true");
        rejects(() => dnssecStatements([ZONE], key), "dnssec", "dnssec: expected {hostedZoneArns?, sourceAccounts?}");
        rejects(() => dnssecStatements({ hostedZoneArn: ZONE }, key), "dnssec.hostedZoneArn", "dnssec: unknown field 'hostedZoneArn'; dnssec has hostedZoneArns, sourceAccounts");
        rejects(() => dnssecStatements({ hostedZoneArns: ZONE }, key), "dnssec.hostedZoneArns", "dnssec.hostedZoneArns: expected a list of hosted zone ARNs");
        rejects(() => dnssecStatements({ hostedZoneArns: [] }, key), "dnssec.hostedZoneArns", "dnssec.hostedZoneArns: an empty list would let Route 53 sign for no hosted zone");
        rejects(() => dnssecStatements({ sourceAccounts: [] }, key), "dnssec.sourceAccounts", "dnssec.sourceAccounts: an empty list");
        for (const bad of ["Z0123456789", "arn:aws:route53:::healthcheck/abc", "arn:aws:route53:us-east-1::hostedzone/Z1", "arn:aws:route53:::hostedzone/", "arn:aws:route53:::hostedzone/Z1/x", 7]) {
            rejects(() => dnssecStatements({ hostedZoneArns: [ZONE, bad] }, key), "dnssec.hostedZoneArns[1]", "is not a hosted zone ARN; write arn:<partition>:route53:::hostedzone/<zone id>");
        }
        rejects(() => dnssecStatements({ hostedZoneArns: ["arn:aws-cn:route53:::hostedzone/Z1"] }, key), "dnssec.hostedZoneArns[0]",
            "dnssec.hostedZoneArns[0]: the hosted zone is in partition aws-cn, but the key is in aws");
        rejects(() => dnssecStatements({ hostedZoneArns: ["arn:awz:route53:::hostedzone/Z1"] }, key), "dnssec.hostedZoneArns[0]", "'awz' is not an AWS partition");
        rejects(() => dnssecStatements({ hostedZoneArns: [ZONE, ZONE] }, key), "dnssec.hostedZoneArns[1]", `dnssec.hostedZoneArns[1]: '${ZONE}' is already dnssec.hostedZoneArns[0]`);
        for (const bad of ["11112222333", "1111222233334", "111122223333 ", 111122223333]) {
            rejects(() => dnssecStatements({ sourceAccounts: [bad] }, key), "dnssec.sourceAccounts[0]", "is not a 12-digit AWS account id");
        }
        rejects(() => dnssecStatements({ sourceAccounts: ["111122223333", "111122223333"] }, key), "dnssec.sourceAccounts[1]", "is already dnssec.sourceAccounts[0]");
    });

    it("refuses a duplicate Sid with a user's statement, and circular input, as KmsKeyErrors", () => {
        const mine = { Sid: "Route53DnssecService", Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::111122223333:role/X" }, Action: "kms:Verify", Resource: "*" };
        rejects(() => buildKeyPolicy({ ...SIGNING, dnssec: {}, policyStatements: [mine] }, env), "policyStatements[0].Sid", "is already the Sid of dnssec");
        const circular: { [k: string]: unknown } = {};
        circular.hostedZoneArns = [circular];
        expect(() => buildKeyPolicy({ ...SIGNING, dnssec: circular }, env)).to.throw(KmsKeyError);
    });
});
