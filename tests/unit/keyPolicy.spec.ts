import { expect } from "chai";
import {
    ADMIN_ACTIONS, KmsKeyError, LEGACY_ROOT_ACTIONS, MAX_KEY_POLICY_BYTES, PolicyDocument, PolicyEnv, buildKeyPolicy, findLockout, toPrincipal,
} from "../../provider/src/policy";

const isLockout = (document: PolicyDocument, e: PolicyEnv) => findLockout(document.Statement, e) !== undefined;

const env: PolicyEnv = { accountId: "111122223333", partition: "aws", callerArn: "arn:aws:sts::111122223333:assumed-role/Deployer/session" };
const ROOT = "arn:aws:iam::111122223333:root";
const rootAll = { Action: "kms:*", Effect: "Allow", Principal: { AWS: ROOT }, Resource: "*" };
const legacy = { Action: [...LEGACY_ROOT_ACTIONS], Effect: "Allow", Principal: { AWS: ROOT }, Resource: "*" };
const role = (name: string, account = "111122223333") => `arn:aws:iam::${account}:role/${name}`;

function rejects(fn: () => unknown, property: string, message: string | RegExp) {
    let error: unknown;
    try { fn(); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(KmsKeyError);
    expect((error as KmsKeyError).property).to.equal(property);
    if (typeof message === "string") expect((error as Error).message).to.contain(message);
    else expect((error as Error).message).to.match(message);
}

describe("principals", () => {
    it("reads IAM ARNs, account ids, service principals and *", () => {
        expect(toPrincipal(role("App"), "p", "aws")).to.deep.equal({ AWS: role("App") });
        expect(toPrincipal("arn:aws:sts::111122223333:assumed-role/R/s1", "p", "aws")).to.deep.equal({ AWS: "arn:aws:sts::111122223333:assumed-role/R/s1" });
        expect(toPrincipal("444455556666", "p", "aws-cn")).to.deep.equal({ AWS: "arn:aws-cn:iam::444455556666:root" });
        expect(toPrincipal("logs.amazonaws.com", "p", "aws")).to.deep.equal({ Service: "logs.amazonaws.com" });
        expect(toPrincipal("logs.amazonaws.com.cn", "p", "aws-cn")).to.deep.equal({ Service: "logs.amazonaws.com.cn" });
        expect(toPrincipal("*", "p", "aws")).to.deep.equal({ AWS: "*" });
        expect(toPrincipal("arn:aws-us-gov:iam::111122223333:user/u", "p", "aws-us-gov")).to.deep.equal({ AWS: "arn:aws-us-gov:iam::111122223333:user/u" });
    });
    for (const bad of ["admin", "12345", "arn:aws:s3:::bucket", "logs.example.com", "", "arn:aws:iam::1111:role/x"]) {
        it(`rejects ${JSON.stringify(bad)}, naming the property and the value`, () => {
            rejects(() => toPrincipal(bad, "admins[3]", "aws"), "admins[3]", `admins[3]: '${bad}' is not a principal`);
            rejects(() => toPrincipal(bad, "admins[3]", "aws"), "admins[3]", "use an IAM role or user ARN (e.g. arn:aws:iam::111122223333:role/Name)");
        });
    }
});

describe("buildKeyPolicy: the default policy modes", () => {
    it("gives CDK v2's single root kms:* statement by default", () => {
        expect(buildKeyPolicy({}, env).document).to.deep.equal({ Version: "2012-10-17", Statement: [rootAll] });
    });
    it("uses the partition for the root ARN", () => {
        expect(buildKeyPolicy({}, { accountId: "111122223333", partition: "aws-cn" }).document.Statement[0].Principal)
            .to.deep.equal({ AWS: "arn:aws-cn:iam::111122223333:root" });
    });
    it("lets a custom policy replace the default (trustAccountIdentities: true)", () => {
        const policy = { Version: "2012-10-17", Statement: [{ ...rootAll, Sid: "Mine" }] };
        expect(buildKeyPolicy({ policy }, env).document.Statement).to.deep.equal([{ ...rootAll, Sid: "Mine" }]);
    });
    it("gives CDK v1's legacy 15-action root statement with trustAccountIdentities: false", () => {
        expect(buildKeyPolicy({ trustAccountIdentities: false }, env).document.Statement).to.deep.equal([legacy]);
        expect(LEGACY_ROOT_ACTIONS).to.have.length(15);
        expect(LEGACY_ROOT_ACTIONS).to.include("kms:GenerateDataKey");
    });
    it("appends the legacy statement after a custom policy in legacy mode", () => {
        const mine = { Effect: "Allow", Principal: { AWS: role("App") }, Action: "kms:Decrypt", Resource: "*" };
        expect(buildKeyPolicy({ trustAccountIdentities: false, policy: { Statement: [mine] } }, env).document.Statement).to.deep.equal([mine, legacy]);
    });
    it("writes KMS's default root statement for an empty custom policy (CDK omits KeyPolicy, so KMS applies it)", () => {
        expect(buildKeyPolicy({ policy: { Version: "2012-10-17", Statement: [] } }, env).document.Statement).to.deep.equal([rootAll]);
    });
    it("accepts a custom policy as JSON text and a single statement object", () => {
        const text = JSON.stringify({ Version: "2012-10-17", Statement: rootAll });
        expect(buildKeyPolicy({ policy: text }, env).document.Statement).to.deep.equal([rootAll]);
    });
});

describe("buildKeyPolicy: admins, grants and extra statements", () => {
    it("gives each admin one statement with CDK's 14 admin actions, in order", () => {
        const statements = buildKeyPolicy({ admins: [role("A"), "444455556666"] }, env).document.Statement;
        expect(statements.slice(1)).to.deep.equal([
            { Action: [...ADMIN_ACTIONS], Effect: "Allow", Principal: { AWS: role("A") }, Resource: "*" },
            { Action: [...ADMIN_ACTIONS], Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Resource: "*" },
        ]);
        expect(ADMIN_ACTIONS).to.deep.equal(["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
            "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]);
    });
    const kinds: [string, string | string[]][] = [
        ["encrypt", ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]],
        ["decrypt", "kms:Decrypt"],
        ["encryptDecrypt", ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]],
        ["sign", "kms:Sign"], ["verify", "kms:Verify"], ["signVerify", ["kms:Sign", "kms:Verify"]],
        ["generateMac", "kms:GenerateMac"], ["verifyMac", "kms:VerifyMac"], ["admin", [...ADMIN_ACTIONS]],
    ];
    for (const [kind, Action] of kinds) {
        it(`turns a ${kind} grant into one statement with CDK's actions`, () => {
            const s = buildKeyPolicy({ grants: [{ grantee: "logs.amazonaws.com", kind }] }, env).document.Statement;
            expect(s[1]).to.deep.equal({ Action, Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Resource: "*" });
        });
    }
    it("takes explicit actions, as CDK's grant(principal, ...actions)", () => {
        const s = buildKeyPolicy({ grants: [{ grantee: "444455556666", actions: ["kms:DescribeKey", "kms:Get*"] }] }, env).document.Statement;
        expect(s[1]).to.deep.equal({ Action: ["kms:DescribeKey", "kms:Get*"], Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Resource: "*" });
    });
    it("appends in order: base, admins, grants, extra statements; identical statements once", () => {
        const extra = { Effect: "Deny", Principal: { AWS: role("X") }, Action: "kms:Decrypt", Resource: "*" };
        const s = buildKeyPolicy({
            admins: [role("A")], grants: [{ grantee: role("B"), kind: "decrypt" }, { grantee: role("B"), kind: "decrypt" }], policyStatements: [extra],
        }, env).document.Statement;
        expect(s.map((x) => x.Principal)).to.deep.equal([{ AWS: ROOT }, { AWS: role("A") }, { AWS: role("B") }, { AWS: role("X") }]);
    });
    it("rejects bad grants, naming the property", () => {
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("B") }] }, env), "grants[0]", "grants[0]: give exactly one of kind");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("B"), kind: "decrypt", actions: ["kms:Decrypt"] }] }, env), "grants[0]", "give exactly one of kind");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("B"), kind: "read" }] }, env), "grants[0].kind",
            'grants[0].kind: \'read\' is not a grant kind; allowed: encrypt, decrypt, encryptDecrypt, sign, verify, signVerify, generateMac, verifyMac, admin');
        rejects(() => buildKeyPolicy({ grants: [{ grantee: "bob", kind: "decrypt" }] }, env), "grants[0].grantee", "grants[0].grantee: 'bob' is not a principal");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("B"), actions: [] }] }, env), "grants[0].actions", "grants[0].actions: a grant must name at least one action");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("B"), actions: ["s3:GetObject"] }] }, env), "grants[0].actions[0]",
            "grants[0].actions[0]: 's3:GetObject' is not a KMS action");
        rejects(() => buildKeyPolicy({ grants: "x" }, env), "grants", "grants: expected a list");
        rejects(() => buildKeyPolicy({ grants: [null] }, env), "grants[0]", "grants[0]: expected {grantee, kind}");
        rejects(() => buildKeyPolicy({ admins: role("A") }, env), "admins", "admins: expected a list of principals");
    });
    it("rejects statements CDK v2 rejects in a resource policy, and malformed ones", () => {
        const ok = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
        const { Principal, ...noPrincipal } = ok;
        const { Resource, ...noResource } = ok;
        const { Action, ...noAction } = ok;
        rejects(() => buildKeyPolicy({ policyStatements: [noPrincipal] }, env), "policyStatements[0].Principal",
            "A PolicyStatement used in a resource-based policy must specify at least one IAM principal. (policyStatements[0])");
        rejects(() => buildKeyPolicy({ policyStatements: [noResource] }, env), "policyStatements[0].Resource",
            "A PolicyStatement used in a resource-based policy must specify at least one resource.");
        rejects(() => buildKeyPolicy({ policy: { Statement: [ok, noAction] } }, env), "policy.Statement[1].Action",
            "A PolicyStatement must specify at least one 'action' or 'notAction'.");
        rejects(() => buildKeyPolicy({ policyStatements: [{ ...ok, Effect: "allow" }] }, env), "policyStatements[0].Effect", 'must be "Allow" or "Deny"');
        rejects(() => buildKeyPolicy({ policyStatements: [{ ...ok, Actions: "x" }] }, env), "policyStatements[0].Actions", 'unknown statement element \'Actions\'');
        rejects(() => buildKeyPolicy({ policyStatements: [{ ...ok, Action: [] }] }, env), "policyStatements[0].Action", "expected a string or a non-empty list");
        rejects(() => buildKeyPolicy({ policyStatements: ["x"] }, env), "policyStatements[0]", "a statement must be an object");
        rejects(() => buildKeyPolicy({ policy: "{not json" }, env), "policy", "policy: not valid JSON");
        rejects(() => buildKeyPolicy({ policy: { Version: "2012-10-17" } }, env), "policy", "policy: expected a policy document with a Statement list");
        rejects(() => buildKeyPolicy({ policy: { Version: "2020-01-01", Statement: [ok] } }, env), "policy.Version", "is not a policy language version");
    });
});

describe("buildKeyPolicy: the lockout guard (beyond CDK)", () => {
    const decryptOnly = { Statement: [{ Effect: "Allow", Principal: { AWS: role("App") }, Action: "kms:Decrypt", Resource: "*" }] };
    it("rejects a policy that gives nobody kms:PutKeyPolicy, saying how to fix it", () => {
        rejects(() => buildKeyPolicy({ policy: decryptOnly }, env), "policy",
            /^policy: this key policy would lock the account out of its key: .*arn:aws:iam::111122223333:root.*deploying principal arn:aws:sts::111122223333:assumed-role\/Deployer\/session.*bypassPolicyLockoutSafetyCheck/);
    });
    it("accepts it with bypassPolicyLockoutSafetyCheck", () => {
        expect(buildKeyPolicy({ policy: decryptOnly, bypassPolicyLockoutSafetyCheck: true }, env).document.Statement).to.have.length(1);
    });
    it("accepts PutKeyPolicy given by wildcard to the root, the bare account id or the deployer's role", () => {
        for (const [principal, action] of [[ROOT, "kms:Put*"], ["111122223333", "kms:*"], [role("Deployer"), "kms:PutKeyPolicy"], [ROOT, ["kms:Decrypt", "KMS:putkeypolicy"]]] as const) {
            const policy = { Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: "*" }] };
            expect(isLockout(buildKeyPolicy({ policy }, env).document, env), JSON.stringify(policy)).to.equal(false);
        }
    });
    it("does not count conditional, other-principal or other-action statements", () => {
        const cases = [
            { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
            { Effect: "Allow", Principal: { AWS: role("Other") }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:Get*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "arn:aws:kms:us-east-1:111122223333:key/other" },
        ];
        for (const s of cases) {
            rejects(() => buildKeyPolicy({ policy: { Statement: [s] } }, env), "policy", "would lock the account out");
        }
    });
    it("refuses NotPrincipal in an Allow (grammar: NotPrincipal only with Deny)", () => {
        const s = { Effect: "Allow", NotPrincipal: { AWS: role("X") }, Action: "kms:*", Resource: "*" };
        rejects(() => buildKeyPolicy({ policy: { Statement: [rootAll, s] } }, env), "policy.Statement[1].NotPrincipal", "NotPrincipal is only allowed with \"Effect\": \"Deny\"");
    });
    it("rejects an unconditional Deny of PutKeyPolicy to everyone, even with an Allow, naming the Deny", () => {
        const policy = { Statement: [rootAll, { Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*" }] };
        rejects(() => buildKeyPolicy({ policy }, env), "policy.Statement[1]", "would lock the account out");
        const notAction = { Statement: [rootAll, { Effect: "Deny", Principal: { AWS: "*" }, NotAction: "kms:Decrypt", Resource: "*" }] };
        rejects(() => buildKeyPolicy({ policy: notAction }, env), "policy.Statement[1]", "would lock the account out");
    });
    it("treats a Deny with NotPrincipal as covering everyone it does not spare (IAM: the principal and its account)", () => {
        const denyAllBut = (...spared: string[]) => ({ Statement: [rootAll, { Effect: "Deny", NotPrincipal: { AWS: spared }, Action: "kms:*", Resource: "*" }] });
        rejects(() => buildKeyPolicy({ policy: denyAllBut(role("BreakGlass")) }, env), "policy.Statement[1]", "would lock the account out");
        // Sparing only the root still denies the deployer, whose session KMS checks at creation.
        rejects(() => buildKeyPolicy({ policy: denyAllBut(ROOT) }, env), "policy.Statement[1]", "the deploying principal");
        // The deployer's role alone is not spared without its account (IAM's NotPrincipal rule).
        rejects(() => buildKeyPolicy({ policy: denyAllBut(role("Deployer")) }, env), "policy.Statement[1]", "would lock the account out");
        expect(buildKeyPolicy({ policy: denyAllBut(ROOT, role("Deployer")) }, env).document.Statement).to.have.length(2);
        expect(buildKeyPolicy({ policy: denyAllBut(ROOT, "arn:aws:sts::111122223333:assumed-role/Deployer/session") }, env).document.Statement).to.have.length(2);
    });
    it("never trips on the default policies", () => {
        expect(isLockout(buildKeyPolicy({}, env).document, env)).to.equal(false);
        expect(isLockout(buildKeyPolicy({ trustAccountIdentities: false }, env).document, env)).to.equal(false);
    });
});

describe("buildKeyPolicy: the 32 KB guard (beyond CDK)", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:role/some-rather-long-application-role-name-${i}`);
    it("leaves a policy that fits alone", () => {
        const result = buildKeyPolicy({ grants: many(10).map((grantee) => ({ grantee, kind: "encryptDecrypt" })) }, env);
        expect(result.mergedPrincipals).to.equal(false);
        expect(result.document.Statement).to.have.length(11);
    });
    it("merges statements that differ only in principal when the policy would not fit", () => {
        const grants = many(200).map((grantee) => ({ grantee, kind: "encryptDecrypt" }));
        const unmerged = { Version: "2012-10-17", Statement: [rootAll, ...grants.map((g) => ({ Action: ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Effect: "Allow", Principal: { AWS: g.grantee }, Resource: "*" }))] };
        expect(Buffer.byteLength(JSON.stringify(unmerged))).to.be.greaterThan(MAX_KEY_POLICY_BYTES);
        const result = buildKeyPolicy({ grants }, env);
        expect(result.mergedPrincipals).to.equal(true);
        expect(Buffer.byteLength(result.json)).to.be.at.most(MAX_KEY_POLICY_BYTES);
        expect(result.document.Statement).to.have.length(2);
        expect((result.document.Statement[1].Principal as any).AWS).to.deep.equal(many(200));
    });
    it("fails naming the size when merging is not enough", () => {
        const statements = many(400).map((r, i) => ({ Effect: "Allow", Principal: { AWS: r }, Action: `kms:Decrypt`, Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:tenant": `t${i}` } } }));
        rejects(() => buildKeyPolicy({ policyStatements: statements }, env), "policyStatements", /^policyStatements: the key policy is \d+ bytes \(as KMS receives it\) even after merging .* at most 32768 bytes/);
    });
});
