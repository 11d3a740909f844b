// Key origins in the policy core: the ORIGINS table (what each origin takes, requires and allows), the refusals
// naming their property, the defaults (no automatic rotation but for AWS_KMS), the admins' kms:ImportKeyMaterial
// for imported key material, and the checks of keyMaterialBase64 (a secret: never shown), validTo, the key store ids.
import { expect } from "chai";
import {
    ADMIN_ACTIONS, KmsKeyError, NOT_YET_KNOWN, ORIGINS, PolicyEnv, buildKeyPolicy, checkCustomKeyStoreId, checkKeyMaterial, checkValidTo, checkXksKeyId,
    resolveKeyConfig,
} from "../../provider/src/policy";
import { originValues } from "../../provider/src/schemaTypes";
import { daysFromNow } from "../support/dates";
import { rejects } from "../support/rejects";

const env: PolicyEnv = { accountId: "111122223333", partition: "aws", region: "us-east-1", callerArn: "arn:aws:sts::111122223333:assumed-role/Deployer/session" };
const ADMIN = "arn:aws:iam::111122223333:role/KeyAdmin";
/** 32 bytes of key material, base64 (a test value, not a key anyone uses). */
const MATERIAL = Buffer.alloc(32, 7).toString("base64");
const VALID_TO = daysFromNow(90);
const HSM = { origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-1234567890abcdef0" };
const XKS = { origin: "EXTERNAL_KEY_STORE", customKeyStoreId: "cks-1234567890abcdef0", xksKeyId: "xks-key-1" };

describe("origin (key origins and custom key stores)", () => {
    it("has one rule per schema origin, and defaults to AWS_KMS with rotation on", () => {
        expect(Object.keys(ORIGINS)).to.deep.equal([...originValues]);
        expect(resolveKeyConfig({})).to.deep.include({ origin: "AWS_KMS", enableKeyRotation: true });
        expect(resolveKeyConfig({ origin: "AWS_KMS" })).to.deep.include({ origin: "AWS_KMS", enableKeyRotation: true });
    });

    it("takes each origin with its inputs, rotation off by default but for AWS_KMS", () => {
        expect(resolveKeyConfig({ origin: "EXTERNAL" })).to.deep.include({ origin: "EXTERNAL", enableKeyRotation: false });
        expect(resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: VALID_TO, enabled: true })).to.deep.include({ origin: "EXTERNAL" });
        expect(resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: NOT_YET_KNOWN, validTo: VALID_TO.replace("Z", "+02:00") }).origin).to.equal("EXTERNAL");
        expect(resolveKeyConfig({ ...HSM })).to.deep.include({ origin: "AWS_CLOUDHSM", enableKeyRotation: false });
        expect(resolveKeyConfig({ ...XKS })).to.deep.include({ origin: "EXTERNAL_KEY_STORE", enableKeyRotation: false });
        expect(resolveKeyConfig({ ...XKS, customKeyStoreId: NOT_YET_KNOWN, xksKeyId: NOT_YET_KNOWN }).origin).to.equal("EXTERNAL_KEY_STORE");
        expect(resolveKeyConfig({ ...HSM, enableKeyRotation: false }).enableKeyRotation).to.equal(false);
    });

    it("allows imported key material in any spec and usage KMS imports, and multi-Region with replicas", () => {
        expect(resolveKeyConfig({ origin: "EXTERNAL", keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }).keySpec).to.equal("RSA_2048");
        expect(resolveKeyConfig({ origin: "EXTERNAL", keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }).keySpec).to.equal("HMAC_256");
        expect(resolveKeyConfig({ origin: "EXTERNAL", replicaRegions: ["eu-west-1"] })).to.deep.include({ multiRegion: true, replicaRegions: ["eu-west-1"] });
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", keySpec: "ECC_NIST_P256", keyUsage: "KEY_AGREEMENT" }), "keyUsage",
            "keyUsage: KEY_AGREEMENT is not allowed for origin EXTERNAL (a key with imported key material); allowed: ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC");
    });

    it("refuses an origin that is not one", () => {
        for (const bad of ["aws_kms", "CLOUDHSM", "", 1, null, {}]) {
            rejects(() => resolveKeyConfig({ origin: bad }), "origin", "is not a key origin; allowed: AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE");
        }
    });

    it("refuses an origin's inputs with another origin, naming the input and who takes it", () => {
        rejects(() => resolveKeyConfig({ keyMaterialBase64: MATERIAL }), "keyMaterialBase64",
            "keyMaterialBase64: only a key of origin EXTERNAL takes it, not origin AWS_KMS (a key with KMS key material); remove keyMaterialBase64 or set origin");
        rejects(() => resolveKeyConfig({ validTo: "2030-01-01T00:00:00Z" }), "validTo", "validTo: only a key of origin EXTERNAL takes it");
        rejects(() => resolveKeyConfig({ customKeyStoreId: "cks-1" }), "customKeyStoreId", "customKeyStoreId: only a key of origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE takes it");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", customKeyStoreId: "cks-1" }), "customKeyStoreId", "not origin EXTERNAL (a key with imported key material)");
        rejects(() => resolveKeyConfig({ ...HSM, xksKeyId: "k" }), "xksKeyId", "xksKeyId: only a key of origin EXTERNAL_KEY_STORE takes it, not origin AWS_CLOUDHSM");
        rejects(() => resolveKeyConfig({ ...XKS, keyMaterialBase64: NOT_YET_KNOWN }), "keyMaterialBase64", "only a key of origin EXTERNAL takes it");
    });

    it("requires the key store inputs", () => {
        rejects(() => resolveKeyConfig({ origin: "AWS_CLOUDHSM" }), "customKeyStoreId",
            "customKeyStoreId: origin AWS_CLOUDHSM (a key in an AWS CloudHSM key store) requires it; give customKeyStoreId");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL_KEY_STORE", xksKeyId: "k" }), "customKeyStoreId", "requires it; give customKeyStoreId and xksKeyId");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL_KEY_STORE", customKeyStoreId: "cks-1" }), "xksKeyId",
            "xksKeyId: origin EXTERNAL_KEY_STORE (a key in an external key store) requires it; give customKeyStoreId and xksKeyId");
    });

    it("keeps keys in a custom key store symmetric, single-Region and without automatic rotation", () => {
        for (const store of [HSM, XKS]) {
            rejects(() => resolveKeyConfig({ ...store, keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }), "keySpec",
                `keySpec: HMAC_256 is not allowed for origin ${store.origin}`);
            rejects(() => resolveKeyConfig({ ...store, keySpec: "RSA_2048" }), "keySpec", "allowed: SYMMETRIC_DEFAULT (KMS creates only symmetric encryption keys in a custom key store)");
            rejects(() => resolveKeyConfig({ ...store, multiRegion: true }), "multiRegion", `multiRegion: origin ${store.origin}`);
            rejects(() => resolveKeyConfig({ ...store, replicaRegions: ["eu-west-1"] }), "replicaRegions", "cannot be multi-Region, so it has no replicas");
            rejects(() => resolveKeyConfig({ ...store, enableKeyRotation: true }), "enableKeyRotation", "enableKeyRotation: KMS does not rotate");
            rejects(() => resolveKeyConfig({ ...store, rotationPeriodInDays: 180 }), "rotationPeriodInDays", "rotationPeriodInDays: KMS does not rotate");
            expect(resolveKeyConfig({ ...store, multiRegion: false }).multiRegion).to.equal(false);
        }
    });

    it("refuses automatic rotation of imported key material", () => {
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", enableKeyRotation: true }), "enableKeyRotation",
            "enableKeyRotation: KMS does not rotate a key with imported key material automatically (origin EXTERNAL); leave enableKeyRotation and rotationPeriodInDays out");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", rotationPeriodInDays: 365 }), "rotationPeriodInDays", "KMS does not rotate a key with imported key material");
    });

    it("refuses validTo without key material, and enabling a key that waits for its key material", () => {
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", validTo: "2030-01-01T00:00:00Z" }), "validTo", "validTo: the expiry of imported key material, but keyMaterialBase64 is not given");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", enabled: true }), "enabled", "enabled: true, but a key of origin EXTERNAL without keyMaterialBase64 waits for its key material (PendingImport)");
        expect(resolveKeyConfig({ origin: "EXTERNAL", enabled: false }).origin).to.equal("EXTERNAL");
    });

    it("checks key material as KMS imports it, never showing it", () => {
        expect(checkKeyMaterial(MATERIAL)).to.equal(MATERIAL);
        expect(checkKeyMaterial(Buffer.alloc(256, 1).toString("base64"), "RSA_2048")).to.have.length(344);
        const secret = "c2VjcmV0IGtleSBtYXRlcmlhbA==";
        for (const [bad, message] of [
            [secret, "keyMaterialBase64: 19 bytes of key material; a SYMMETRIC_DEFAULT key imports exactly 32 bytes"],
            ["not base64!", "keyMaterialBase64: 11 characters that are not standard base64"],
            [MATERIAL.slice(1), "not standard base64"],
            ["", "0 characters that are not standard base64"],
            [42, "keyMaterialBase64: expected a base64 string, got number (a secret, not shown)"],
        ] as const) {
            let error: unknown;
            try { resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: bad }); } catch (e) { error = e; }
            expect(error).to.be.instanceOf(KmsKeyError);
            expect((error as KmsKeyError).property).to.equal("keyMaterialBase64");
            expect((error as Error).message).to.contain(message);
            if (typeof bad === "string" && bad) expect((error as Error).message).not.to.contain(bad);
        }
    });

    it("checks validTo as an RFC 3339 date-time of a real date", () => {
        const now = Date.parse("2027-12-31T12:00:00Z");
        for (const ok of ["2028-01-01T00:00:00Z", "2028-01-01t00:00:00z", "2028-02-29T23:59:59.123+05:30", "2028-12-30T00:00:00-08:00"]) expect(checkValidTo(ok, now)).to.equal(ok);
        for (const bad of ["2028-01-01", "2028-01-01T00:00:00", "2028-02-30T00:00:00Z", "2029-02-29T00:00:00Z", "2028-13-01T00:00:00Z", "2028-01-01T24:00:00Z",
            "2028-01-01T00:00:00+25:00", "tomorrow", 1893456000, null]) {
            rejects(() => checkValidTo(bad, now), "validTo", `write an RFC 3339 date-time with a time zone, e.g. "2028-03-30T12:00:00Z"`); // 90 days on
        }
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: "2030-02-30T00:00:00Z" }), "validTo", "is not a real date and time");
    });

    it("takes a validTo that ImportKeyMaterial takes: in the future, at most 365 days ahead", () => {
        const now = Date.parse("2027-12-31T12:00:00Z");
        expect(checkValidTo("2027-12-31T12:00:01Z", now)).to.equal("2027-12-31T12:00:01Z");
        expect(checkValidTo("2028-12-30T12:00:00Z", now)).to.equal("2028-12-30T12:00:00Z"); // 365 days (2028 is a leap year)
        expect(checkValidTo("2028-12-30T13:00:00+01:00", now)).to.equal("2028-12-30T13:00:00+01:00"); // the same instant
        rejects(() => checkValidTo("2027-12-31T12:00:00Z", now), "validTo", "validTo: '2027-12-31T12:00:00Z' is not in the future (now: 2027-12-31T12:00:00Z); KMS imports key material only with a later expiry");
        rejects(() => checkValidTo("2027-12-31T13:00:00+02:00", now), "validTo", "is not in the future");
        rejects(() => checkValidTo("2001-01-01T00:00:00Z", now), "validTo", "is not in the future");
        rejects(() => checkValidTo("2028-12-30T12:00:01Z", now), "validTo", "validTo: '2028-12-30T12:00:01Z' is more than 365 days after now (2027-12-31T12:00:00Z); KMS takes an expiry of imported key material at most 365 days ahead");
        rejects(() => checkValidTo("2099-01-01T00:00:00Z", now), "validTo", "is more than 365 days after now");
        // Through the key's configuration, against the clock.
        expect(resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: daysFromNow(364) }).origin).to.equal("EXTERNAL");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: daysFromNow(-1) }), "validTo", "is not in the future");
        rejects(() => resolveKeyConfig({ origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: daysFromNow(366) }), "validTo", "is more than 365 days after now");
    });

    it("checks the key store ids as CreateKey takes them", () => {
        expect(checkCustomKeyStoreId("cks-1234567890abcdef0")).to.equal("cks-1234567890abcdef0");
        expect(checkXksKeyId("a-Z_0.9")).to.equal("a-Z_0.9");
        for (const bad of ["", "x".repeat(65), " cks-1", 7]) rejects(() => checkCustomKeyStoreId(bad), "customKeyStoreId", "is not a custom key store id; give the id of the key store, 1 to 64 characters");
        for (const bad of ["", "x".repeat(129), "key/1", "key 1", null]) rejects(() => checkXksKeyId(bad), "xksKeyId", "is not an external key id; KMS takes 1 to 128 letters, digits");
        rejects(() => resolveKeyConfig({ ...XKS, xksKeyId: "key/1" }), "xksKeyId", "xksKeyId: 'key/1' is not an external key id");
    });

    it("gives the admins of an imported key kms:ImportKeyMaterial too, and keeps the admin list otherwise", () => {
        const adminsOf = (input: object) => buildKeyPolicy({ ...resolveKeyConfig(input), admins: [ADMIN] }, env).document.Statement[1].Action;
        expect(adminsOf({ origin: "EXTERNAL" })).to.deep.equal([...ADMIN_ACTIONS, "kms:ImportKeyMaterial"]);
        expect(adminsOf({ origin: "EXTERNAL", replicaRegions: ["eu-west-1"] })).to.deep.equal([...ADMIN_ACTIONS, "kms:ReplicateKey", "kms:ImportKeyMaterial"]);
        expect(adminsOf({})).to.deep.equal([...ADMIN_ACTIONS]);
        expect(adminsOf(HSM)).to.deep.equal([...ADMIN_ACTIONS]);
        expect(() => buildKeyPolicy({ origin: "constructor", admins: [ADMIN] }, env)).to.throw(KmsKeyError, "origin: 'constructor' is not a key origin");
    });
});
