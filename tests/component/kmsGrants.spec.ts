// kmsGrants under mocks: one aws.kms.Grant per grant on the key's id, under the component, with the checked
// inputs; the ids in order and the tokens as a secret; refusals before anything is registered, or of a field given
// as an Output once it is known; and through the provider (Construct's state, per-property input errors).
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKey, KmsKeyError } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, expectInputError, failure, ignoringUnhandledKmsKeyErrors } from "../provider/inProcess";
import { RecordingMocks, mockKeyId, settled, useMocks, valueOf } from "../support/mocks";

const READER = "arn:aws:iam::444455556666:role/Reader";
const GRANT = "aws:kms/grant:Grant";

function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

describe("kmsGrants (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("creates one aws.kms.Grant per grant on the key, under the component, in order", async () => {
        const key = new KmsKey("data", {
            kmsGrants: [
                { grantee: READER, operations: ["Decrypt", "DescribeKey"] },
                {
                    grantee: "444455556666", operations: ["Encrypt", "GenerateDataKey"], constraints: { encryptionContextSubset: { app: "orders" } },
                    retiringPrincipal: "arn:aws:iam::111122223333:role/Ops", name: "orders-writer", grantCreationTokens: ["t1"], retireOnDelete: true,
                },
            ],
        });
        await settled(key, key.key, ...key.kmsGrants);
        await key.whenValid();
        const grants = mocks.ofType(GRANT);
        expect(grants.map((g) => g.name)).to.deep.equal(["data-kmsgrant-0", "data-kmsgrant-1"]);
        const componentUrn = await valueOf(key.urn);
        for (const g of grants) {
            expect(g.custom).to.equal(true);
            expect(g.options.parent).to.equal(componentUrn);
            expect(g.inputs.keyId).to.equal(mockKeyId("data"));
        }
        expect(grants[0].inputs).to.deep.equal({ keyId: mockKeyId("data"), granteePrincipal: READER, operations: ["Decrypt", "DescribeKey"] });
        expect(grants[1].inputs).to.deep.equal({
            keyId: mockKeyId("data"), granteePrincipal: "arn:aws:iam::444455556666:root", operations: ["Encrypt", "GenerateDataKey"],
            constraints: [{ encryptionContextSubset: { app: "orders" } }], retiringPrincipal: "arn:aws:iam::111122223333:role/Ops",
            name: "orders-writer", grantCreationTokens: ["t1"], retireOnDelete: true,
        });
        const ids = await valueOf(key.kmsGrantIds);
        expect(ids).to.deep.equal(await Promise.all(key.kmsGrants.map((g) => valueOf(g.grantId))));
        expect(ids).to.have.length(2);
        expect(ids[0]).to.match(/^[0-9a-f]{64}$/);
        expect(await valueOf(key.kmsGrantTokens)).to.deep.equal(["token-of-data-kmsgrant-0", "token-of-data-kmsgrant-1"]);
        expect(await isSecret(key.kmsGrantTokens)).to.equal(true);
        expect(await isSecret(key.kmsGrantIds)).to.equal(false);
        // Grants live outside the key policy: it is the default one.
        expect(JSON.parse(await valueOf(key.policy)).Statement).to.have.length(1);
    });

    it("creates none without kmsGrants, with empty outputs", async () => {
        const key = new KmsKey("plain");
        await settled(key, key.key);
        expect(mocks.ofType(GRANT)).to.deep.equal([]);
        expect(await valueOf(key.kmsGrantIds)).to.deep.equal([]);
        expect(await valueOf(key.kmsGrantTokens)).to.deep.equal([]);
        expect(key.kmsGrants).to.deep.equal([]);
    });

    it("takes fields that are Outputs (a role created in the same program) and checks them once known", async () => {
        const key = new KmsKey("data", { kmsGrants: [{ grantee: pulumi.output("444455556666"), operations: [pulumi.output("Decrypt")] }] });
        await settled(key, key.key, ...key.kmsGrants);
        await key.whenValid();
        expect(mocks.ofType(GRANT)[0].inputs).to.deep.include({ granteePrincipal: "arn:aws:iam::444455556666:root", operations: ["Decrypt"] });

        const restore = ignoringUnhandledKmsKeyErrors();
        try {
            const bad = new KmsKey("bad", { kmsGrants: [{ grantee: READER, operations: ["Decrypt"] }, { grantee: pulumi.output("*"), operations: ["Decrypt"] }] });
            const error = await bad.whenValid().then(() => undefined, (e) => e);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error.property).to.equal("kmsGrants[1].grantee");
            expect(error.message).to.contain("\"*\" cannot be a grant's principal");
        } finally {
            await restore();
        }
    });

    it("refuses plain bad input before anything is registered", () => {
        expect(() => new KmsKey("a", { kmsGrants: [{ grantee: READER, operations: ["Decrpyt"] }] })).to.throw(KmsKeyError, "did you mean Decrypt?");
        expect(() => new KmsKey("b", { kmsGrants: [{ grantee: "*", operations: ["Decrypt"] }] })).to.throw(KmsKeyError, "kmsGrants[0].grantee");
        expect(() => new KmsKey("c", { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", kmsGrants: [{ grantee: READER, operations: ["Decrypt"] }] }))
            .to.throw(KmsKeyError, "keyUsage SIGN_VERIFY does not support Decrypt");
        expect(() => new KmsKey("d", { kmsGrants: [{ grantee: READER, operations: ["Decrypt"], extra: 1 } as never] })).to.throw(KmsKeyError, "unknown field 'extra'");
        // Part known, part Output: the known grant is still checked now.
        expect(() => new KmsKey("e", { kmsGrants: [{ grantee: pulumi.output(READER), operations: ["Decrypt"] }, { grantee: READER, operations: [] }] }))
            .to.throw(KmsKeyError, "kmsGrants[1].operations: a grant needs at least one operation");
        expect(() => new KmsKey("f", { kmsGrants: pulumi.output([]) as never })).to.throw(KmsKeyError, "kmsGrants: must be a plain value");
        expect(mocks.registrations).to.deep.equal([]);
    });

    describe("through the provider", () => {
        it("constructs a key with grants: ids in order, tokens secret", async () => {
            const { state } = await construct(new KmsKeyProvider(), "data", "kmskey:index:KmsKey",
                { kmsGrants: [{ grantee: READER, operations: ["Decrypt"] }, { grantee: "logs.amazonaws.com", operations: ["Encrypt"], name: "logs" }] });
            const ids = await valueOf(state.kmsGrantIds as pulumi.Output<string[]>);
            expect(ids).to.have.length(2);
            expect(await isSecret(state.kmsGrantTokens as pulumi.Output<string[]>)).to.equal(true);
            expect(await valueOf(state.kmsGrantTokens as pulumi.Output<string[]>)).to.deep.equal(["token-of-data-kmsgrant-0", "token-of-data-kmsgrant-1"]);
            const grants = mocks.ofType(GRANT);
            expect(grants.map((g) => [g.inputs.granteePrincipal, g.inputs.name])).to.deep.equal([[READER, undefined], ["logs.amazonaws.com", "logs"]]);
        });

        it("reports each refusal as an input error for its property", async () => {
            const provider = new KmsKeyProvider();
            expectInputError(await failure(provider.construct("a", "kmskey:index:KmsKey", { kmsGrants: [{ grantee: READER, operations: ["Encrpyt"] }] }, {})),
                "kmsGrants[0].operations[0]", /did you mean Encrypt\?/);
            expectInputError(await failure(provider.construct("b", "kmskey:index:KmsKey", { kmsGrants: [{ grantee: READER, operations: ["Decrypt"], grantees: [] }] }, {})),
                "kmsGrants[0].grantees", /unknown/);
            expectInputError(await failure(provider.construct("c", "kmskey:index:KmsKey",
                { kmsGrants: [{ grantee: READER, operations: ["Decrypt"], constraints: { encryptionContextEquals: { a: "b" }, encryptionContextSubset: { a: "b" } } }] }, {})),
            "kmsGrants[0].constraints", /exactly one/);
            expectInputError(await failure(provider.construct("d", "kmskey:index:KmsKey", { kmsGrants: [{ grantee: "*", operations: ["Decrypt"] }] }, {})),
                "kmsGrants[0].grantee", /specific principal/);
            expect(mocks.ofType(GRANT)).to.deep.equal([]);
        });
    });
});
