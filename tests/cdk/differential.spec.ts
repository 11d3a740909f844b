// Differential test against the real AWS CDK v2 (aws-cdk-lib 2.276.0): each scenario of scenarios.ts is
// synthesized with CDK and run through KmsKey's pure core (and, for most, the KmsKey component under
// Pulumi mocks). Both must accept or reject alike; on accept, the same key properties, alias names and a
// semantically equal key policy (the same set of effect x principal x action x resource x condition).
// Where KmsKey deliberately differs, the scenario says how and why, and the test asserts our behaviour
// and that CDK really does otherwise.
import { expect } from "chai";
import { permissions } from "../support/cdkPolicy";
import { ComponentKey, CoreResult, runComponent, runCore } from "../support/cdkOurs";
import { ROOT_ARN, Scenario } from "../support/cdkScenario";
import { CdkKey, CdkResult, synthCdk } from "../support/cdkSynth";
import { scenarios, specUsageScenarios } from "./scenarios";

/**
 * CDK's message with the corrections our doc promises: our property names (rotationPeriodInDays,
 * pendingWindowInDays), "must between" -> "must be between", the wrong maximum 2650 -> 2560, and CDK's
 * synth-time wrappers ("Validation failed with the following errors: [S/Key] ", "Incorrect Policy Statement: ").
 */
export function fixedCdkMessage(message: string): string {
    return message
        .replace(/^Validation failed with the following errors:\n\s*\[S\/Key\] /, "")
        .replace(/^Incorrect Policy Statement: /, "")
        .replace(/'rotationPeriod'/g, "'rotationPeriodInDays'")
        .replace(/'pendingWindow'/g, "'pendingWindowInDays'")
        .replace("must between", "must be between")
        .replace("between 90 and 2650 days", "between 90 and 2560 days");
}

function expectMessage(actual: string, expected: string | RegExp) {
    if (typeof expected === "string") expect(actual).to.contain(expected);
    else expect(actual).to.match(expected);
}

/** What CDK's template implies for our values, with our two documented defaults applied. */
function expectedFromCdk(cdk: CdkKey) {
    const p = cdk.properties;
    const spec = p.KeySpec ?? "SYMMETRIC_DEFAULT";
    return {
        keySpec: p.KeySpec,
        keyUsage: p.KeyUsage,
        // Deliberate difference: CDK leaves rotation off unless asked (EnableKeyRotation absent); we turn
        // it on by default where KMS supports it (symmetric keys), for Security Hub KMS.4 / cdk-nag KMS5.
        enableKeyRotation: p.EnableKeyRotation ?? spec === "SYMMETRIC_DEFAULT",
        rotationPeriodInDays: p.RotationPeriodInDays,
        // CDK omits PendingWindowInDays when not given (CloudFormation then uses 30); we always pass 30.
        pendingWindowInDays: p.PendingWindowInDays ?? 30,
        multiRegion: p.MultiRegion,
        removalPolicy: cdk.deletionPolicy === "Retain" ? "retain" : cdk.deletionPolicy === "Delete" ? "destroy" : `?${cdk.deletionPolicy}`,
        bypassPolicyLockoutSafetyCheck: p.BypassPolicyLockoutSafetyCheck ?? false,
        aliasNames: [...cdk.aliasNames].sort(),
        permissions: permissions(p.KeyPolicy),
    };
}

function compareCore(cdk: CdkKey, ours: Extract<CoreResult, { ok: true }>) {
    const want = expectedFromCdk(cdk);
    expect(cdk.updateReplacePolicy, "CDK UpdateReplacePolicy").to.equal(cdk.deletionPolicy);
    expect(ours.config.keySpec, "keySpec").to.equal(want.keySpec);
    expect(ours.config.keyUsage, "keyUsage").to.equal(want.keyUsage);
    expect(ours.config.enableKeyRotation, "enableKeyRotation").to.equal(want.enableKeyRotation);
    expect(ours.config.rotationPeriodInDays, "rotationPeriodInDays").to.equal(want.rotationPeriodInDays);
    expect(ours.config.pendingWindowInDays, "pendingWindowInDays").to.equal(want.pendingWindowInDays);
    expect(ours.config.multiRegion, "multiRegion").to.equal(want.multiRegion);
    expect(ours.config.removalPolicy, "removalPolicy").to.equal(want.removalPolicy);
    expect(ours.config.bypassPolicyLockoutSafetyCheck, "bypassPolicyLockoutSafetyCheck").to.equal(want.bypassPolicyLockoutSafetyCheck);
    expect([...ours.config.aliasNames].sort(), "alias names").to.deep.equal(want.aliasNames);
    expect(permissions(ours.policy.document), "key policy permissions").to.deep.equal(want.permissions);
}

function compareComponent(cdk: CdkKey, ours: ComponentKey) {
    const want = expectedFromCdk(cdk);
    const p = cdk.properties;
    const k = ours.key;
    expect(k.customerMasterKeySpec, "customerMasterKeySpec").to.equal(want.keySpec);
    expect(k.keyUsage, "keyUsage").to.equal(want.keyUsage);
    expect(k.enableKeyRotation, "enableKeyRotation").to.equal(want.enableKeyRotation);
    expect(k.rotationPeriodInDays, "rotationPeriodInDays").to.equal(want.rotationPeriodInDays);
    expect(k.deletionWindowInDays, "deletionWindowInDays").to.equal(want.pendingWindowInDays);
    expect(k.isEnabled, "isEnabled").to.equal(p.Enabled);
    expect(k.multiRegion, "multiRegion").to.equal(p.MultiRegion);
    expect(k.description, "description").to.equal(p.Description);
    expect(k.bypassPolicyLockoutSafetyCheck, "bypassPolicyLockoutSafetyCheck").to.equal(want.bypassPolicyLockoutSafetyCheck);
    expect(k.tags, "tags").to.deep.equal(p.Tags ? Object.fromEntries(p.Tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : undefined);
    expect(permissions(JSON.parse(k.policy)), "policy permissions").to.deep.equal(want.permissions);
    expect([...ours.aliasNames].sort(), "aws:kms/alias:Alias names").to.deep.equal(want.aliasNames);
    // DeletionPolicy Retain <=> retainOnDelete; Delete <=> not retained.
    expect(ours.config.removalPolicy, "config.removalPolicy").to.equal(want.removalPolicy);
    if (ours.retainOnDelete !== undefined || want.removalPolicy === "retain") {
        expect(ours.retainOnDelete === true, "retainOnDelete").to.equal(want.removalPolicy === "retain");
    }
}

let componentCount = 0;

function defineScenario(s: Scenario) {
    const title = s.difference ? `${s.name} [deliberate difference: ${s.difference.why}]` : s.name;
    it(title, async function () {
        const cdk: CdkResult = synthCdk(s.input);
        const ours = runCore(s.input);
        if (s.difference) {
            expect(cdk.ok, `CDK should ${s.difference.cdk}${cdk.ok ? "" : `, but: ${cdk.error.message}`}`).to.equal(s.difference.cdk === "accept");
            expect(ours.ok, `we should ${s.difference.ours}`).to.equal(s.difference.ours === "accept");
        } else {
            expect(ours.ok, `KmsKey ${ours.ok ? "accepted" : `rejected (${ours.error.message})`} but CDK ${cdk.ok ? "accepted" : `rejected (${cdk.error.message})`}`)
                .to.equal(cdk.ok);
        }
        if (!ours.ok) {
            if (s.keepsCdkMessage) {
                expect(cdk.ok).to.equal(false);
                expect(ours.error.message).to.contain(fixedCdkMessage((cdk as { error: Error }).error.message));
            }
            const expected = s.message ?? s.difference?.message;
            if (expected) expectMessage(ours.error.message, expected);
            expect(s.keepsCdkMessage || expected, "scenario must say which message it expects").to.be.ok;
        } else if (cdk.ok && !s.difference) {
            // (an accepted deliberate difference is compared in detail below)
            compareCore(cdk.key, ours);
        }
        if (!s.component) return;
        const component = await runComponent(s.input, `k${componentCount++}`);
        if (!ours.ok) {
            expect(component.ok, "the component accepted what the core rejected").to.equal(false);
            expect((component as { error: Error }).error.message).to.contain(ours.error.message);
        } else {
            expect(component.ok, `the component rejected: ${component.ok ? "" : component.error.message}`).to.equal(true);
            if (cdk.ok && component.ok) compareComponent(cdk.key, component.value);
        }
    });
}

describe("differential against AWS CDK v2 (aws-cdk-lib 2.276.0)", function () {
    this.timeout(120000);

    describe("scenarios", () => scenarios.forEach(defineScenario));
    describe("every keySpec x keyUsage pair", () => specUsageScenarios.forEach(defineScenario));

    describe("deliberate differences, in detail", () => {
        const byName = (name: string) => {
            const s = [...scenarios, ...specUsageScenarios].find((x) => x.name === name);
            if (!s) throw new Error(`no scenario ${name}`);
            return s;
        };

        it("rotation is on by default for symmetric keys (CDK: off), and stays off by default for the others", () => {
            // Why: AWS Security Hub KMS.4 and cdk-nag KMS5 require rotation; KMS only supports it on symmetric keys.
            const cdkDefault = synthCdk({});
            expect(cdkDefault.ok && cdkDefault.key.properties.EnableKeyRotation).to.equal(undefined);
            expect((runCore({}) as Extract<CoreResult, { ok: true }>).config.enableKeyRotation).to.equal(true);
            const rsa = { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" };
            const cdkRsa = synthCdk(rsa);
            expect(cdkRsa.ok && cdkRsa.key.properties.EnableKeyRotation).to.equal(undefined);
            expect((runCore(rsa) as Extract<CoreResult, { ok: true }>).config.enableKeyRotation).to.equal(false);
        });

        it("rotationPeriod on an RSA key: CDK emits EnableKeyRotation true (its bug), we reject", () => {
            const s = byName("rotationPeriodInDays on an RSA key");
            const cdk = synthCdk(s.input);
            expect(cdk.ok && cdk.key.properties).to.include({ EnableKeyRotation: true, KeySpec: "RSA_2048", RotationPeriodInDays: 365 });
        });

        it("the same alias twice: CDK emits two AWS::KMS::Alias with one name, we reject", () => {
            const cdk = synthCdk(byName("the same alias name twice").input);
            expect(cdk.ok && cdk.key.aliasNames).to.deep.equal(["alias/dup", "alias/dup"]);
        });

        it("an unknown keySpec: CDK emits it as is, we reject", () => {
            const cdk = synthCdk(byName("an unknown keySpec string").input);
            expect(cdk.ok && cdk.key.properties.KeySpec).to.equal("RSA_1024");
        });

        it("Ed25519: CDK accepts every usage, we only SIGN_VERIFY (as KMS)", () => {
            for (const usage of ["ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]) {
                const cdk = synthCdk({ keySpec: "ECC_NIST_EDWARDS25519", keyUsage: usage });
                expect(cdk.ok && cdk.key.properties.KeyUsage, usage).to.equal(usage);
            }
            expect(runCore({ keySpec: "ECC_NIST_EDWARDS25519", keyUsage: "SIGN_VERIFY" }).ok).to.equal(true);
        });

        it("range messages: CDK says 'must between' and the wrong maximum 2650; ours are corrected, same limits", () => {
            for (const [days, ok] of [[89, false], [90, true], [2560, true], [2561, false], [2650, false]] as const) {
                const cdk = synthCdk({ rotationPeriodInDays: days });
                const ours = runCore({ rotationPeriodInDays: days });
                expect(cdk.ok, `CDK ${days}`).to.equal(ok);
                expect(ours.ok, `ours ${days}`).to.equal(ok);
                if (!cdk.ok && !ours.ok) {
                    expect(cdk.error.message).to.equal(`'rotationPeriod' value must between 90 and 2650 days. Received: ${days}`);
                    expect(ours.error.message).to.equal(`'rotationPeriodInDays' value must be between 90 and 2560 days. Received: ${days}`);
                }
            }
            const cdk = synthCdk({ pendingWindowInDays: 31 });
            expect(!cdk.ok && cdk.error.message).to.equal("'pendingWindow' value must between 7 and 30 days. Received: 31");
        });

        it("lockout guard: CDK emits a policy nobody can change; we reject it, unless bypassPolicyLockoutSafetyCheck", () => {
            const s = byName("a custom policy without the account root or the deployer");
            const cdk = synthCdk(s.input);
            expect(cdk.ok && permissions(cdk.key.properties.KeyPolicy).some((p) => p.includes(ROOT_ARN))).to.equal(false);
            const bypass = runCore({ ...s.input, bypassPolicyLockoutSafetyCheck: true });
            expect(bypass.ok).to.equal(true);
        });

        it("an empty custom policy: CDK omits KeyPolicy (KMS applies its default); we write KMS's default root statement out", () => {
            const s = byName("an empty custom policy");
            const cdk = synthCdk(s.input);
            expect(cdk.ok && cdk.key.properties).to.not.have.property("KeyPolicy");
            const ours = runCore(s.input);
            expect(ours.ok && ours.policy.document.Statement).to.deep.equal([
                { Action: "kms:*", Effect: "Allow", Principal: { AWS: ROOT_ARN }, Resource: "*" },
            ]);
        });

        it("size guard: over 32 KB CDK emits the policy anyway; we merge statements that differ only in principal (same meaning) or reject", () => {
            const fits = byName("a key policy over 32 KB that fits once principals are merged");
            const cdk = synthCdk(fits.input);
            const ours = runCore(fits.input) as Extract<CoreResult, { ok: true }>;
            expect(cdk.ok && JSON.stringify(cdk.key.properties.KeyPolicy).length).to.be.greaterThan(32768);
            expect(ours.policy.mergedPrincipals).to.equal(true);
            expect(Buffer.byteLength(ours.policy.json)).to.be.at.most(32768);
            expect(cdk.ok && permissions(ours.policy.document)).to.deep.equal(cdk.ok && permissions(cdk.key.properties.KeyPolicy));
        });

        it("trustAccountIdentities: false cannot be built with CDK v2 at all (so legacy scenarios compare with CDK v1's policy from the doc)", () => {
            const raw = synthCdk({ trustAccountIdentities: false }, { rawV2: true });
            expect(!raw.ok && raw.error.message).to.equal("`trustAccountIdentities` cannot be false if the @aws-cdk/aws-kms:defaultKeyPolicies feature flag is set");
            const ours = runCore({ trustAccountIdentities: false });
            expect(ours.ok).to.equal(true);
        });
    });

    it("has at least 40 hand-written scenarios and every spec/usage pair", () => {
        expect(scenarios.length).to.be.at.least(40);
        expect(specUsageScenarios.length).to.equal(17 * 4);
    });
});
