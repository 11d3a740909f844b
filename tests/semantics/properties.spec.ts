// Property-based tests (fast-check) of the key policy over random valid inputs: random admins, grants of
// every kind and of explicit actions, extra statements, custom policies (objects and JSON text), both trust
// modes. Every generated policy is valid JSON; it fits KMS's 32 KB or is rejected saying so; it is never a
// lockout (checked with isLockout and, independently, with iam-simulate); admins never get data-plane actions.
import { expect } from "chai";
import * as fc from "fast-check";
import {
    ADMIN_ACTIONS, DATA_PLANE_ACTIONS, KeyPolicyInput, KmsKeyError, MAX_KEY_POLICY_BYTES, POLICY_VERSION, PolicyDocument, actionMatches,
    assembledPolicy, buildKeyPolicy, findLockout, mergePrincipals, policyBytes,
} from "../../provider/src/policy";
import { grantKindValues } from "../../provider/src/schemaTypes";
import { CALLER_ARN, POLICY_ENV } from "../support/cdkScenario";
import { DATA_PLANE_KEY_ACTIONS, IAM_ADMIN_POLICY, KEY_ARN, decide } from "./simulator";

const ACCOUNT = "111122223333";
const isLockout = (document: PolicyDocument, e: typeof env) => findLockout(document.Statement, e) !== undefined;
/** The policy the guards judge: as assembled from the inputs, before the guards. */
const unguardedPolicy = (i: KeyPolicyInput) => assembledPolicy(i, env);
const env = POLICY_ENV;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const SEED = 20261128;

// ---- generators ----
const account = fc.constantFrom(ACCOUNT, "444455556666", "777788889999");
const name = fc.constantFrom("App", "Ops", "Deployer", "Reader", "svc-x_1");
const iamArn = fc.oneof(
    fc.tuple(account, name).map(([a, n]) => `arn:aws:iam::${a}:role/${n}`),
    fc.tuple(account, name).map(([a, n]) => `arn:aws:iam::${a}:user/${n}`),
    fc.tuple(account, name).map(([a, n]) => `arn:aws:sts::${a}:assumed-role/${n}/s1`),
    account.map((a) => `arn:aws:iam::${a}:root`),
);
/** Our principal strings: IAM ARN, account id, service, "*". */
const principal = fc.oneof(
    { weight: 5, arbitrary: iamArn },
    { weight: 2, arbitrary: account },
    { weight: 1, arbitrary: fc.constantFrom("logs.amazonaws.com", "s3.amazonaws.com") },
    { weight: 1, arbitrary: fc.constant(CALLER_ARN) },
);
const kmsAction = fc.constantFrom(
    "kms:*", "kms:Put*", "kms:PutKeyPolicy", "kms:Decrypt", "kms:Encrypt", "kms:Describe*", "kms:Get*", "kms:GenerateDataKey*",
    "kms:Sign", "kms:ScheduleKeyDeletion", "kms:Create*", "kms:Re*", "*",
);
const actions = fc.array(kmsAction, { minLength: 1, maxLength: 4 });
const grant = fc.oneof(
    fc.record({ grantee: principal, kind: fc.constantFrom(...grantKindValues) }),
    fc.record({ grantee: principal, actions }),
);
const manyAccounts = (n: number, salt: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i * 7919 + salt));
/** Mostly a few grants; sometimes hundreds, to reach KMS's 32 KB limit (merged or not). */
const grants = fc.oneof(
    { weight: 9, arbitrary: fc.array(grant, { maxLength: 8 }) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 150, max: 1300 }), fc.integer({ min: 0, max: 7000 }), fc.constantFrom("decrypt", "encryptDecrypt", "admin"), fc.boolean())
        .map(([n, salt, kind, roles]) => manyAccounts(n, salt).map((a) => ({ grantee: roles ? `arn:aws:iam::${a}:role/Consumer-${salt}` : a, kind }))) },
);
const awsId = fc.oneof(iamArn, account, fc.constant("*"));
const principalBlock = fc.oneof(
    fc.constant("*" as unknown),
    fc.record({ AWS: fc.oneof(awsId, fc.array(awsId, { minLength: 1, maxLength: 3 })) }),
    fc.record({ Service: fc.constantFrom("logs.amazonaws.com", "s3.amazonaws.com") }),
);
// Conditions that do not hold for a request without context (so a conditional Deny never bites the
// deployer; isLockout deliberately only counts unconditional statements).
const condition = fc.constantFrom(
    { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    { StringEquals: { "aws:PrincipalAccount": "777788889999" } },
    { Bool: { "aws:SecureTransport": "false" } },
);
// NotPrincipal is left out on purpose: see the "NotPrincipal" test below (a known false negative of the guard).
const statement = fc.record({
    effect: fc.constantFrom("Allow", "Deny"),
    principal: principalBlock,
    notAction: fc.boolean(),
    actions,
    resource: fc.constantFrom<unknown>("*", ["*"], KEY_ARN),
    condition: fc.option(condition, { nil: undefined }),
    sid: fc.option(fc.constantFrom("A", "B1"), { nil: undefined }),
}).map(({ effect, principal: p, notAction, actions: a, resource, condition: c, sid }) => ({
    ...(sid ? { Sid: sid } : {}),
    Effect: effect,
    Principal: p,
    [notAction ? "NotAction" : "Action"]: a.length === 1 ? a[0] : a,
    Resource: resource,
    ...(c ? { Condition: c } : {}),
}));
const rootAll = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const customPolicy = fc.record({ withRoot: fc.boolean(), statements: fc.array(statement, { maxLength: 4 }), asText: fc.boolean() })
    .map(({ withRoot, statements, asText }) => {
        const document = { Version: POLICY_VERSION, Statement: [...(withRoot ? [rootAll] : []), ...statements] };
        return asText ? JSON.stringify(document) : document;
    });
const input: fc.Arbitrary<KeyPolicyInput> = fc.record({
    trustAccountIdentities: fc.option(fc.boolean(), { nil: undefined }),
    policy: fc.option(customPolicy, { nil: undefined }),
    admins: fc.option(fc.array(principal, { maxLength: 4 }), { nil: undefined }),
    grants: fc.option(grants, { nil: undefined }),
    policyStatements: fc.option(fc.array(statement, { maxLength: 4 }), { nil: undefined }),
});

type Outcome = { ok: true; json: string; document: PolicyDocument; merged: boolean } | { ok: false; error: KmsKeyError };

function build(i: KeyPolicyInput): Outcome {
    try {
        const p = buildKeyPolicy(i, env);
        return { ok: true, json: p.json, document: p.document, merged: p.mergedPrincipals };
    } catch (e) {
        expect(e, `not a KmsKeyError: ${e}`).to.be.instanceOf(KmsKeyError);
        return { ok: false, error: e as KmsKeyError };
    }
}

const LOCKOUT = /would lock the account out of its key/;
const SIZE = /the key policy is (\d+) bytes \(as KMS receives it\) even after merging .* at most 32768 bytes/;
const PUBLIC = /an Allow to everyone \("\*"\) would let anyone/;
const DUPLICATE_SID = /KMS refuses a key policy with duplicate Sids/;

function statementActions(s: { Action?: unknown }): string[] {
    return s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action as string];
}

describe("properties of generated key policies (fast-check)", function () {
    this.timeout(120000);

    it("valid JSON, at most 32 KB or rejected for its size, never a lockout; every rejection justified", () => {
        const seen = { accepted: 0, merged: 0, lockout: 0, size: 0, public: 0 };
        fc.assert(fc.property(input, (i) => {
            const out = build(i);
            if (!out.ok) {
                // Valid inputs are only ever rejected by the guards, and each rejection must be true.
                if (PUBLIC.test(out.error.message) || DUPLICATE_SID.test(out.error.message)) {
                    seen.public++;
                } else if (LOCKOUT.test(out.error.message)) {
                    seen.lockout++;
                    expect(isLockout(unguardedPolicy(i), env)).to.equal(true);
                } else {
                    expect(out.error.message).to.match(SIZE);
                    seen.size++;
                    // The statements as assembled, unmerged: the same inputs with the guards out of the way.
                    const unguarded = unguardedPolicy(i);
                    const merged = { Version: POLICY_VERSION, Statement: mergePrincipals(unguarded.Statement) };
                    expect(policyBytes(unguarded)).to.be.greaterThan(MAX_KEY_POLICY_BYTES);
                    expect(policyBytes(merged)).to.be.greaterThan(MAX_KEY_POLICY_BYTES);
                    expect(Number(SIZE.exec(out.error.message)![1])).to.equal(policyBytes(merged));
                }
                return;
            }
            seen.accepted++;
            if (out.merged) seen.merged++;
            const parsed = JSON.parse(out.json);
            expect(parsed).to.deep.equal(out.document);
            expect(parsed.Version).to.equal("2012-10-17");
            expect(parsed.Statement).to.be.an("array").that.is.not.empty;
            for (const s of parsed.Statement) {
                expect(s.Effect).to.be.oneOf(["Allow", "Deny"]);
                expect(s.Principal ?? s.NotPrincipal, "principal").to.not.equal(undefined);
                expect(s.Action ?? s.NotAction, "action").to.not.equal(undefined);
                expect(s.Resource ?? s.NotResource, "resource").to.not.equal(undefined);
            }
            expect(Buffer.byteLength(out.json, "utf8")).to.be.at.most(MAX_KEY_POLICY_BYTES);
            expect(isLockout(out.document, env)).to.equal(false);
        }), { numRuns: 200, seed: SEED });
        // The generators must reach every outcome, or the property proves little.
        expect(seen.accepted, JSON.stringify(seen)).to.be.at.least(45);
        expect(seen.merged, JSON.stringify(seen)).to.be.at.least(1);
        expect(seen.lockout, JSON.stringify(seen)).to.be.at.least(5);
        expect(seen.size, JSON.stringify(seen)).to.be.at.least(1);
        expect(seen.public, JSON.stringify(seen)).to.be.at.least(1);
    });

    it("never a lockout, re-checked with iam-simulate: the deployer (an IAM administrator) may still kms:PutKeyPolicy", async () => {
        let checked = 0;
        await fc.assert(fc.asyncProperty(input, async (i) => {
            const out = build(i);
            if (!out.ok) return;
            checked++;
            const decision = await decide(out.document, { principal: CALLER_ARN, identityPolicies: [IAM_ADMIN_POLICY] }, "kms:PutKeyPolicy");
            expect(decision, out.json.slice(0, 2000)).to.equal("Allowed");
        }), { numRuns: 200, seed: SEED + 1 });
        expect(checked).to.be.at.least(45);
    });

    it("admins' statements contain no data-plane action", () => {
        fc.assert(fc.property(fc.array(principal, { minLength: 1, maxLength: 6 }), fc.option(fc.boolean(), { nil: undefined }), (admins, trust) => {
            // The admins' statements follow the one base statement (root kms:*, or the legacy root statement).
            const alone = unguardedPolicy({ admins, trustAccountIdentities: trust }).Statement;
            const adminStatements = alone.slice(1);
            expect(adminStatements.length).to.be.at.least(1);
            for (const s of adminStatements) {
                expect(statementActions(s)).to.deep.equal([...ADMIN_ACTIONS]);
                for (const pattern of statementActions(s)) {
                    const hit = DATA_PLANE_ACTIONS.find((a) => actionMatches(pattern, a));
                    expect(hit, `${pattern} matches data-plane ${hit}`).to.equal(undefined);
                }
            }
        }), { numRuns: 200, seed: SEED + 2 });
    });

    it("admins never receive data-plane actions, by iam-simulate: adding admins allows an admin no cryptographic operation", async () => {
        const adminPrincipal = fc.tuple(fc.constantFrom(ACCOUNT, "444455556666"), fc.integer({ min: 1, max: 3 }))
            .map(([a, n]) => `arn:aws:iam::${a}:role/KeyAdmin-${n}`);
        let checked = 0;
        await fc.assert(fc.asyncProperty(input, fc.array(adminPrincipal, { minLength: 1, maxLength: 2 }), async (i, admins) => {
            const out = build({ ...i, admins: [...(Array.isArray(i.admins) ? i.admins : []), ...admins] });
            if (!out.ok) return;
            checked++;
            const without = unguardedPolicy({ ...i, admins: i.admins });
            for (const admin of admins) {
                for (const action of DATA_PLANE_KEY_ACTIONS) {
                    const caller = { principal: admin };
                    const withAdmins = await decide(out.document, caller, action);
                    if (withAdmins === "Allowed") {
                        // Only if something other than the admins input allows it.
                        expect(await decide(without, caller, action), `${admin} ${action}`).to.equal("Allowed");
                    }
                }
            }
        }), { numRuns: 60, seed: SEED + 3 });
        expect(checked).to.be.at.least(10);
    });

    describe("never a lockout: an example the random statements leave out", () => {
        // A Deny statement with NotPrincipal applies to everyone *not* listed, here the account root and the
        // deployer, so it takes kms:PutKeyPolicy away from both and KMS refuses the policy.
        it("a Deny with NotPrincipal that spares neither the root nor the deployer is rejected as a lockout", async () => {
            const i: KeyPolicyInput = {
                policyStatements: [{ Effect: "Deny", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` }, Action: "kms:*", Resource: "*" }],
            };
            const unguarded = unguardedPolicy(i);
            // Independently: the deployer, an IAM administrator, can no longer change the policy.
            expect(await decide(unguarded, { principal: CALLER_ARN, identityPolicies: [IAM_ADMIN_POLICY] }, "kms:PutKeyPolicy")).to.equal("ExplicitlyDenied");
            expect(isLockout(unguarded, env), "isLockout").to.equal(true);
            expect(() => buildKeyPolicy(i, env)).to.throw(KmsKeyError, LOCKOUT);
        });

        it("a Deny with NotPrincipal that spares the deployer's role is not a lockout", async () => {
            const i: KeyPolicyInput = {
                policyStatements: [{ Effect: "Deny", NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/Deployer`, CALLER_ARN, ROOT] }, Action: "kms:Decrypt", Resource: "*" }],
            };
            const policy = buildKeyPolicy(i, env).document;
            expect(await decide(policy, { principal: CALLER_ARN, identityPolicies: [IAM_ADMIN_POLICY] }, "kms:PutKeyPolicy")).to.equal("Allowed");
        });
    });
});
