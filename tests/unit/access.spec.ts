// The access summary: who can do what with the key, evaluated from the final key policy and the attached
// identity policies, and checked against @cloud-copilot/iam-simulate for the principals it lists.
import { expect } from "chai";
import { ADMIN_ACTIONS, CAPABILITIES, accessSummary, buildKeyPolicy, planIdentityGrant, resolveKmsGrants, GRANT_ACTIONS } from "../../provider/src/policy";
import { IAM_ADMIN_POLICY, KEY_ARN, decide } from "../semantics/simulator";

const ACCOUNT = "111122223333";
const env = { accountId: ACCOUNT, partition: "aws", region: "us-east-1", callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/session` };
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const role = (n: string, a = ACCOUNT) => `arn:aws:iam::${a}:role/${n}`;

describe("accessSummary", () => {
    it("the default policy: the account root may do everything, delegated to IAM", () => {
        const [entry, ...rest] = accessSummary(buildKeyPolicy({}, env).document, env);
        expect(rest).to.deep.equal([]);
        expect(entry).to.deep.include({ principal: ROOT, type: "AWS", delegatedToIam: true, crossAccount: false, source: "keyPolicy", conditions: [], limitedByDeny: [] });
        expect(entry.capabilities).to.deep.equal(Object.keys(CAPABILITIES));
    });

    it("admins and grants: CDK's admin actions are admin, createGrant, changePolicy and scheduleDeletion, and no cryptography", () => {
        const policy = buildKeyPolicy({
            admins: [role("KeyAdmin")],
            grants: [{ grantee: role("Reader", "444455556666"), kind: "decrypt" }, { grantee: role("Writer", "444455556666"), kind: "encrypt" },
                { grantee: "*", kind: "decrypt", viaService: "s3" }],
        }, env).document;
        const byPrincipal = Object.fromEntries(accessSummary(policy, env).map((e) => [e.principal, e]));
        expect(byPrincipal[role("KeyAdmin")].capabilities).to.deep.equal(["admin", "createGrant", "changePolicy", "scheduleDeletion"]);
        expect(byPrincipal[role("Reader", "444455556666")]).to.deep.include({ capabilities: ["decrypt"], crossAccount: true });
        // kms:ReEncrypt* in `encrypt` includes ReEncryptFrom: re-encrypting this key's ciphertext is as good as decrypting it.
        expect(byPrincipal[role("Writer", "444455556666")].capabilities).to.deep.equal(["encrypt", "decrypt"]);
        expect(byPrincipal["*"]).to.deep.include({ type: "*", capabilities: ["decrypt"] });
        expect(byPrincipal["*"].conditions).to.deep.equal([{ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } }]);
    });

    it("evaluates wildcards, NotAction and Deny rather than matching patterns", () => {
        const policy = { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: role("Ops") }, NotAction: ["kms:Decrypt", "kms:ReEncrypt*", "kms:Put*"], Resource: "*" },
            { Effect: "Allow", Principal: { AWS: role("Signer") }, Action: "kms:S*", Resource: "*" },
            { Effect: "Deny", Principal: { AWS: role("Signer") }, Action: "kms:ScheduleKeyDeletion", Resource: "*" },
            { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ] } as never;
        const byPrincipal = Object.fromEntries(accessSummary(policy, env).map((e) => [e.principal, e]));
        expect(byPrincipal[role("Ops")].capabilities).to.deep.equal(["encrypt", "sign", "verify", "generateMac", "verifyMac", "createGrant", "scheduleDeletion"]);
        expect(byPrincipal[role("Signer")].capabilities).to.deep.equal(["sign"]);
        expect(byPrincipal[role("Signer")].limitedByDeny).to.deep.equal([{ Bool: { "aws:SecureTransport": "false" } }]);
    });

    it("lists the identity policies the grant methods attached", () => {
        const target = { keyArn: KEY_ARN, account: ACCOUNT, partition: "aws", owned: true };
        const { document } = planIdentityGrant(target, role("Worker"), GRANT_ACTIONS.signVerify);
        const entries = accessSummary(buildKeyPolicy({}, env).document, env, [{ principal: role("Worker"), document }], KEY_ARN);
        expect(entries[1]).to.deep.include({ principal: role("Worker"), source: "identityPolicy", capabilities: ["sign", "verify"], delegatedToIam: false });
    });

    it("lists each KMS grant's grantee with the capabilities of its operations, its constraint as the condition", () => {
        const grants = resolveKmsGrants([
            { grantee: role("Reader"), operations: ["Decrypt", "DescribeKey"], constraints: { encryptionContextSubset: { app: "orders" } } },
            { grantee: "444455556666", operations: ["GenerateDataKey", "CreateGrant", "RetireGrant"], constraints: { encryptionContextEquals: { tenant: "a" } } },
            { grantee: role("Signer"), operations: ["ReEncryptFrom"] },
            // DescribeKey and RetireGrant give no capability: no entry.
            { grantee: role("Describer"), operations: ["DescribeKey", "RetireGrant"] },
        ], { partition: "aws" });
        const entries = accessSummary(buildKeyPolicy({}, env).document, env, [], undefined, grants);
        expect(entries.map((e) => [e.principal, e.source, e.capabilities, e.conditions])).to.deep.equal([
            [ROOT, "keyPolicy", Object.keys(CAPABILITIES), []],
            [role("Reader"), "kmsGrant", ["decrypt"], [{ EncryptionContextSubset: { app: "orders" } }]],
            ["arn:aws:iam::444455556666:root", "kmsGrant", ["encrypt", "createGrant"], [{ EncryptionContextEquals: { tenant: "a" } }]],
            // ReEncryptFrom turns the key's ciphertext into another key's: decrypt.
            [role("Signer"), "kmsGrant", ["decrypt"], []],
        ]);
        expect(entries[2]).to.deep.include({ type: "AWS", crossAccount: true, delegatedToIam: false, limitedByDeny: [] });
        expect(entries[1]).to.deep.include({ crossAccount: false, delegatedToIam: false });
    });

    it("a key policy Deny naming a grantee takes a grant's capability away (unconditional) or limits it (conditional)", () => {
        const grants = resolveKmsGrants([
            { grantee: role("Reader"), operations: ["Decrypt", "Encrypt"] }, { grantee: role("Writer"), operations: ["Encrypt"] },
        ], { partition: "aws" });
        const policy = { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
            { Effect: "Deny", Principal: { AWS: role("Reader") }, Action: "kms:Decrypt", Resource: "*" },
            { Effect: "Deny", Principal: "*", Action: "kms:Encrypt", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ] } as never;
        const byPrincipal = Object.fromEntries(accessSummary(policy, env, [], undefined, grants).filter((e) => e.source === "kmsGrant").map((e) => [e.principal, e]));
        expect(byPrincipal[role("Reader")]).to.deep.include({ capabilities: ["encrypt"], limitedByDeny: [{ Bool: { "aws:SecureTransport": "false" } }] });
        expect(byPrincipal[role("Writer")]).to.deep.include({ capabilities: ["encrypt"], limitedByDeny: [{ Bool: { "aws:SecureTransport": "false" } }] });
    });

    it("agrees with iam-simulate for every principal it lists without conditions (key policy only)", async () => {
        const policy = buildKeyPolicy({
            admins: [role("KeyAdmin", "444455556666")],
            grants: [{ grantee: role("Reader", "444455556666"), kind: "decrypt" }, { grantee: role("Mac", "444455556666"), actions: ["kms:GenerateMac", "kms:Verify*"] },
                { grantee: role("LocalSigner"), kind: "signVerify" }, { grantee: role("LocalOps"), actions: ["kms:Describe*", "kms:Create*"] }],
            policyStatements: [{ Effect: "Deny", Principal: { AWS: role("KeyAdmin", "444455556666") }, Action: "kms:CreateGrant", Resource: "*" }],
        }, env).document;
        for (const entry of accessSummary(policy, env)) {
            if (entry.delegatedToIam || entry.conditions.length) continue;
            for (const [capability, { all, any }] of Object.entries(CAPABILITIES)) {
                // A principal of another account also needs its own IAM policy: give it an IAM administrator's.
                const caller = { principal: entry.principal, identityPolicies: entry.crossAccount ? [IAM_ADMIN_POLICY] : [] };
                const decisions = await Promise.all((all ?? any!).map((a) => decide(policy, caller, a)));
                const expected = all ? decisions.every((d) => d === "Allowed") : decisions.some((d) => d === "Allowed");
                expect(entry.capabilities.includes(capability as never), `${entry.principal} ${capability}`).to.equal(expected);
            }
        }
        expect(ADMIN_ACTIONS).to.include("kms:Create*");
    });
});
