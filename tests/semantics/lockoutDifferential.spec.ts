// A differential test of the lockout guard (provider/src/policy/lockout.ts, through buildKeyPolicy) against
// @cloud-copilot/iam-simulate. Whenever the guard accepts a random policy, the simulator must let the root (through
// the account's IAM, with an administrator identity policy) or the deployer (an assumed-role session with an IAM
// administrator policy) call kms:PutKeyPolicy in every request context the guard treats as possible, and must
// deny neither of them explicitly in any (lockoutOracle.ts lists the contexts). Conversely, hand-picked policies
// the guard refuses really do take kms:PutKeyPolicy from the principal it protects in some possible context.
import { expect } from "chai";
import * as fc from "fast-check";
import { KeyPolicyInput, KmsKeyError, PolicyDocument, PolicyEnv, buildKeyPolicy } from "../../provider/src/policy";
import {
    ACCOUNT, DEPLOYER_PATH_ROLE, DEPLOYER_ROLE, DEPLOYER_SESSION, OTHER_ROLE, ROOT, denyInput, deployEnv, lockoutInput,
} from "./lockoutArbitraries";
import { Probe, Who, expectGuardUpheld, lostControl, possibleProbes, simulatePutKeyPolicy } from "./lockoutOracle";

const ENV: PolicyEnv = { accountId: ACCOUNT, partition: "aws", callerArn: DEPLOYER_SESSION };
const SEED = 20261201;
/** A policy document as JSON would carry it (elements set to undefined dropped). */
const doc = (...Statement: object[]) => JSON.parse(JSON.stringify({ Version: "2012-10-17", Statement })) as PolicyDocument;
const rootAllow = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const deny = (Condition?: object, extra: object = {}) => ({ Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*", ...(Condition ? { Condition } : {}), ...extra });

/** The decision for `who` in the first possible context (now, unknown keys absent), with `context` overriding keys. */
async function decideNow(document: PolicyDocument, who: Who, context: Record<string, string> = {}, principalArn?: string) {
    const probe = possibleProbes(document, ENV, Date.now()).find((p) => p.who === who && (!principalArn || p.context["aws:PrincipalArn"] === principalArn)) as Probe;
    return (await simulatePutKeyPolicy(document, ENV, { ...probe, context: { ...probe.context, ...context } })).decision;
}

describe("lockout guard vs iam-simulate (differential)", function () {
    // About 20k simulations in all (~10 s of CPU); the machine is shared, so allow for a slow wall clock.
    this.timeout(240000);

    describe("what the differential relies on in iam-simulate", () => {
        it("honours every context key the guard reasons about, and the unknown ones used here (none is ignored for kms:PutKeyPolicy)", async () => {
            const cases: [object, Record<string, string>][] = [
                [{ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "false" }],
                [{ DateGreaterThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2099-01-01T00:00:01Z" }],
                [{ NumericGreaterThan: { "aws:EpochTime": "4070908800" } }, { "aws:EpochTime": "4070908801" }],
                [{ StringEquals: { "aws:PrincipalAccount": "444455556666" } }, { "aws:PrincipalAccount": "444455556666" }],
                [{ StringEquals: { "kms:CallerAccount": "444455556666" } }, { "kms:CallerAccount": "444455556666" }],
                [{ StringEquals: { "aws:PrincipalType": "User" } }, { "aws:PrincipalType": "User" }],
                [{ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "10.0.0.0" }],
                [{ StringEquals: { "aws:ResourceTag/team": "prod" } }, { "aws:ResourceTag/team": "prod" }],
            ];
            for (const [condition, context] of cases) {
                const document = doc(rootAllow, deny(condition));
                expect(await decideNow(document, "root"), JSON.stringify(condition)).to.equal("Allowed");
                expect(await decideNow(document, "root", context), JSON.stringify(context)).to.equal("ExplicitlyDenied");
            }
            const byArn = doc(rootAllow, deny({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*/Deployer` } }));
            expect(await decideNow(byArn, "deployer", {}, DEPLOYER_ROLE)).to.equal("Allowed");
            expect(await decideNow(byArn, "deployer", { "aws:PrincipalArn": DEPLOYER_PATH_ROLE })).to.equal("ExplicitlyDenied");
        });

        it("treats the account root in a key policy as the account: an Allow needs the caller's IAM policy, a Deny reaches everyone in it", async () => {
            expect(await decideNow(doc(rootAllow), "root")).to.equal("Allowed");
            expect(await decideNow(doc(rootAllow), "deployer")).to.equal("Allowed");
            for (const id of [ROOT, ACCOUNT]) {
                const document = doc(rootAllow, deny(undefined, { Principal: { AWS: id } }));
                expect(await decideNow(document, "root"), id).to.equal("ExplicitlyDenied");
                expect(await decideNow(document, "deployer"), id).to.equal("ExplicitlyDenied");
            }
        });

        it("matches the deployer's session to its role with or without a path", async () => {
            for (const role of [DEPLOYER_ROLE, DEPLOYER_PATH_ROLE]) {
                const document = doc(rootAllow, deny(undefined, { Principal: { AWS: role } }));
                expect(await decideNow(document, "deployer"), role).to.equal("ExplicitlyDenied");
                expect(await decideNow(document, "root"), role).to.equal("Allowed");
            }
        });

        it("is more lenient than IAM with NotPrincipal (it spares a caller whose account alone is listed), so NotPrincipal refusals are not in the converse below", async () => {
            // IAM: a Deny with NotPrincipal spares a principal only if both it and its account are listed.
            const document = doc(rootAllow, deny(undefined, { Principal: undefined, NotPrincipal: { AWS: ROOT } }));
            expect(await decideNow(document, "deployer")).to.equal("Allowed");
        });
    });

    describe("random policies the guard accepts keep kms:PutKeyPolicy for the root or the deployer in every possible context", () => {
        const seen = { accepted: 0, refused: 0, deny: 0, notPrincipal: 0, notAction: 0, unknownKey: 0, timeKey: 0, probes: 0 };

        /** The differential on one input, counting what it covered. */
        async function differential(input: KeyPolicyInput, env: PolicyEnv): Promise<void> {
            const document = await expectGuardUpheld(input, env);
            if (!document) {
                seen.refused++;
                return;
            }
            seen.accepted++;
            const statements = document.Statement;
            if (statements.some((s) => s.Effect === "Deny")) seen.deny++;
            if (statements.some((s) => s.NotPrincipal !== undefined)) seen.notPrincipal++;
            if (statements.some((s) => s.NotAction !== undefined)) seen.notAction++;
            const keys = statements.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((k) => Object.keys(k).map((key) => key.toLowerCase())));
            if (keys.some((k) => k === "aws:sourceip" || k.startsWith("aws:resourcetag/"))) seen.unknownKey++;
            if (keys.some((k) => k === "aws:currenttime" || k === "aws:epochtime")) seen.timeKey++;
            seen.probes += possibleProbes(document, env, Date.now()).length;
        }

        it("fast-check: buildKeyPolicy accepts ⇒ the simulator allows kms:PutKeyPolicy (and never explicitly denies it to them)", async () => {
            await fc.assert(fc.asyncProperty(lockoutInput, deployEnv, differential), { numRuns: 150, seed: SEED, endOnFailure: true });
        });

        it("fast-check, Denies that cover kms:PutKeyPolicy for them: accepted only when the simulator agrees that no possible context applies them", async () => {
            await fc.assert(fc.asyncProperty(denyInput, deployEnv, differential), { numRuns: 150, seed: SEED, endOnFailure: true });
        });

        it("covered both verdicts and every kind of statement (the property above is not vacuous)", () => {
            expect(seen.accepted, JSON.stringify(seen)).to.be.at.least(40);
            expect(seen.refused, JSON.stringify(seen)).to.be.at.least(40);
            for (const k of ["deny", "notPrincipal", "notAction", "unknownKey", "timeKey"] as const) expect(seen[k], `${k}: ${JSON.stringify(seen)}`).to.be.at.least(3);
        });
    });

    describe("hand-picked policies the guard refuses really lose kms:PutKeyPolicy in some possible context", () => {
        const future = "2099-01-01T00:00:00Z";
        const cases: { name: string; input: KeyPolicyInput; property: string; losers: Who[] }[] = [
            { name: "Deny everyone when TLS is used (true for every deploy)", input: { policyStatements: [deny({ Bool: { "aws:SecureTransport": "true" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny with an empty Condition", input: { policyStatements: [deny({})] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "a time bomb on aws:CurrentTime", input: { policyStatements: [deny({ DateGreaterThan: { "aws:CurrentTime": future } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "a time bomb on aws:EpochTime", input: { policyStatements: [deny({ NumericGreaterThanEquals: { "aws:EpochTime": "4070908800" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny at one instant (DateEquals)", input: { policyStatements: [deny({ DateEquals: { "aws:CurrentTime": future } })] }, property: "policyStatements[0]", losers: ["root"] },
            { name: "Deny the deployer's role under a path", input: { policyStatements: [deny(undefined, { Principal: { AWS: DEPLOYER_PATH_ROLE } })] }, property: "policyStatements[0]", losers: ["deployer"] },
            { name: "Deny roles under any path (the session's role path is unknown)", input: { policyStatements: [deny({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*/Deployer` } })] }, property: "policyStatements[0]", losers: ["deployer"] },
            { name: "Deny assumed roles", input: { policyStatements: [deny({ StringEquals: { "aws:PrincipalType": "AssumedRole" } })] }, property: "policyStatements[0]", losers: ["deployer"] },
            { name: "Deny everyone but another role (by aws:PrincipalArn)", input: { policyStatements: [deny({ StringNotEquals: { "aws:PrincipalArn": OTHER_ROLE } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny everyone but another role (NotPrincipal)", input: { policyStatements: [deny(undefined, { Principal: undefined, NotPrincipal: { AWS: OTHER_ROLE }, Action: "kms:*" })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny the account by id, kms:Put*", input: { policyStatements: [deny(undefined, { Principal: { AWS: ACCOUNT }, Action: "kms:Put*" })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny from a source IP range", input: { policyStatements: [deny({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny when a tag is absent (Null)", input: { policyStatements: [deny({ Null: { "aws:ResourceTag/team": "true" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny when a tag is not prod", input: { policyStatements: [deny({ StringNotEquals: { "aws:ResourceTag/team": "prod" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny when a tag is like pr*", input: { policyStatements: [deny({ StringLike: { "aws:ResourceTag/team": "pr*" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            // Found by the differential: time keys compared as strings, a case-insensitive comparison of the role's ARN,
            // and the role named in another case (IAM names are unique whatever their case; iam-simulate matches a
            // session to its role's name case-insensitively).
            { name: "a time bomb comparing aws:CurrentTime as a string (StringLike 2099-*)", input: { policyStatements: [deny({ StringLike: { "aws:CurrentTime": "2099-*" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "a time bomb comparing aws:CurrentTime as a string (StringEquals)", input: { policyStatements: [deny({ StringEquals: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "a time bomb comparing aws:EpochTime as a string (StringLike 5*)", input: { policyStatements: [deny({ StringLike: { "aws:EpochTime": "5*" } })] }, property: "policyStatements[0]", losers: ["root", "deployer"] },
            { name: "Deny StringEqualsIgnoreCase aws:PrincipalArn of the deployer's role under a path, in another case", input: { policyStatements: [deny({ StringEqualsIgnoreCase: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ops/team/deployer` } })] }, property: "policyStatements[0]", losers: ["deployer"] },
            { name: "Deny the deployer's role named in lower case", input: { policyStatements: [deny(undefined, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` } })] }, property: "policyStatements[0]", losers: ["deployer"] },
            { name: "a custom policy whose root statement allows everything but PutKeyPolicy (NotAction)", input: { policy: doc({ ...rootAllow, Action: undefined, NotAction: "kms:PutKeyPolicy" }) }, property: "policy", losers: ["root", "deployer"] },
            { name: "a custom policy whose root statement needs a source IP", input: { policy: doc({ ...rootAllow, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }) }, property: "policy", losers: ["root", "deployer"] },
            { name: "a custom policy whose root statement expires", input: { policy: doc({ ...rootAllow, Condition: { DateLessThan: { "aws:CurrentTime": future } } }) }, property: "policy", losers: ["root", "deployer"] },
            { name: "a custom policy whose root statement is for another key", input: { policy: doc({ ...rootAllow, Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/other` }) }, property: "policy", losers: ["root", "deployer"] },
            { name: "a custom policy for the deployer's role only without a path", input: { policy: doc({ ...rootAllow, Principal: { AWS: "*" }, Condition: { ArnEquals: { "aws:PrincipalArn": DEPLOYER_ROLE } } }) }, property: "policy", losers: ["deployer"] },
        ];
        for (const { name, input, property, losers } of cases) {
            it(`${name}: refused naming ${property}; ${losers.join(" and ")} lose it`, async () => {
                const document = JSON.parse(buildKeyPolicy({ ...input, bypassPolicyLockoutSafetyCheck: true }, ENV).json);
                for (const who of losers) {
                    expect(await lostControl(document, ENV, Date.now(), who), `${who} in ${JSON.stringify(document)}`).to.not.be.empty;
                }
                expect(() => buildKeyPolicy(input, ENV)).to.throw(KmsKeyError, /lock the account out/).with.property("property", property);
            });
        }
    });
});
