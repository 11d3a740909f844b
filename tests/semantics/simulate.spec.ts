// Policy meaning, not just shape: the key policies KmsKey generates, evaluated with @cloud-copilot/iam-simulate
// for real requests on the key (arn:aws:kms:us-east-1:111122223333:key/abcd). The expected action sets are
// written out by hand from the CDK action lists in the doc (§4), not computed from our own lists.
import { expect } from "chai";
import { GRANT_ACTIONS, KeyPolicyInput, buildKeyPolicy, planIdentityGrant } from "../../provider/src/policy";
import { POLICY_ENV } from "../support/cdkScenario";
import { IAM_ADMIN_POLICY, KEY_ACTIONS, KEY_ARN, allowedActions, decide, identityPolicy } from "./simulator";

const ACCOUNT = "111122223333";
const PARTNER = "444455556666";
const STRANGER_ACCOUNT = "999988887777";
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const DEPLOYER_SESSION = POLICY_ENV.callerArn;

const policyOf = (input: KeyPolicyInput) => buildKeyPolicy(input, POLICY_ENV).document;

/** CDK's 14 admin actions (doc §4) matched against every key action, by hand. */
const ADMIN_ALLOWED = [
    "kms:CancelKeyDeletion", "kms:CreateGrant", "kms:DeleteImportedKeyMaterial", "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation",
    "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetParametersForImport", "kms:GetPublicKey",
    "kms:ListGrants", "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:ScheduleKeyDeletion",
    "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion",
];
/** grantEncryptDecrypt: kms:Decrypt, kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey*. */
const ENCRYPT_DECRYPT_ALLOWED = [
    "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo",
];
/** CDK v1's legacy root statement (doc §3): the admin actions plus exactly kms:GenerateDataKey. */
const LEGACY_ALLOWED = [...ADMIN_ALLOWED, "kms:GenerateDataKey"].sort();

describe("iam-simulate: what generated key policies allow", function () {
    this.timeout(60000);

    describe("the default policy (CDK v2: the account root gets kms:*)", () => {
        const policy = policyOf({});

        it("a role in the account with no identity policy may do nothing: the root statement alone allows no one", async () => {
            expect(await allowedActions(policy, { principal: role("Stranger") }, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("the root statement lets the account's IAM policies grant access, exactly what they allow", async () => {
            const caller = { principal: role("Reader"), identityPolicies: [identityPolicy(["kms:Decrypt", "kms:DescribeKey"])] };
            expect(await allowedActions(policy, caller, KEY_ACTIONS)).to.deep.equal(["kms:Decrypt", "kms:DescribeKey"]);
            const iamAdmin = { principal: role("IamAdmin"), identityPolicies: [IAM_ADMIN_POLICY] };
            expect(await allowedActions(policy, iamAdmin, KEY_ACTIONS)).to.deep.equal([...KEY_ACTIONS]);
        });

        it("an identity policy for another key gives nothing on this one", async () => {
            const caller = { principal: role("Reader"), identityPolicies: [identityPolicy(["kms:*"], `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`)] };
            expect(await allowedActions(policy, caller, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("a stranger from another account may do nothing, even as an IAM administrator of its own account", async () => {
            const stranger = { principal: role("Intruder", STRANGER_ACCOUNT), identityPolicies: [IAM_ADMIN_POLICY] };
            expect(await allowedActions(policy, stranger, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("the deployer (an IAM administrator) keeps kms:PutKeyPolicy: no lockout", async () => {
            expect(await decide(policy, { principal: DEPLOYER_SESSION, identityPolicies: [IAM_ADMIN_POLICY] }, "kms:PutKeyPolicy")).to.equal("Allowed");
        });
    });

    describe("admins and grants", () => {
        it("an admin may manage the key (kms:ScheduleKeyDeletion, kms:PutKeyPolicy) but not use it (kms:Decrypt), with no identity policy", async () => {
            const policy = policyOf({ admins: [role("KeyAdmin")] });
            const admin = { principal: role("KeyAdmin") };
            expect(await decide(policy, admin, "kms:ScheduleKeyDeletion")).to.equal("Allowed");
            expect(await decide(policy, admin, "kms:Decrypt")).to.equal("ImplicitlyDenied");
            expect(await allowedActions(policy, admin, KEY_ACTIONS)).to.deep.equal(ADMIN_ALLOWED);
            // A session of the admin role is the role, for a key policy naming the role.
            expect(await allowedActions(policy, { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/KeyAdmin/alice` }, KEY_ACTIONS)).to.deep.equal(ADMIN_ALLOWED);
        });

        it("an encryptDecrypt grantee may kms:Decrypt but not kms:PutKeyPolicy", async () => {
            const policy = policyOf({ grants: [{ grantee: role("App"), kind: "encryptDecrypt" }] });
            const app = { principal: role("App") };
            expect(await decide(policy, app, "kms:Decrypt")).to.equal("Allowed");
            expect(await decide(policy, app, "kms:PutKeyPolicy")).to.equal("ImplicitlyDenied");
            expect(await allowedActions(policy, app, KEY_ACTIONS)).to.deep.equal(ENCRYPT_DECRYPT_ALLOWED);
            expect(await allowedActions(policy, { principal: role("Other") }, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("encrypt and decrypt grants split the encryptDecrypt actions", async () => {
            const policy = policyOf({ grants: [{ grantee: role("Writer"), kind: "encrypt" }, { grantee: role("Reader"), kind: "decrypt" }] });
            expect(await allowedActions(policy, { principal: role("Reader") }, KEY_ACTIONS)).to.deep.equal(["kms:Decrypt"]);
            expect(await allowedActions(policy, { principal: role("Writer") }, KEY_ACTIONS))
                .to.deep.equal(ENCRYPT_DECRYPT_ALLOWED.filter((a) => a !== "kms:Decrypt"));
        });

        it("sign/verify grant kinds (as for an RSA or ECC signing key)", async () => {
            const policy = policyOf({ grants: [
                { grantee: role("Signer"), kind: "signVerify" }, { grantee: role("SignOnly"), kind: "sign" }, { grantee: role("Checker"), kind: "verify" },
            ] });
            expect(await allowedActions(policy, { principal: role("Signer") }, KEY_ACTIONS)).to.deep.equal(["kms:Sign", "kms:Verify"]);
            expect(await allowedActions(policy, { principal: role("SignOnly") }, KEY_ACTIONS)).to.deep.equal(["kms:Sign"]);
            expect(await allowedActions(policy, { principal: role("Checker") }, KEY_ACTIONS)).to.deep.equal(["kms:Verify"]);
        });

        it("MAC grant kinds (as for an HMAC key)", async () => {
            const policy = policyOf({ grants: [{ grantee: role("Minter"), kind: "generateMac" }, { grantee: role("Checker"), kind: "verifyMac" }] });
            expect(await allowedActions(policy, { principal: role("Minter") }, KEY_ACTIONS)).to.deep.equal(["kms:GenerateMac"]);
            expect(await allowedActions(policy, { principal: role("Checker") }, KEY_ACTIONS)).to.deep.equal(["kms:VerifyMac"]);
        });

        it("an admin-kind grant equals an admin", async () => {
            const policy = policyOf({ grants: [{ grantee: role("Ops"), kind: "admin" }] });
            expect(await allowedActions(policy, { principal: role("Ops") }, KEY_ACTIONS)).to.deep.equal(ADMIN_ALLOWED);
        });

        it("a service principal grant allows the service, and only its actions", async () => {
            const policy = policyOf({ grants: [{ grantee: "logs.amazonaws.com", kind: "encrypt" }] });
            expect(await decide(policy, { principal: "logs.amazonaws.com" }, "kms:Encrypt")).to.equal("Allowed");
            expect(await decide(policy, { principal: "logs.amazonaws.com" }, "kms:Decrypt")).to.equal("ImplicitlyDenied");
            expect(await decide(policy, { principal: "s3.amazonaws.com" }, "kms:Encrypt")).to.equal("ImplicitlyDenied");
        });

        it("a grantee in another account needs the key-policy grant and its own identity policy", async () => {
            const policy = policyOf({ grants: [{ grantee: role("Partner", PARTNER), kind: "decrypt" }] });
            expect(await decide(policy, { principal: role("Partner", PARTNER) }, "kms:Decrypt")).to.equal("ImplicitlyDenied");
            const withIdentity = { principal: role("Partner", PARTNER), identityPolicies: [IAM_ADMIN_POLICY] };
            expect(await allowedActions(policy, withIdentity, KEY_ACTIONS)).to.deep.equal(["kms:Decrypt"]);
            const otherRole = { principal: role("Else", PARTNER), identityPolicies: [IAM_ADMIN_POLICY] };
            expect(await allowedActions(policy, otherRole, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("a grant to another account lets that account's IAM policies allow exactly the granted actions", async () => {
            const policy = policyOf({ grants: [{ grantee: PARTNER, kind: "encryptDecrypt" }] });
            expect(await allowedActions(policy, { principal: role("Any", PARTNER), identityPolicies: [IAM_ADMIN_POLICY] }, KEY_ACTIONS))
                .to.deep.equal(ENCRYPT_DECRYPT_ALLOWED);
            expect(await allowedActions(policy, { principal: role("Any", PARTNER) }, KEY_ACTIONS)).to.deep.equal([]);
            expect(await allowedActions(policy, { principal: role("Any", STRANGER_ACCOUNT), identityPolicies: [IAM_ADMIN_POLICY] }, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("a grant to \"*\" restricted by the organization allows its members and nobody else, even an IAM administrator elsewhere", async () => {
            const org = { "aws:PrincipalOrgID": "o-a1b2c3d4e5" };
            const policy = policyOf({ grants: [{ grantee: "*", kind: "verify", conditions: { StringEquals: org } }] });
            expect(await allowedActions(policy, { principal: role("Member"), context: org }, KEY_ACTIONS)).to.deep.equal(["kms:Verify"]);
            const outsider = { principal: role("Anyone", STRANGER_ACCOUNT), identityPolicies: [IAM_ADMIN_POLICY], context: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" } };
            expect(await decide(policy, outsider, "kms:Verify")).to.equal("ImplicitlyDenied");
        });

        it("a grant to \"*\" with viaService allows only calls through that service from the key's account (the AWS managed key pattern)", async () => {
            const policy = policyOf({ grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }] });
            const viaS3 = { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT };
            expect(await decide(policy, { principal: role("App"), context: viaS3 }, "kms:Decrypt")).to.equal("Allowed");
            expect(await decide(policy, { principal: role("App"), context: { ...viaS3, "kms:ViaService": "ec2.us-east-1.amazonaws.com" } }, "kms:Decrypt")).to.equal("ImplicitlyDenied");
            const stranger = { principal: role("Anyone", STRANGER_ACCOUNT), identityPolicies: [IAM_ADMIN_POLICY], context: { ...viaS3, "kms:CallerAccount": STRANGER_ACCOUNT } };
            expect(await decide(policy, stranger, "kms:Decrypt")).to.equal("ImplicitlyDenied");
        });

        it("a grant method's identity policy (planIdentityGrant) gives a same-account role exactly its actions, through the root statement", async () => {
            const policy = policyOf({});
            const target = { keyArn: KEY_ARN, account: ACCOUNT, partition: "aws", owned: true };
            const { document } = planIdentityGrant(target, role("Worker"), GRANT_ACTIONS.decrypt);
            expect(await allowedActions(policy, { principal: role("Worker"), identityPolicies: [document] }, KEY_ACTIONS)).to.deep.equal(["kms:Decrypt"]);
            const signer = planIdentityGrant(target, role("Worker"), GRANT_ACTIONS.signVerify).document;
            expect(await allowedActions(policy, { principal: role("Worker"), identityPolicies: [signer] }, KEY_ACTIONS)).to.deep.equal(["kms:Sign", "kms:Verify"]);
            // In legacy mode the root statement only trusts IAM for the legacy actions: the identity policy cannot give Decrypt.
            const legacy = policyOf({ trustAccountIdentities: false });
            expect(await allowedActions(legacy, { principal: role("Worker"), identityPolicies: [document] }, KEY_ACTIONS)).to.deep.equal([]);
        });
    });

    describe("legacy mode (trustAccountIdentities: false, CDK v1)", () => {
        const policy = policyOf({ trustAccountIdentities: false });

        it("the account's IAM administrators may manage the key and kms:GenerateDataKey, but not decrypt, encrypt or sign", async () => {
            const iamAdmin = { principal: DEPLOYER_SESSION, identityPolicies: [IAM_ADMIN_POLICY] };
            expect(await allowedActions(policy, iamAdmin, KEY_ACTIONS)).to.deep.equal(LEGACY_ALLOWED);
            expect(await decide(policy, iamAdmin, "kms:Decrypt")).to.equal("ImplicitlyDenied");
        });

        it("without an identity policy, nobody may do anything", async () => {
            expect(await allowedActions(policy, { principal: role("Stranger") }, KEY_ACTIONS)).to.deep.equal([]);
        });

        it("use must be granted in the key policy", async () => {
            const granted = policyOf({ trustAccountIdentities: false, grants: [{ grantee: role("App"), kind: "decrypt" }] });
            expect(await allowedActions(granted, { principal: role("App") }, KEY_ACTIONS)).to.deep.equal(["kms:Decrypt"]);
        });
    });

    describe("custom policies and statements", () => {
        const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
        const custom = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } } },
            ],
        };

        it("a conditional statement allows only requests that meet its conditions", async () => {
            const policy = policyOf({ policy: custom });
            const viaS3 = { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT };
            expect(await decide(policy, { principal: role("App"), context: viaS3 }, "kms:Decrypt")).to.equal("Allowed");
            expect(await decide(policy, { principal: role("App") }, "kms:Decrypt")).to.equal("ImplicitlyDenied");
            expect(await decide(policy, { principal: role("App"), context: { ...viaS3, "kms:ViaService": "sqs.us-east-1.amazonaws.com" } }, "kms:Decrypt"))
                .to.equal("ImplicitlyDenied");
            expect(await decide(policy, { principal: role("App"), context: viaS3 }, "kms:Encrypt")).to.equal("ImplicitlyDenied");
        });

        it("a custom policy without the root statement gives IAM policies nothing", async () => {
            const policy = policyOf({ policy: { Version: "2012-10-17", Statement: [
                { Effect: "Allow", Principal: { AWS: role("Deployer") }, Action: "kms:*", Resource: "*" },
            ] } });
            expect(await allowedActions(policy, { principal: role("IamAdmin"), identityPolicies: [IAM_ADMIN_POLICY] }, KEY_ACTIONS)).to.deep.equal([]);
            // ...but the deployer's role is named, so the deployer keeps control (which is why the guard accepts it).
            expect(await decide(policy, { principal: DEPLOYER_SESSION }, "kms:PutKeyPolicy")).to.equal("Allowed");
        });

        it("an extra Deny statement wins over an admin's Allow, and does not lock out the deployer", async () => {
            const policy = policyOf({
                admins: [role("KeyAdmin")],
                policyStatements: [{ Effect: "Deny", Principal: { AWS: role("KeyAdmin") }, Action: "kms:ScheduleKeyDeletion", Resource: "*" }],
            });
            expect(await decide(policy, { principal: role("KeyAdmin") }, "kms:ScheduleKeyDeletion")).to.equal("ExplicitlyDenied");
            expect(await decide(policy, { principal: role("KeyAdmin") }, "kms:DisableKey")).to.equal("Allowed");
            expect(await decide(policy, { principal: DEPLOYER_SESSION, identityPolicies: [IAM_ADMIN_POLICY] }, "kms:PutKeyPolicy")).to.equal("Allowed");
        });
    });
});
