import { expect } from "chai";
import { KmsKeyError, iamIdentityOf, parseKeyArn, planIdentityGrant } from "../../provider/src/policy";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/abcd";
const target = { keyArn: KEY, account: "111122223333", partition: "aws", owned: true };

describe("identity grants (the grant methods)", () => {
    it("allows exactly the actions on the key ARN, for a role given by name or path", () => {
        const plan = planIdentityGrant(target, "arn:aws:iam::111122223333:role/team/App", ["kms:Decrypt"]);
        expect(plan.identity).to.deep.equal({ type: "role", name: "App", account: "111122223333", partition: "aws" });
        expect(plan.document).to.deep.equal({ Version: "2012-10-17", Statement: [{ Action: "kms:Decrypt", Effect: "Allow", Resource: KEY }] });
    });
    it("handles users and assumed-role sessions", () => {
        expect(iamIdentityOf("arn:aws:iam::111122223333:user/ops/alice")).to.deep.include({ type: "user", name: "alice" });
        expect(iamIdentityOf("arn:aws:sts::111122223333:assumed-role/Deployer/s1")).to.deep.include({ type: "role", name: "Deployer" });
        expect(iamIdentityOf("arn:aws:iam::111122223333:root")).to.equal(undefined);
    });
    it("scopes grants on a key imported by alias with kms:ResourceAliases, as current CDK", () => {
        const plan = planIdentityGrant({ ...target, keyArn: "arn:aws:kms:us-east-1:111122223333:alias/logs", aliasName: "alias/logs", owned: false },
            "arn:aws:iam::111122223333:role/App", ["kms:Decrypt", "kms:Encrypt"]);
        expect(plan.document.Statement).to.deep.equal([{
            Action: ["kms:Decrypt", "kms:Encrypt"],
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/logs" } },
            Effect: "Allow",
            Resource: "arn:aws:kms:us-east-1:111122223333:key/*",
        }]);
    });
    it("sends a grantee in another account to the grants input", () => {
        expect(() => planIdentityGrant(target, "arn:aws:iam::444455556666:role/App", ["kms:Decrypt"]))
            .to.throw(KmsKeyError, "grantee: arn:aws:iam::444455556666:role/App is in account 444455556666 (partition aws), not the key's account 111122223333 (partition aws); " +
                "a principal in another account also needs a key-policy statement, which must exist when the key is created: put it in the key's grants input");
    });
    it("says a key this stack does not own cannot have its policy changed", () => {
        expect(() => planIdentityGrant({ ...target, owned: false }, "logs.amazonaws.com", ["kms:Decrypt"]))
            .to.throw(KmsKeyError, "this stack does not own the key, so it cannot change the key's policy");
    });
    it("rejects services, accounts and non-ARNs", () => {
        for (const bad of ["logs.amazonaws.com", "111122223333", "arn:aws:iam::111122223333:root", "*", 7]) {
            expect(() => planIdentityGrant(target, bad, ["kms:Decrypt"])).to.throw(KmsKeyError, "is not an IAM role or user ARN");
        }
    });
});

describe("key ARNs (fromKeyArn)", () => {
    it("reads the key id", () => {
        expect(parseKeyArn(KEY, "keyArn")).to.deep.include({ keyId: "abcd", account: "111122223333", region: "us-east-1", partition: "aws" });
    });
    it("rejects a non-ARN with CDK's message", () => {
        expect(() => parseKeyArn("abcd", "keyArn")).to.throw(KmsKeyError, 'ARNs must start with "arn:" and have at least 6 components: abcd');
    });
    it("rejects an ARN without a key id with CDK's message", () => {
        expect(() => parseKeyArn("arn:aws:kms:us-east-1:111122223333:key/", "keyArn"))
            .to.throw(KmsKeyError, "KMS key ARN must be in the format 'arn:<partition>:kms:<region>:<account>:key/<keyId>', got: 'arn:aws:kms:us-east-1:111122223333:key/'");
    });
    it("rejects an alias ARN or another service (CDK accepts them)", () => {
        expect(() => parseKeyArn("arn:aws:kms:us-east-1:111122223333:alias/x", "keyArn")).to.throw(KmsKeyError, "KMS key ARN must be in the format");
        expect(() => parseKeyArn("arn:aws:s3:us-east-1:111122223333:key/x", "keyArn")).to.throw(KmsKeyError, "KMS key ARN must be in the format");
    });
});

describe("the policy core is pure", () => {
    it("loads no Pulumi module", () => {
        const { execFileSync } = require("child_process");
        const out = execFileSync(process.execPath, ["-e",
            "require('./provider/bin/policy'); console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length)"],
            { cwd: require("path").join(__dirname, "..", "..") }).toString().trim();
        expect(out).to.equal("0");
    });
});
