// The backend rules of the core (policy/backends.ts): which backend is asked for, and what aws-native cannot build,
// each refused naming the input, the backend and what is allowed instead; nothing the aws backend takes is refused.
import { expect } from "chai";
import { BACKENDS, BackendInputs, checkBackend, resolveBackend } from "../../provider/src/policy";
import { rejects } from "../support/rejects";

const NATIVE = { backend: "aws-native" } as const;
const MATERIAL = Buffer.alloc(32, 7).toString("base64");

describe("backends (core)", () => {
    it("defaults to aws, accepts aws-native, refuses anything else listing both", () => {
        expect(resolveBackend(undefined)).to.equal("aws");
        expect(resolveBackend("aws-native")).to.equal("aws-native");
        rejects(() => resolveBackend("awsnative"), "backend", "backend: 'awsnative' is not a backend; allowed: aws, aws-native");
        rejects(() => resolveBackend("AWS"), "backend", "allowed: aws, aws-native");
        rejects(() => resolveBackend(1), "backend", "backend: 1 is not a backend");
    });

    it("aws takes every feature", () => {
        const everything: BackendInputs = {
            origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: "2030-01-01T00:00:00Z", replicaRegions: ["eu-west-1"], bypassPolicyLockoutSafetyCheck: true,
            kmsGrants: [{ grantee: "111122223333", operations: ["Decrypt"] }], pendingWindowInDays: 7,
        };
        expect(checkBackend(everything)).to.equal("aws");
        expect(checkBackend({ ...everything, backend: "aws" })).to.equal("aws");
        expect(checkBackend({ origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-1" })).to.equal("aws");
        expect(checkBackend({ origin: "EXTERNAL_KEY_STORE", customKeyStoreId: "cks-1", xksKeyId: "k" })).to.equal("aws");
    });

    it("aws-native takes what its kms resources have", () => {
        expect(checkBackend(NATIVE)).to.equal("aws-native");
        expect(checkBackend({ ...NATIVE, origin: "AWS_KMS", replicaRegions: ["eu-west-1"], pendingWindowInDays: 30 })).to.equal("aws-native");
        expect(checkBackend({ ...NATIVE, origin: "EXTERNAL" })).to.equal("aws-native");
        expect(checkBackend({ ...NATIVE, bypassPolicyLockoutSafetyCheck: true })).to.equal("aws-native");
        // Empty lists ask for nothing.
        expect(checkBackend({ ...NATIVE, kmsGrants: [], replicaRegions: [], bypassPolicyLockoutSafetyCheck: true })).to.equal("aws-native");
    });

    it("aws-native refuses KMS grants, key material, custom key stores, naming the input and the backend", () => {
        rejects(() => checkBackend({ ...NATIVE, kmsGrants: [{ grantee: "111122223333", operations: ["Decrypt"] }] }), "kmsGrants",
            `cannot be used with backend "aws-native": @pulumi/aws-native has no KMS grant resource`);
        rejects(() => checkBackend({ ...NATIVE, origin: "EXTERNAL", keyMaterialBase64: MATERIAL }), "keyMaterialBase64", "aws-native:kms:Key has no key material input");
        rejects(() => checkBackend({ ...NATIVE, origin: "EXTERNAL", validTo: "2030-01-01T00:00:00Z" }), "validTo", `backend "aws-native"`);
        rejects(() => checkBackend({ ...NATIVE, origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-1" }), "customKeyStoreId", "no custom key store input");
        rejects(() => checkBackend({ ...NATIVE, origin: "EXTERNAL_KEY_STORE", xksKeyId: "k" }), "xksKeyId", "no external key store input");
        rejects(() => checkBackend({ ...NATIVE, origin: "AWS_CLOUDHSM" }), "origin", "'AWS_CLOUDHSM' cannot be used with backend \"aws-native\": aws-native:kms:Key creates keys of origin AWS_KMS or EXTERNAL only");
        rejects(() => checkBackend({ ...NATIVE, origin: "EXTERNAL_KEY_STORE" }), "origin", "use backend \"aws\", or leave origin out");
    });

    it("never shows key material in the error", () => {
        let message = "";
        try { checkBackend({ ...NATIVE, keyMaterialBase64: MATERIAL }); } catch (e) { message = (e as Error).message; }
        expect(message).to.contain("keyMaterialBase64").and.not.to.contain(MATERIAL);
    });

    it("aws-native refuses replicas it cannot build, and a waiting period its deletion ignores", () => {
        rejects(() => checkBackend({ ...NATIVE, origin: "EXTERNAL", replicaRegions: ["eu-west-1"] }), "replicaRegions",
            "a replica of an origin EXTERNAL key needs its key material imported, which aws-native:kms:ReplicaKey cannot do");
        rejects(() => checkBackend({ ...NATIVE, replicaRegions: ["eu-west-1"], bypassPolicyLockoutSafetyCheck: true }), "bypassPolicyLockoutSafetyCheck",
            "aws-native:kms:ReplicaKey has no bypassPolicyLockoutSafetyCheck");
        rejects(() => checkBackend({ ...NATIVE, pendingWindowInDays: 7 }), "pendingWindowInDays",
            `pendingWindowInDays: 7 cannot be used with backend "aws-native": its deletion goes through Cloud Control, which schedules it with KMS's default waiting period of 30 days`);
    });

    it("leaves a value that is no origin to the origin check", () => {
        expect(checkBackend({ ...NATIVE, origin: "HSM" })).to.equal("aws-native");
    });

    it("is data: every backend names its package and key type, and aws lacks nothing", () => {
        expect(Object.keys(BACKENDS)).to.deep.equal(["aws", "aws-native"]);
        expect(BACKENDS.aws.lacks).to.deep.equal({});
        expect(BACKENDS["aws-native"]).to.include({ pkg: "aws-native", keyToken: "aws-native:kms:Key", replicaBypass: false, fixedDeletionWindow: 30 });
        expect(Object.keys(BACKENDS["aws-native"].lacks).sort()).to.deep.equal(["customKeyStoreId", "keyMaterialBase64", "kmsGrants", "validTo", "xksKeyId"]);
    });
});
