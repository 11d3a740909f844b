// KMS grants (kmsGrants) in the core: KMS's grant operations and which keys support them, the grantee and the
// retiring principal like any principal (never "*"), encryption-context constraints, names and grant tokens.
import { expect } from "chai";
import { GRANT_OPERATIONS, GRANT_OPERATIONS_BY_USAGE, KmsKeyError, resolveKmsGrant, resolveKmsGrants } from "../../provider/src/policy";
import { rejects } from "../support/rejects";

const ROLE = "arn:aws:iam::444455556666:role/Reader";
const KEY = { partition: "aws" };

describe("kmsGrants (core)", () => {
    it("lists KMS's 17 grant operations, and the key usages each fits", () => {
        expect(GRANT_OPERATIONS).to.deep.equal([
            "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify",
            "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac", "VerifyMac", "DeriveSharedSecret",
        ]);
        const covered = new Set([...Object.values(GRANT_OPERATIONS_BY_USAGE).flat(), "DescribeKey", "CreateGrant", "RetireGrant"]);
        expect([...covered].sort()).to.deep.equal([...GRANT_OPERATIONS].sort());
    });

    it("takes a grant as KMS does, an account id as its root ARN, a service principal as given", () => {
        expect(resolveKmsGrants([
            { grantee: ROLE, operations: ["Decrypt", "DescribeKey"] },
            {
                grantee: "444455556666", operations: ["Encrypt", "GenerateDataKey"], constraints: { encryptionContextSubset: { app: "orders" } },
                retiringPrincipal: "arn:aws:iam::111122223333:role/Ops", name: "orders-writer", grantCreationTokens: ["t1"], retireOnDelete: true,
            },
            { grantee: "logs.amazonaws.com", operations: ["Encrypt"], constraints: { encryptionContextEquals: { a: "b" } } },
        ], KEY)).to.deep.equal([
            { granteePrincipal: ROLE, operations: ["Decrypt", "DescribeKey"] },
            {
                granteePrincipal: "arn:aws:iam::444455556666:root", operations: ["Encrypt", "GenerateDataKey"], constraints: { encryptionContextSubset: { app: "orders" } },
                retiringPrincipal: "arn:aws:iam::111122223333:role/Ops", name: "orders-writer", grantCreationTokens: ["t1"], retireOnDelete: true,
            },
            { granteePrincipal: "logs.amazonaws.com", operations: ["Encrypt"], constraints: { encryptionContextEquals: { a: "b" } } },
        ]);
        expect(resolveKmsGrants(undefined, KEY)).to.deep.equal([]);
        expect(resolveKmsGrants([], KEY)).to.deep.equal([]);
        expect(resolveKmsGrant({ grantee: "444455556666", operations: ["Decrypt"] }, "g", { partition: "aws-cn" }).granteePrincipal).to.equal("arn:aws-cn:iam::444455556666:root");
        expect(resolveKmsGrant({ grantee: ROLE, operations: ["Decrypt"], retireOnDelete: false }, "g", KEY).retireOnDelete).to.equal(false);
    });

    it("refuses an unknown operation with the nearest one, an empty list, duplicates and non-strings", () => {
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["Decrpyt"] }], KEY), "kmsGrants[0].operations[0]",
            "kmsGrants[0].operations[0]: 'Decrpyt' is not a KMS grant operation; did you mean Decrypt? (grant operations: Decrypt, Encrypt,");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["Decrypt", "kms:GenerateDataKey"] }], KEY), "kmsGrants[0].operations[1]",
            "'kms:GenerateDataKey' is not a KMS grant operation; did you mean GenerateDataKey?");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["decrypt"] }], KEY), "kmsGrants[0].operations[0]", "did you mean Decrypt?");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["ListGrants"] }], KEY), "kmsGrants[0].operations[0]", "'ListGrants' is not a KMS grant operation");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: [] }], KEY), "kmsGrants[0].operations", "kmsGrants[0].operations: a grant needs at least one operation");
        rejects(() => resolveKmsGrants([{ grantee: ROLE }], KEY), "kmsGrants[0].operations", "expected a list of grant operations");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: "Decrypt" }], KEY), "kmsGrants[0].operations", "expected a list of grant operations");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["Decrypt", "Encrypt", "Decrypt"] }], KEY), "kmsGrants[0].operations[2]",
            "kmsGrants[0].operations[2]: 'Decrypt' is already kmsGrants[0].operations[0]");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: [7] }], KEY), "kmsGrants[0].operations[0]", "7 is not a grant operation");
    });

    it("refuses operations the key does not support, as KMS does", () => {
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["Sign"] }, "g", KEY), "g.operations[0]",
            "g.operations[0]: a key of keySpec SYMMETRIC_DEFAULT and keyUsage ENCRYPT_DECRYPT does not support Sign, so KMS would refuse the grant");
        const signing = { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", partition: "aws" };
        expect(resolveKmsGrant({ grantee: ROLE, operations: ["Sign", "Verify", "GetPublicKey", "DescribeKey"] }, "g", signing).operations).to.have.length(4);
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["Decrypt"] }, "g", signing), "g.operations[0]", "keyUsage SIGN_VERIFY does not support Decrypt");
        const rsa = { keySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" };
        expect(resolveKmsGrant({ grantee: ROLE, operations: ["Decrypt", "GetPublicKey"] }, "g", rsa).operations).to.deep.equal(["Decrypt", "GetPublicKey"]);
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["GenerateDataKey"] }, "g", rsa), "g.operations[0]", "keySpec RSA_2048 and keyUsage ENCRYPT_DECRYPT does not support GenerateDataKey");
        const mac = { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" };
        expect(resolveKmsGrant({ grantee: ROLE, operations: ["GenerateMac", "VerifyMac", "CreateGrant", "RetireGrant"] }, "g", mac).operations).to.have.length(4);
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["Sign"] }, "g", mac), "g.operations[0]", "does not support Sign");
        const agreement = { keySpec: "ECC_NIST_P384", keyUsage: "KEY_AGREEMENT" };
        expect(resolveKmsGrant({ grantee: ROLE, operations: ["DeriveSharedSecret"] }, "g", agreement).operations).to.deep.equal(["DeriveSharedSecret"]);
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["DeriveSharedSecret"] }, "g", KEY), "g.operations[0]", "does not support DeriveSharedSecret");
    });

    it("refuses \"*\", identity providers and anything that is not a principal, for grantee and retiringPrincipal", () => {
        rejects(() => resolveKmsGrants([{ grantee: "*", operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee",
            "kmsGrants[0].grantee: \"*\" cannot be a grant's principal; a KMS grant names one specific principal");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["Decrypt"], retiringPrincipal: "*" }], KEY), "kmsGrants[0].retiringPrincipal", "\"*\" cannot be a grant's principal");
        rejects(() => resolveKmsGrants([{ operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee", "undefined is not a principal");
        rejects(() => resolveKmsGrants([{ grantee: "arn:aws:iam::444455556666:group/Readers", operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee", "IAM groups cannot be principals");
        rejects(() => resolveKmsGrants([{ grantee: "arn:aws:iam::444455556666:role/*", operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee", "a wildcard inside a principal ARN");
        rejects(() => resolveKmsGrants([{ grantee: "arn:aws-cn:iam::444455556666:role/R", operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee", "it is in partition aws-cn, but the key is in aws");
        rejects(() => resolveKmsGrants([{ grantee: "arn:aws:iam::444455556666:saml-provider/Corp", operations: ["Decrypt"] }], KEY), "kmsGrants[0].grantee",
            "is an identity provider, which cannot hold a grant; name the role its federated users assume");
        rejects(() => resolveKmsGrants([{ grantee: ROLE, operations: ["Decrypt"], retiringPrincipal: "bob" }], KEY), "kmsGrants[0].retiringPrincipal", "'bob' is not a principal");
    });

    it("takes exactly one encryption-context constraint, of 1 to 8 string pairs, on symmetric keys only", () => {
        const grant = (constraints: unknown, key: object = KEY) => () => resolveKmsGrant({ grantee: ROLE, operations: ["Decrypt"], constraints }, "g", key);
        rejects(grant({}), "g.constraints", "g.constraints: give exactly one of encryptionContextEquals or encryptionContextSubset, got neither");
        rejects(grant({ encryptionContextEquals: { a: "b" }, encryptionContextSubset: { a: "b" } }), "g.constraints", "got both");
        rejects(grant({ encryptionContextEqual: { a: "b" } }), "g.constraints.encryptionContextEqual", "unknown field 'encryptionContextEqual'; constraints has encryptionContextEquals, encryptionContextSubset");
        rejects(grant([{ encryptionContextEquals: { a: "b" } }]), "g.constraints", "expected {encryptionContextEquals or encryptionContextSubset}");
        rejects(grant({ encryptionContextSubset: "a=b" }), "g.constraints.encryptionContextSubset", "expected an encryption context, an object of string to string");
        rejects(grant({ encryptionContextSubset: {} }), "g.constraints.encryptionContextSubset", "an empty encryption context constrains nothing");
        rejects(grant({ encryptionContextSubset: { n: 1 } }), "g.constraints.encryptionContextSubset[\"n\"]", "an encryption context value must be a string, got 1");
        const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, "v"]));
        rejects(grant({ encryptionContextSubset: nine }), "g.constraints.encryptionContextSubset", "9 pairs; KMS allows at most 8");
        rejects(grant({ encryptionContextEquals: { a: "x".repeat(385) } }), "g.constraints.encryptionContextEquals[\"a\"]", "385 characters; KMS allows at most 384");
        expect(grant({ encryptionContextEquals: { a: "x".repeat(384) } })().constraints).to.deep.equal({ encryptionContextEquals: { a: "x".repeat(384) } });
        expect(grant(null)().constraints).to.equal(undefined);
        rejects(() => resolveKmsGrant({ grantee: ROLE, operations: ["Sign"], constraints: { encryptionContextSubset: { a: "b" } } }, "g", { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }),
            "g.constraints", "keySpec ECC_NIST_P256 takes no encryption context, so KMS refuses an encryption-context constraint");
    });

    it("checks names (KMS's pattern, distinct), grant tokens, retireOnDelete and unknown fields", () => {
        const base = { grantee: ROLE, operations: ["Decrypt"] };
        expect(resolveKmsGrant({ ...base, name: "a:b/c_d-9" }, "g", KEY).name).to.equal("a:b/c_d-9");
        expect(resolveKmsGrant({ ...base, name: "n".repeat(256) }, "g", KEY).name).to.have.length(256);
        for (const bad of ["", "has space", "n".repeat(257), "ünï", 5]) {
            rejects(() => resolveKmsGrant({ ...base, name: bad }, "g", KEY), "g.name", "is not a grant name; KMS takes 1 to 256 of a-z A-Z 0-9 : / _ -");
        }
        rejects(() => resolveKmsGrants([{ ...base, name: "x" }, { ...base, name: "y" }, { ...base, name: "x" }], KEY), "kmsGrants[2].name", "kmsGrants[2].name: 'x' is already the name of kmsGrants[0]");
        rejects(() => resolveKmsGrant({ ...base, grantCreationTokens: "t" }, "g", KEY), "g.grantCreationTokens", "expected a list of grant tokens");
        rejects(() => resolveKmsGrant({ ...base, grantCreationTokens: Array(11).fill("t") }, "g", KEY), "g.grantCreationTokens", "11 grant tokens; KMS takes at most 10");
        rejects(() => resolveKmsGrant({ ...base, grantCreationTokens: ["t", ""] }, "g", KEY), "g.grantCreationTokens[1]", "a grant token is a string of 1 to 8192 characters, got 0 characters");
        rejects(() => resolveKmsGrant({ ...base, grantCreationTokens: [3] }, "g", KEY), "g.grantCreationTokens[0]", "got 3");
        rejects(() => resolveKmsGrant({ ...base, retireOnDelete: "yes" }, "g", KEY), "g.retireOnDelete", "g.retireOnDelete: expected true or false, got 'yes'");
        rejects(() => resolveKmsGrants([{ ...base, operation: ["Decrypt"] }], KEY), "kmsGrants[0].operation",
            "kmsGrants[0]: unknown field 'operation'; a KMS grant has grantee, operations, constraints, retiringPrincipal, name, grantCreationTokens, retireOnDelete");
        rejects(() => resolveKmsGrants({ grantee: ROLE }, KEY), "kmsGrants", "kmsGrants: expected a list of grants");
        rejects(() => resolveKmsGrants([ROLE], KEY), "kmsGrants[0]", "kmsGrants[0]: expected a grant {grantee, operations");
        rejects(() => resolveKmsGrants([null], KEY), "kmsGrants[0]", "expected a grant");
    });

    it("never lets a TypeError escape on odd input", () => {
        const odd: unknown[] = [0, "", true, [], [[]], [{}], [{ grantee: {}, operations: {} }], [{ grantee: ROLE, operations: [null] }],
            [{ grantee: ROLE, operations: ["Decrypt"], constraints: { encryptionContextEquals: null, encryptionContextSubset: [] } }],
            [{ grantee: ROLE, operations: ["Decrypt"], constraints: { encryptionContextSubset: { a: null } } }], [{ grantee: ROLE, operations: ["Decrypt"], grantCreationTokens: [null] }]];
        for (const value of odd) {
            try {
                resolveKmsGrants(value, KEY);
            } catch (e) {
                expect(e, JSON.stringify(value)).to.be.instanceOf(KmsKeyError);
            }
        }
    });
});
