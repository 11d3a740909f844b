// dnssec under mocks: the statements in the registered key policy, hosted zones given as Outputs, and the key
// requirements refused before anything is registered (spec, usage) or once the provider's region is known
// (us-east-1), also through the provider as per-property input errors.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKey, KmsKeyError } from "../../provider/src";
import { KmsKeyProvider } from "../../provider/src/provider";
import { construct, expectInputError, failure, ignoringUnhandledKmsKeyErrors } from "../provider/inProcess";
import { ACCOUNT, RecordingMocks, settled, useMocks, valueOf } from "../support/mocks";

const SIGNING = { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" } as const;
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

async function registeredPolicy(mocks: RecordingMocks, key: KmsKey) {
    await settled(key, key.key);
    await key.whenValid();
    const [registered] = mocks.ofType("aws:kms/key:Key");
    return { inputs: registered.inputs, statements: JSON.parse(registered.inputs.policy).Statement };
}

describe("dnssec (component)", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("writes the two Route 53 statements into the signing key's policy, for the key's account by default", async () => {
        const { inputs, statements } = await registeredPolicy(mocks, new KmsKey("ksk", { ...SIGNING, dnssec: {} }));
        expect(inputs).to.deep.include({ customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", enableKeyRotation: false });
        expect(statements.map((s: any) => s.Sid)).to.deep.equal([undefined, "Route53DnssecService", "Route53DnssecGrant"]);
        for (const s of statements.slice(1)) {
            expect(s.Principal).to.deep.equal({ Service: "dnssec-route53.amazonaws.com" });
            expect(s.Condition.StringEquals).to.deep.equal({ "aws:SourceAccount": ACCOUNT });
            expect(s.Condition.ArnLike).to.deep.equal({ "aws:SourceArn": "arn:aws:route53:::hostedzone/*" });
        }
        expect(statements[2].Condition.Bool).to.deep.equal({ "kms:GrantIsForAWSResource": "true" });
    });

    it("takes hosted zone ARNs that are Outputs (a zone created in the same program)", async () => {
        const zoneArn = pulumi.output(ZONE);
        const { statements } = await registeredPolicy(mocks, new KmsKey("ksk", { ...SIGNING, dnssec: { hostedZoneArns: [zoneArn], sourceAccounts: ["444455556666"] } }));
        expect(statements[1].Condition).to.deep.equal({ ArnLike: { "aws:SourceArn": ZONE }, StringEquals: { "aws:SourceAccount": "444455556666" } });
    });

    it("refuses a key that cannot sign DNSSEC records before anything is registered", () => {
        expect(() => new KmsKey("ksk", { dnssec: {} })).to.throw(KmsKeyError, "keySpec: 'SYMMETRIC_DEFAULT' (the default) cannot sign DNSSEC records");
        expect(() => new KmsKey("ksk", { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", dnssec: {} })).to.throw(KmsKeyError, "keySpec: 'RSA_2048' cannot sign DNSSEC records");
        expect(() => new KmsKey("ksk", { ...SIGNING, dnssec: { hostedZoneArns: ["Z0123"] } })).to.throw(KmsKeyError, "dnssec.hostedZoneArns[0]: 'Z0123' is not a hosted zone ARN");
        expect(mocks.registrations).to.deep.equal([]);
    });

    it("refuses a key outside us-east-1 once the provider's region is known", async () => {
        const restore = ignoringUnhandledKmsKeyErrors();
        try {
            await useMocks({ region: "eu-west-1" });
            const key = new KmsKey("ksk", { ...SIGNING, dnssec: {} });
            const error = await key.whenValid().then(() => undefined, (e) => e);
            expect(error).to.be.instanceOf(KmsKeyError);
            expect(error.property).to.equal("dnssec");
            expect(error.message).to.contain("this key would be created in 'eu-west-1' (the AWS provider's region)");
        } finally {
            await restore();
        }
        // The same key in us-east-1 is fine.
        const fresh = await useMocks();
        expect((await registeredPolicy(fresh, new KmsKey("ksk2", { ...SIGNING, dnssec: {} }))).statements).to.have.length(3);
    });

    describe("through the provider", () => {
        it("reports each refusal as an input error for its property", async () => {
            const provider = new KmsKeyProvider();
            expectInputError(await failure(provider.construct("a", "kmskey:index:KmsKey", { dnssec: {} }, {})), "keySpec", /cannot sign DNSSEC records/);
            expectInputError(await failure(provider.construct("b", "kmskey:index:KmsKey", { ...SIGNING, dnssec: { hostedZone: ZONE } }, {})), "dnssec.hostedZone", /unknown/);
            expectInputError(await failure(provider.construct("c", "kmskey:index:KmsKey", { ...SIGNING, dnssec: { sourceAccounts: "111122223333" } }, {})),
                "dnssec.sourceAccounts", /expected/);
            const m = await useMocks({ region: "ap-southeast-2" });
            const restore = ignoringUnhandledKmsKeyErrors();
            try {
                expectInputError(await failure(new KmsKeyProvider().construct("d", "kmskey:index:KmsKey", { ...SIGNING, dnssec: {} }, {})), "dnssec", /only keys in us-east-1/);
            } finally {
                await restore();
            }
            expect(m.ofType("aws:kms/key:Key")).to.deep.equal([]);
        });

        it("constructs a DNSSEC signing key", async () => {
            const { state } = await construct(new KmsKeyProvider(), "ksk", "kmskey:index:KmsKey", { ...SIGNING, dnssec: { hostedZoneArns: [ZONE] } });
            const policy = JSON.parse(await valueOf(state.policy as pulumi.Output<string>));
            expect(policy.Statement[2]).to.deep.include({ Sid: "Route53DnssecGrant", Action: "kms:CreateGrant" });
            expect(policy.Statement[2].Condition.ArnLike).to.deep.equal({ "aws:SourceArn": ZONE });
        });
    });
});
