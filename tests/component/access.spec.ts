// The accessSummary output: the key policy and the grant methods' identity policies, evaluated.
import { expect } from "chai";
import { KmsKey } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { ACCOUNT, useMocks, valueOf } from "../support/mocks";

const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;

describe("KmsKey accessSummary", () => {
    beforeEach(async () => { await useMocks(); });

    it("lists the root (IAM-delegated), the admins and grants, and grant methods called right after the constructor", async () => {
        const key = new KmsKey("data", { admins: [role("KeyAdmin")], grants: [{ grantee: "444455556666", kind: "decrypt" }] });
        key.grantSignVerify(role("Signer"));
        const summary = await valueOf(key.accessSummary);
        expect(summary.map((e) => [e.principal, e.source, e.capabilities])).to.deep.equal([
            [`arn:aws:iam::${ACCOUNT}:root`, "keyPolicy", ["admin", "encrypt", "decrypt", "sign", "verify", "generateMac", "verifyMac", "createGrant", "changePolicy", "scheduleDeletion"]],
            [role("KeyAdmin"), "keyPolicy", ["admin", "createGrant", "changePolicy", "scheduleDeletion"]],
            ["arn:aws:iam::444455556666:root", "keyPolicy", ["decrypt"]],
            [role("Signer"), "identityPolicy", ["sign", "verify"]],
        ]);
        expect(summary[0].delegatedToIam).to.equal(true);
        expect(summary[2].crossAccount).to.equal(true);
    });

    it("lists the kmsGrants' grantees, marked as coming from a KMS grant", async () => {
        const key = new KmsKey("granted", { kmsGrants: [{ grantee: role("Reader"), operations: ["Decrypt"], constraints: { encryptionContextEquals: { app: "orders" } } }] });
        const summary = await valueOf(key.accessSummary);
        expect(summary.filter((e) => e.source === "kmsGrant")).to.deep.equal([{
            principal: role("Reader"), type: "AWS", delegatedToIam: false, crossAccount: false, source: "kmsGrant", capabilities: ["decrypt"],
            conditions: [{ EncryptionContextEquals: { app: "orders" } }], limitedByDeny: [],
        }]);
    });

    it("is part of the state a Construct returns", async () => {
        const { state } = await new KmsKeyProvider().construct("k", "kmskey:index:KmsKey", { grants: [{ grantee: "*", kind: "decrypt", viaService: "s3" }] }, {});
        const summary = (await valueOf(state.accessSummary)) as { principal: string }[];
        expect(summary.find((e) => e.principal === "*")).to.deep.include({
            capabilities: ["decrypt"], conditions: [{ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT } }],
        });
    });
});
