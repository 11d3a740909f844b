import { expect } from "chai";
import { KmsKeyError, resolveKeyConfig, specAllowsUsage } from "../../provider/src/policy";
import { keySpecValues, keyUsageValues } from "../../provider/src/schemaTypes";

function rejects(input: Parameters<typeof resolveKeyConfig>[0], property: string, message: string | RegExp) {
    let error: unknown;
    try {
        resolveKeyConfig(input);
    } catch (e) {
        error = e;
    }
    expect(error, `expected ${JSON.stringify(input)} to be rejected`).to.be.instanceOf(KmsKeyError);
    expect((error as KmsKeyError).property).to.equal(property);
    if (typeof message === "string") expect((error as Error).message).to.equal(message);
    else expect((error as Error).message).to.match(message);
}

describe("resolveKeyConfig: defaults", () => {
    it("gives a symmetric key rotation, a 30-day window, retain and the v2 policy mode", () => {
        expect(resolveKeyConfig({})).to.deep.equal({
            keySpec: undefined, keyUsage: undefined, enableKeyRotation: true, rotationPeriodInDays: undefined,
            pendingWindowInDays: 30, removalPolicy: "retain", aliasNames: [], trustAccountIdentities: true,
            bypassPolicyLockoutSafetyCheck: false, multiRegion: undefined, replicaRegions: [], origin: "AWS_KMS",
        });
    });
    it("turns rotation off by default for keys that cannot rotate", () => {
        expect(resolveKeyConfig({ keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }).enableKeyRotation).to.equal(false);
        expect(resolveKeyConfig({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }).enableKeyRotation).to.equal(false);
    });
    it("keeps an explicit enableKeyRotation: false on a symmetric key", () => {
        expect(resolveKeyConfig({ enableKeyRotation: false }).enableKeyRotation).to.equal(false);
    });
    it("lets a rotation period imply rotation, as CDK does", () => {
        const c = resolveKeyConfig({ rotationPeriodInDays: 90, enableKeyRotation: undefined });
        expect(c.enableKeyRotation).to.equal(true);
        expect(c.rotationPeriodInDays).to.equal(90);
    });
    it("accepts the window and period bounds", () => {
        expect(resolveKeyConfig({ pendingWindowInDays: 7 }).pendingWindowInDays).to.equal(7);
        expect(resolveKeyConfig({ pendingWindowInDays: 30 }).pendingWindowInDays).to.equal(30);
        expect(resolveKeyConfig({ rotationPeriodInDays: 2560 }).rotationPeriodInDays).to.equal(2560);
    });
    it("passes keySpec and keyUsage through only when given (as CDK emits them)", () => {
        const c = resolveKeyConfig({ keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" });
        expect([c.keySpec, c.keyUsage]).to.deep.equal(["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"]);
    });
    it("reads removalPolicy, multiRegion, trustAccountIdentities and bypassPolicyLockoutSafetyCheck", () => {
        const c = resolveKeyConfig({ removalPolicy: "destroy", multiRegion: true, trustAccountIdentities: false, bypassPolicyLockoutSafetyCheck: true });
        expect([c.removalPolicy, c.multiRegion, c.trustAccountIdentities, c.bypassPolicyLockoutSafetyCheck]).to.deep.equal(["destroy", true, false, true]);
    });
});

describe("resolveKeyConfig: key spec and usage", () => {
    // The whole matrix: CDK v2's table, with Ed25519 limited to SIGN_VERIFY (CDK's gap; KMS rejects the rest).
    const accepted: { [spec: string]: string[] } = {
        SYMMETRIC_DEFAULT: ["ENCRYPT_DECRYPT"],
        RSA_2048: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"], RSA_3072: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"], RSA_4096: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"],
        ECC_NIST_P256: ["SIGN_VERIFY", "KEY_AGREEMENT"], ECC_NIST_P384: ["SIGN_VERIFY", "KEY_AGREEMENT"], ECC_NIST_P521: ["SIGN_VERIFY", "KEY_AGREEMENT"],
        ECC_SECG_P256K1: ["SIGN_VERIFY"], ECC_NIST_EDWARDS25519: ["SIGN_VERIFY"],
        HMAC_224: ["GENERATE_VERIFY_MAC"], HMAC_256: ["GENERATE_VERIFY_MAC"], HMAC_384: ["GENERATE_VERIFY_MAC"], HMAC_512: ["GENERATE_VERIFY_MAC"],
        SM2: ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT"],
        ML_DSA_44: ["SIGN_VERIFY"], ML_DSA_65: ["SIGN_VERIFY"], ML_DSA_87: ["SIGN_VERIFY"],
    };
    it("covers every spec of the schema", () => {
        expect(Object.keys(accepted)).to.have.members([...keySpecValues]);
    });
    for (const spec of keySpecValues) {
        for (const usage of keyUsageValues) {
            const ok = accepted[spec].includes(usage);
            it(`${ok ? "accepts" : "rejects"} ${spec} with ${usage}`, () => {
                expect(specAllowsUsage(spec, usage)).to.equal(ok);
                if (ok) {
                    expect(resolveKeyConfig({ keySpec: spec, keyUsage: usage }).keySpec).to.equal(spec);
                } else {
                    rejects({ keySpec: spec, keyUsage: usage }, "keyUsage",
                        `key spec '${spec}' is not valid with usage '${usage}' (keySpec ${spec} allows keyUsage ${accepted[spec].join(" or ")})`);
                }
            });
        }
    }
    it("blames keySpec when the usage is the default", () => {
        rejects({ keySpec: "HMAC_256" }, "keySpec", /^key spec 'HMAC_256' is not valid with usage 'ENCRYPT_DECRYPT'/);
    });
    it("rejects unknown specs and usages, listing what is allowed", () => {
        rejects({ keySpec: "RSA_1024" }, "keySpec", /^keySpec: 'RSA_1024' is not a key spec; allowed: SYMMETRIC_DEFAULT, RSA_2048, .*ML_DSA_87$/);
        rejects({ keyUsage: "ENCRYPT" }, "keyUsage", "keyUsage: 'ENCRYPT' is not a key usage; allowed: ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT");
        rejects({ keySpec: 5 }, "keySpec", /^keySpec: 5 is not a key spec/);
    });
});

describe("resolveKeyConfig: rotation", () => {
    it("rejects rotation on HMAC keys with CDK's message", () => {
        rejects({ keySpec: "HMAC_512", keyUsage: "GENERATE_VERIFY_MAC", enableKeyRotation: true }, "enableKeyRotation",
            "key rotation cannot be enabled on HMAC keys (enableKeyRotation; keySpec HMAC_512)");
    });
    it("rejects rotation on asymmetric keys with CDK's message", () => {
        rejects({ keySpec: "RSA_4096", enableKeyRotation: true }, "enableKeyRotation",
            "key rotation cannot be enabled on asymmetric keys (enableKeyRotation; keySpec RSA_4096)");
    });
    it("rejects a rotation period on a non-symmetric key (CDK lets it through and AWS then fails)", () => {
        rejects({ keySpec: "RSA_2048", rotationPeriodInDays: 365 }, "rotationPeriodInDays",
            "key rotation cannot be enabled on asymmetric keys (rotationPeriodInDays; keySpec RSA_2048)");
        rejects({ keySpec: "HMAC_224", keyUsage: "GENERATE_VERIFY_MAC", rotationPeriodInDays: 365 }, "rotationPeriodInDays",
            "key rotation cannot be enabled on HMAC keys (rotationPeriodInDays; keySpec HMAC_224)");
    });
    it("accepts enableKeyRotation: false on any spec", () => {
        expect(resolveKeyConfig({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", enableKeyRotation: false }).enableKeyRotation).to.equal(false);
    });
    it("rejects a rotation period with rotation disabled", () => {
        rejects({ enableKeyRotation: false, rotationPeriodInDays: 365 }, "rotationPeriodInDays",
            "'rotationPeriodInDays' cannot be specified when 'enableKeyRotation' is disabled");
    });
    it("rejects periods outside 90-2560 days, with the right bound (CDK's message says 2650)", () => {
        rejects({ rotationPeriodInDays: 89 }, "rotationPeriodInDays", "'rotationPeriodInDays' value must be between 90 and 2560 days. Received: 89");
        rejects({ rotationPeriodInDays: 2561 }, "rotationPeriodInDays", "'rotationPeriodInDays' value must be between 90 and 2560 days. Received: 2561");
    });
    it("rejects a fractional period", () => {
        rejects({ rotationPeriodInDays: 90.5 }, "rotationPeriodInDays", "rotationPeriodInDays: 90.5 must be a whole number of days from 90 to 2560");
    });
    it("rejects a non-boolean enableKeyRotation", () => {
        rejects({ enableKeyRotation: "yes" }, "enableKeyRotation", "enableKeyRotation: expected true or false, got 'yes'");
    });
});

describe("resolveKeyConfig: waiting period and removal policy", () => {
    for (const bad of [6, 31, 0, -1]) {
        it(`rejects a pending window of ${bad} days`, () => {
            rejects({ pendingWindowInDays: bad }, "pendingWindowInDays", `'pendingWindowInDays' value must be between 7 and 30 days. Received: ${bad}`);
        });
    }
    it("rejects a fractional or non-numeric window", () => {
        rejects({ pendingWindowInDays: 7.5 }, "pendingWindowInDays", "pendingWindowInDays: 7.5 must be a whole number of days from 7 to 30");
        rejects({ pendingWindowInDays: "7" }, "pendingWindowInDays", "pendingWindowInDays: '7' must be a whole number of days from 7 to 30");
        // Shown as written: JSON.stringify would show NaN and Infinity as null.
        rejects({ pendingWindowInDays: NaN }, "pendingWindowInDays", "pendingWindowInDays: NaN must be a whole number of days from 7 to 30");
        rejects({ pendingWindowInDays: -Infinity }, "pendingWindowInDays", "pendingWindowInDays: -Infinity must be a whole number of days from 7 to 30");
    });
    it("rejects an unknown removal policy", () => {
        rejects({ removalPolicy: "snapshot" }, "removalPolicy", "removalPolicy: 'snapshot' is not a removal policy; allowed: retain, destroy");
    });
    it("checks in CDK's order: spec/usage before rotation before the window", () => {
        rejects({ keySpec: "HMAC_256", enableKeyRotation: true, pendingWindowInDays: 1 }, "keySpec", /^key spec 'HMAC_256'/);
        rejects({ keySpec: "RSA_2048", enableKeyRotation: true, pendingWindowInDays: 1 }, "enableKeyRotation", /asymmetric/);
        rejects({ rotationPeriodInDays: 1, pendingWindowInDays: 1 }, "rotationPeriodInDays", /between 90 and 2560/);
        rejects({ pendingWindowInDays: 1, alias: "aws/x" }, "pendingWindowInDays", /between 7 and 30/);
    });
});
