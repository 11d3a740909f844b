import { expect } from "chai";
import { DEFAULT_DUMMY_KEY_ID, ImportedKey, KmsKey, KmsKeyError } from "../../provider/src";
import { ACCOUNT, RecordingMocks, settled, useMocks, valueOf } from "../support/mocks";

const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Reader`;

async function outputs(key: ImportedKey) {
    await settled(key);
    await key.whenValid();
    return { keyId: await valueOf(key.keyId), keyArn: await valueOf(key.keyArn), aliasName: await valueOf(key.aliasName), isLookupDummy: await valueOf(key.isLookupDummy) };
}

describe("imported keys", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks({ existingAliases: { "alias/logs": "9999ffff-0000-1111-2222-333344445555" } }); });

    it("fromKeyArn reads the key id and creates nothing", async () => {
        const key = KmsKey.fromKeyArn("shared", KEY_ARN);
        expect(await outputs(key)).to.deep.equal({ keyId: "1111aaaa-22bb-33cc-44dd-555555eeeeee", keyArn: KEY_ARN, aliasName: undefined, isLookupDummy: false });
        expect(mocks.registrations.filter((r) => r.custom)).to.have.length(0);
        expect(mocks.ofType("kmskey:index:ImportedKey")).to.have.length(1);
    });

    it("fromKeyArn rejects bad ARNs with CDK's messages", () => {
        expect(() => KmsKey.fromKeyArn("bad", "1234")).to.throw(KmsKeyError, 'ARNs must start with "arn:" and have at least 6 components: 1234');
        expect(() => KmsKey.fromKeyArn("bad", "arn:aws:kms:us-east-1:111122223333:key/"))
            .to.throw(KmsKeyError, "KMS key ARN must be in the format 'arn:<partition>:kms:<region>:<account>:key/<keyId>'");
    });

    it("grants on a key imported by ARN attach identity policies on that ARN", async () => {
        const key = KmsKey.fromKeyArn("shared", KEY_ARN);
        key.grantEncryptDecrypt(ROLE);
        await outputs(key);
        const [policy] = mocks.ofType("aws:iam/rolePolicy:RolePolicy");
        expect(JSON.parse(policy.inputs.policy).Statement[0]).to.deep.equal({
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], Effect: "Allow", Resource: KEY_ARN,
        });
    });

    it("refuses grants that would need the policy of a key this stack does not own", async () => {
        const key = KmsKey.fromKeyArn("shared", KEY_ARN);
        expect(() => key.grantDecrypt("logs.amazonaws.com")).to.throw(KmsKeyError, "this stack does not own the key, so it cannot change the key's policy");
        key.grantDecrypt("arn:aws:iam::444455556666:role/Other");
        const error = await key.whenValid().then(() => undefined, (e) => e);
        expect(error?.message).to.contain("is in account 444455556666").and.contain("this stack does not own the key");
    });

    it("fromAliasName stands for the key by its alias ARN and scopes grants with kms:ResourceAliases", async () => {
        const key = KmsKey.fromAliasName("logs", "alias/logs");
        key.grantDecrypt(ROLE);
        expect(await outputs(key)).to.deep.equal({ keyId: "alias/logs", keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/logs`, aliasName: "alias/logs", isLookupDummy: false });
        const [policy] = mocks.ofType("aws:iam/rolePolicy:RolePolicy");
        expect(JSON.parse(policy.inputs.policy).Statement[0]).to.deep.equal({
            Action: "kms:Decrypt", Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/logs" } },
            Effect: "Allow", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`,
        });
        expect(() => key.addAlias("more")).to.throw(KmsKeyError, "Cannot call addAlias on a key imported by alias name");
    });

    it("fromLookup resolves an existing alias", async () => {
        const key = KmsKey.fromLookup("logs", { aliasName: "logs" });
        expect(await outputs(key)).to.deep.equal({
            keyId: "9999ffff-0000-1111-2222-333344445555", keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/9999ffff-0000-1111-2222-333344445555`,
            aliasName: "alias/logs", isLookupDummy: false,
        });
        expect(mocks.invokes.find((i) => i.token === "aws:kms/getAlias:getAlias")?.inputs).to.deep.equal({ name: "alias/logs" });
        key.addAlias("logs-2");
        await settled(key);
        await key.whenValid();
        expect(mocks.ofType("aws:kms/alias:Alias")[0].inputs.targetKeyId).to.equal(`arn:aws:kms:us-east-1:${ACCOUNT}:key/9999ffff-0000-1111-2222-333344445555`);
    });

    it("fromLookup fails naming a missing alias", async () => {
        const key = KmsKey.fromLookup("nope", { aliasName: "alias/nope" });
        const error = await key.whenValid().then(() => undefined, (e) => e);
        expect(error).to.be.instanceOf(KmsKeyError);
        expect(error.property).to.equal("lookupAliasName");
        expect(error.message).to.contain("no KMS alias named alias/nope exists").and.contain("returnDummyKeyOnMissing");
    });

    it("fromLookup returns CDK's dummy key on a missing alias when asked", async () => {
        const key = KmsKey.fromLookup("nope", { aliasName: "alias/nope", returnDummyKeyOnMissing: true });
        expect(await outputs(key)).to.deep.equal({
            keyId: DEFAULT_DUMMY_KEY_ID, keyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${DEFAULT_DUMMY_KEY_ID}`, aliasName: "alias/nope", isLookupDummy: true,
        });
        expect(DEFAULT_DUMMY_KEY_ID).to.equal("1234abcd-12ab-34cd-56ef-1234567890ab");
    });

    it("needs exactly one way to import", () => {
        expect(() => new ImportedKey("x", {})).to.throw(KmsKeyError, "give exactly one of keyArn, aliasName and lookupAliasName to import a key; got none");
        expect(() => new ImportedKey("x", { keyArn: KEY_ARN, aliasName: "alias/a" })).to.throw(KmsKeyError, "got keyArn and aliasName")
            .with.property("property", "aliasName");
        expect(() => new ImportedKey("x", { keyArn: KEY_ARN, returnDummyKeyOnMissing: true })).to.throw(KmsKeyError, "returnDummyKeyOnMissing only applies with lookupAliasName");
        expect(() => new ImportedKey("x", { aliasName: "bad name" })).to.throw(KmsKeyError, 'aliasName: "bad name" is not an alias name');
        expect(mocks.registrations).to.have.length(0);
    });
});
