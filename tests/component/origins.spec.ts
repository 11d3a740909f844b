// origin under mocks: EXTERNAL registers an aws.kms.ExternalKey (replicas aws.kms.ReplicaExternalKey) with the key
// material sent as a secret, the key stores an aws.kms.Key with customKeyStoreId / xksKeyId and no rotation, all
// retained like any key, the same outputs; refusals before anything is registered, and through the provider.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ADMIN_ACTIONS, KmsKey, KmsKeyError } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, expectInputError, failure, ignoringUnhandledKmsKeyErrors, resolved } from "../provider/inProcess";
import { ACCOUNT, RecordingMocks, built, mockKeyId, useMocks, valueOf } from "../support/mocks";
import { daysFromNow } from "../support/dates";

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
const EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey";
const REPLICA_EXTERNAL_KEY = "aws:kms/replicaExternalKey:ReplicaExternalKey";
const KEY = "aws:kms/key:Key";
/** 32 bytes of test key material, base64. */
const MATERIAL = Buffer.alloc(32, 9).toString("base64");
const VALID_TO = daysFromNow(90);
const STORE = "cks-1234567890abcdef0";
/** A secret as the mock monitor shows it: in its wire form (@pulumi/pulumi runtime/rpc.ts specialSigKey, specialSecretSig). */
const secretOf = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

describe("origin (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("EXTERNAL: an aws.kms.ExternalKey with the key material as a secret, retained, admins with kms:ImportKeyMaterial", async () => {
        const key = await built(new KmsKey("imported", {
            origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: VALID_TO, description: "imported", enabled: true, tags: { team: "crypto" },
            pendingWindowInDays: 7, admins: [ADMIN], alias: "imported",
        }));
        expect(mocks.ofType(KEY)).to.deep.equal([]);
        const [external] = mocks.ofType(EXTERNAL_KEY);
        expect(external.name).to.equal("imported");
        expect(external.inputs).to.deep.equal({
            keyMaterialBase64: secretOf(MATERIAL), validTo: VALID_TO, description: "imported", enabled: true, tags: { team: "crypto" },
            deletionWindowInDays: 7, policy: external.inputs.policy, bypassPolicyLockoutSafetyCheck: false,
        });
        expect(mocks.secretInputs.get(`${EXTERNAL_KEY}::imported`)).to.deep.equal(["keyMaterialBase64"]);
        expect(external.options.retainOnDelete).to.equal(true);
        expect(external.options.parent).to.equal(await valueOf(key.urn));
        expect(JSON.parse(external.inputs.policy).Statement[1].Action).to.deep.equal([...ADMIN_ACTIONS, "kms:ImportKeyMaterial"]);
        const id = mockKeyId("imported");
        expect(await valueOf(key.keyId)).to.equal(id);
        expect(await valueOf(key.keyArn)).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`);
        expect(mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.targetKeyId)).to.deep.equal([await valueOf(key.keyArn)]);
        expect(key.config).to.deep.include({ origin: "EXTERNAL", enableKeyRotation: false });
    });

    it("EXTERNAL with replicas: one aws.kms.ReplicaExternalKey per Region with the same key material (secret), deleted under destroy", async () => {
        const key = await built(new KmsKey("imported", {
            origin: "EXTERNAL", keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", keyMaterialBase64: MATERIAL, replicaRegions: ["eu-west-1"], removalPolicy: "destroy",
        }));
        const [external] = mocks.ofType(EXTERNAL_KEY);
        expect(external.inputs).to.deep.include({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", multiRegion: true });
        expect(external.options.retainOnDelete).to.equal(false);
        const [replica] = mocks.ofType(REPLICA_EXTERNAL_KEY);
        expect(mocks.ofType("aws:kms/replicaKey:ReplicaKey")).to.deep.equal([]);
        expect(replica.inputs).to.deep.include({ primaryKeyArn: await valueOf(key.keyArn), region: "eu-west-1", keyMaterialBase64: secretOf(MATERIAL) });
        expect(mocks.secretInputs.get(`${REPLICA_EXTERNAL_KEY}::imported-replica-eu-west-1`)).to.deep.equal(["keyMaterialBase64"]);
        expect(replica.options.retainOnDelete).to.equal(false);
        expect(Object.keys(await valueOf(key.replicaKeyArns))).to.deep.equal(["eu-west-1"]);
    });

    it("EXTERNAL without key material: the key waits for an import (no material sent)", async () => {
        await built(new KmsKey("pending", { origin: "EXTERNAL" }));
        const [external] = mocks.ofType(EXTERNAL_KEY);
        expect(external.inputs.keyMaterialBase64).to.equal(undefined);
        expect(mocks.secretInputs.get(`${EXTERNAL_KEY}::pending`)).to.deep.equal([]);
    });

    it("AWS_CLOUDHSM and EXTERNAL_KEY_STORE: an aws.kms.Key in the key store, rotation off, retained", async () => {
        await built(new KmsKey("hsm", { origin: "AWS_CLOUDHSM", customKeyStoreId: STORE }));
        await built(new KmsKey("xks", { origin: "EXTERNAL_KEY_STORE", customKeyStoreId: pulumi.output(STORE), xksKeyId: "external-key-1" }));
        const [hsm, xks] = mocks.ofType(KEY);
        expect(hsm.inputs).to.deep.include({ customKeyStoreId: STORE, enableKeyRotation: false });
        expect(hsm.inputs.xksKeyId).to.equal(undefined);
        expect(xks.inputs).to.deep.include({ customKeyStoreId: STORE, xksKeyId: "external-key-1", enableKeyRotation: false });
        expect([hsm.options.retainOnDelete, xks.options.retainOnDelete]).to.deep.equal([true, true]);
        expect(mocks.ofType(EXTERNAL_KEY)).to.deep.equal([]);
    });

    it("a default key is an aws.kms.Key without key store inputs", async () => {
        await built(new KmsKey("plain", {}));
        const [plain] = mocks.ofType(KEY);
        expect(plain.inputs).to.not.have.any.keys("customKeyStoreId", "xksKeyId", "keyMaterialBase64", "validTo");
        expect(plain.inputs.enableKeyRotation).to.equal(true);
    });

    it("refuses broken rules before anything is registered", () => {
        expect(() => new KmsKey("a", { origin: "AWS_CLOUDHSM" })).to.throw(KmsKeyError, "customKeyStoreId: origin AWS_CLOUDHSM (a key in an AWS CloudHSM key store) requires it");
        expect(() => new KmsKey("b", { origin: "EXTERNAL", enableKeyRotation: true })).to.throw(KmsKeyError, "enableKeyRotation: KMS does not rotate");
        expect(() => new KmsKey("c", { origin: "AWS_CLOUDHSM", customKeyStoreId: STORE, replicaRegions: ["eu-west-1"] })).to.throw(KmsKeyError, "replicaRegions:");
        expect(() => new KmsKey("d", { keyMaterialBase64: pulumi.secret(MATERIAL) })).to.throw(KmsKeyError, "keyMaterialBase64: only a key of origin EXTERNAL takes it");
        expect(() => new KmsKey("e", { origin: "EXTERNAL", keyMaterialBase64: "short" })).to.throw(KmsKeyError, "keyMaterialBase64: 5 characters that are not standard base64");
        expect(() => new KmsKey("f", { origin: "EXTERNAL_KEY_STORE" as any, customKeyStoreId: STORE, xksKeyId: "k", keySpec: "RSA_2048" })).to.throw(KmsKeyError, "keySpec: RSA_2048 is not allowed");
        expect(() => new KmsKey("g", { origin: "HSM" as any })).to.throw(KmsKeyError, "origin: 'HSM' is not a key origin");
        expect(mocks.registrations).to.deep.equal([]);
    });

    it("checks an origin input that was an Output once it is known, not showing secret key material", async () => {
        const restore = ignoringUnhandledKmsKeyErrors();
        try {
            const secret = Buffer.alloc(16, 3).toString("base64");
            const key = new KmsKey("late", { origin: "EXTERNAL", keyMaterialBase64: pulumi.secret(secret) });
            const error = await key.whenValid().then(() => undefined, (e) => e);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error.property).to.equal("keyMaterialBase64");
            expect(error.message).to.contain("16 bytes of key material; a SYMMETRIC_DEFAULT key imports exactly 32 bytes").and.not.contain(secret);
            const store = new KmsKey("store", { origin: "AWS_CLOUDHSM", customKeyStoreId: pulumi.output("") });
            const storeError = await store.whenValid().then(() => undefined, (e) => e);
            expect(storeError.property).to.equal("customKeyStoreId");
        } finally {
            await restore();
        }
    });

    describe("through the provider", () => {
        it("constructs an EXTERNAL key from a secret input, keeping it secret, and returns keyId and keyArn", async () => {
            const { state } = await construct(new KmsKeyProvider(), "imported", "kmskey:index:KmsKey", { origin: "EXTERNAL", keyMaterialBase64: pulumi.secret(MATERIAL) });
            const [external] = mocks.ofType(EXTERNAL_KEY);
            expect(external.inputs.keyMaterialBase64).to.deep.equal(secretOf(MATERIAL));
            expect(mocks.secretInputs.get(`${EXTERNAL_KEY}::imported`)).to.deep.equal(["keyMaterialBase64"]);
            const outputs = await resolved(state);
            expect(outputs.keyId).to.equal(mockKeyId("imported"));
            expect(outputs.keyArn).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${mockKeyId("imported")}`);
            expect(JSON.stringify(outputs)).to.not.contain(MATERIAL);
        });

        it("constructs a key in an external key store", async () => {
            await construct(new KmsKeyProvider(), "xks", "kmskey:index:KmsKey", { origin: "EXTERNAL_KEY_STORE", customKeyStoreId: STORE, xksKeyId: "k1" });
            expect(mocks.ofType(KEY)[0].inputs).to.deep.include({ customKeyStoreId: STORE, xksKeyId: "k1", enableKeyRotation: false });
        });

        it("reports refusals per property", async () => {
            const provider = new KmsKeyProvider();
            expectInputError(await failure(provider.construct("a", "kmskey:index:KmsKey", { origin: "HSM" }, {})), "origin", /not a valid Origin|not a key origin/);
            expectInputError(await failure(provider.construct("b", "kmskey:index:KmsKey", { origin: "EXTERNAL_KEY_STORE", customKeyStoreId: STORE }, {})), "xksKeyId", /requires it/);
            expectInputError(await failure(provider.construct("c", "kmskey:index:KmsKey", { validTo: "2030-01-01T00:00:00Z" }, {})), "validTo", /only a key of origin EXTERNAL/);
            expectInputError(await failure(provider.construct("d", "kmskey:index:KmsKey", { origin: "AWS_CLOUDHSM", customKeyStoreId: STORE, multiRegion: true }, {})), "multiRegion", /cannot be multi-Region/);
            expectInputError(await failure(provider.construct("e", "kmskey:index:KmsKey", { origin: "EXTERNAL", keyMaterialBase64: "!!" }, {})), "keyMaterialBase64", /not standard base64/);
            expect(mocks.ofType(KEY).concat(mocks.ofType(EXTERNAL_KEY))).to.deep.equal([]);
        });
    });
});
