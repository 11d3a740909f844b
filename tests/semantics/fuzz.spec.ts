// A fast-check fuzzer over the whole input space of the policy core: buildKeyPolicy / checkKeyPolicyInput (policy,
// policyStatements, admins, grants, the two flags, the origin) and resolveKeyConfig (with the origins' inputs and
// replicaRegions), checkDescription, checkTags, with valid
// values mixed with garbage (wrong types, null, NaN, bigint, boxed values, huge strings, text outside U+0020-U+00FF,
// "__proto__"/"constructor"/"toString" as grant kinds or keys, principals of every shape: wildcard ARNs, IAM groups,
// other and unknown partitions), and deep or circular structures behind checkFiniteTree as the components run it.
// Asserted: nothing but a KmsKeyError naming a property is ever thrown; every accepted policy passes the grammar
// (checkPolicyDocument on the output), the principal, action, character and size rules; no accepted Allow to
// everyone lacks a restricting condition; and for accepted policies, the lockout differential of lockoutOracle.ts.
import { expect } from "chai";
import * as fc from "fast-check";
import {
    KeyPolicy, KeyPolicyInput, KmsKeyError, MAX_DEPTH, MAX_KEY_POLICY_BYTES, PolicyEnv, buildKeyPolicy, checkDescription, checkFiniteTree, checkKeyPolicyInput,
    checkPolicyDocument, checkTags, isKmsKeyError, principalIds, resolveKeyConfig, restrictsPrincipal, specAllowsUsage,
} from "../../provider/src/policy";
import { ORIGINS } from "../../provider/src/policy";
import { grantKindValues, keySpecValues, keyUsageValues, originValues, removalPolicyValues } from "../../provider/src/schemaTypes";
import { ACCOUNT, ACTIONS, DEPLOYER_SESSION, OTHER_ROLE, ROOT, conditionBlock, lockoutInput, principalBlock, principalId, statement } from "./lockoutArbitraries";
import { allStrings, expectGuardUpheld } from "./lockoutOracle";
import { daysFromNow } from "../support/dates";

const SEED = 20261202;
const A = ACCOUNT;

// ---- garbage ----------------------------------------------------------------------------------------------------

const hugeString = fc.tuple(fc.constantFrom("a", "<", "&", "\u2028", "é", "\u{1F600}", "kms:Decrypt,"), fc.integer({ min: 300, max: 40000 })).map(([c, n]) => c.repeat(n));
/** Values no input should be: wrong types, odd numbers, odd strings, exotic objects. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom<unknown>(null, undefined, true, false, 0, -0, NaN, Infinity, -Infinity, 1e308, 7.5, -1, "", " ", "*", "__proto__", "constructor",
        "toString", "hasOwnProperty", "valueOf", "true", "false", "null", "7", [], {}, [[]], [null], 10n, JSON.parse('{"__proto__": {"AWS": "*"}}'),
        Object.create(null), new Date(0), new Map([["a", 1]]), new Set(["*"]), Object("str"), Object(7), new Uint8Array(3), () => "*", Symbol("s")),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    hugeString,
    fc.anything({ maxDepth: 3, maxKeys: 4, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
        withTypedArray: true, withSparseArray: true, withObjectString: true }),
);
const orWeird = <T>(a: fc.Arbitrary<T>, weight = 4) => fc.oneof({ weight, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: weird });
const listOf = <T>(a: fc.Arbitrary<T>, maxLength = 3) => fc.oneof(a as fc.Arbitrary<unknown>, fc.array(a, { maxLength }));

// ---- principals, actions, conditions, statements, policies, grants -----------------------------------------------

/** Principal strings of every shape: valid ones, and what KMS refuses. */
const principalString: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 4, arbitrary: principalId },
    { weight: 4, arbitrary: fc.constantFrom(
        `arn:aws:iam::${A}:group/Admins`, `arn:aws:iam::${A}:instance-profile/web`, "arn:aws:iam::aws:policy/AdministratorAccess", `arn:aws:iam::${A}:policy/p`,
        "arn:aws:s3:::bucket", `arn:aws:kms:us-east-1:${A}:key/k`, "arn:aws:iam::*:root", `arn:aws:iam::${A}:role/*`, `arn:aws:iam::${A}:role/Dep?oyer`,
        `arn:aws:sts::${A}:assumed-role/*/s`, `arn:aws-cn:iam::${A}:role/App`, `arn:aws-us-gov:iam::${A}:root`, `arn:aws-iso:iam::${A}:user/u`,
        `arn:foo:iam::${A}:role/App`, `arn::iam::${A}:role/App`, `arn:aws:iam::${A}:role/`, `arn:aws:iam::${A}:user/`, `arn:aws:iam::${A}:role/a b`,
        `arn:aws:iam::${A}:role/Ünïcödé`, `arn:aws:iam::${A}:role/x\u2028`, `arn:aws:iam::${A}:role/\u{1F600}`, `arn:aws:iam:us-east-1:${A}:role/App`,
        "arn:aws:iam::12345:role/App", `arn:aws:iam::${A}:role/path//App`, `arn:aws:iam::${A}:role/${"n".repeat(65)}`, `arn:aws:sts::${A}:assumed-role/App/s`,
        `arn:aws:sts::${A}:federated-user/bob`, `arn:aws:sts::${A}:assumed-role/App`, "logs.amazonaws.com", "logs.amazonaws.com.cn", "*.amazonaws.com", "LOGS.amazonaws.com",
        "amazonaws.com", ".amazonaws.com", "evil.com", "logs.amazonaws.com.evil.com", `arn:aws:iam::${A}:saml-provider/Okta`,
        `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`, "accounts.google.com", "cognito-identity.amazonaws.com", "f".repeat(64), "",
        " ", "root", `${A} `, `0${A}`, "arn:aws:iam::111122223333:root\n") },
    { weight: 1, arbitrary: weird },
);
/** Principal blocks: valid ones, any principal type (known or not) to any principal or list, garbage. */
const principalBlockAny: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: principalBlock },
    { weight: 3, arbitrary: fc.dictionary(fc.constantFrom("AWS", "Service", "Federated", "CanonicalUser", "aws", "Other", "toString"), listOf(principalString), { minKeys: 0, maxKeys: 3 }) },
    { weight: 1, arbitrary: weird },
);
const actionAny = listOf(fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ACTIONS) },
    { weight: 3, arbitrary: fc.constantFrom("kms:Decrpyt", "KMS:Decrypt", "kms:decrypt", "s3:GetObject", "kms:Foo*", "kms:", ":Decrypt", "kms:*:*", "kms:Put Key",
        "kms:?", "kms:GenerateDataKey*", "kms:Ü", "kms:Decrypt\u0000", "iam:*", "kms:CreateKey", "kms:ListKeys") },
    { weight: 1, arbitrary: weird },
), 4);
const conditionValue = fc.oneof(
    fc.constantFrom<unknown>("o-abcdefghij", "o-*", A, "1111*", "*", `arn:aws:iam::${A}:role/*`, "arn:aws:iam::*:role/x", "10.0.0.0/8", "not-an-ip", "2027-01-01T00:00:00Z",
        "not a date", "${aws:username}", "true", "false", 42, true, "s3.us-east-1.amazonaws.com", "arn:aws:s3:::bucket", "arn:aws:s3:::*"),
    weird,
);
const conditionAny: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: conditionBlock },
    { weight: 3, arbitrary: fc.dictionary(
        fc.constantFrom("StringEquals", "StringLike", "ArnLike", "ForAnyValue:StringLike", "ForAllValues:ArnLike", "StringEqualsIfExists", "Null", "NullIfExists",
            "IfExists", "Bool", "StringEqualz", "DateGreaterThan", "IpAddress", "BinaryEquals", "NumericLessThan", "toString", "constructor", "ForAnyValue:Null"),
        orWeird(fc.dictionary(fc.constantFrom("aws:SourceAccount", "aws:PrincipalOrgID", "aws:PrincipalAccount", "kms:CallerAccount", "aws:SourceArn", "kms:ViaService",
            "aws:SecureTransport", "aws:PrincipalArn", "kms:EncryptionContext:app", "bad key", "aws:", ":x", "toString"), listOf(conditionValue), { minKeys: 0, maxKeys: 3 })),
        { minKeys: 0, maxKeys: 3 }) },
    { weight: 1, arbitrary: weird },
);
const resourceAny = listOf(orWeird(fc.constantFrom("*", `arn:aws:kms:us-east-1:${A}:key/k`, "arn:aws:kms:*:*:*", "key/k", "", "arn:aws:s3:::bucket/*")));
/** A well-formed statement, some of whose elements are inherited (a class instance with getters, say) rather than own. */
const inheritedStatement = fc.tuple(statement, fc.subarray(["Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "Condition"], { minLength: 1 }))
    .map(([s, inherited]) => {
        const proto: { [k: string]: unknown } = {};
        const own: { [k: string]: unknown } = {};
        for (const [k, v] of Object.entries(s)) (inherited.includes(k) ? proto : own)[k] = v;
        return Object.assign(Object.create(proto), own) as object;
    });
/** Statements: well-formed ones, and any subset of the elements (plus unknown ones) with garbage-mixed values. */
const statementAny: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: statement },
    { weight: 1, arbitrary: inheritedStatement },
    { weight: 4, arbitrary: fc.record({
        Sid: orWeird(fc.constantFrom("A", "Allow root", "dup", "", "a-b", "x".repeat(129), "é")),
        Effect: orWeird(fc.constantFrom("Allow", "Deny", "allow", "DENY")),
        Principal: principalBlockAny, NotPrincipal: principalBlockAny,
        Action: actionAny, NotAction: actionAny, Resource: resourceAny, NotResource: resourceAny,
        Condition: conditionAny,
        Statment: weird,
    }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: weird },
);
const documentAny = fc.record({
    Version: orWeird(fc.constantFrom("2012-10-17", "2008-10-17", "2012-10-18")),
    Id: orWeird(fc.constantFrom("key-policy", "x".repeat(129), "")),
    Statement: fc.oneof({ weight: 4, arbitrary: fc.array(statementAny, { maxLength: 4 }) }, { weight: 1, arbitrary: statementAny }),
    Statment: weird,
}, { requiredKeys: [] });
/** Custom policies: objects, their JSON text (sometimes cut short, or with a key given twice), garbage. */
const policyAny: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 4, arbitrary: documentAny },
    { weight: 2, arbitrary: fc.tuple(documentAny, fc.integer({ min: 0, max: 3 })).map(([d, cut]) => {
        const text = JSON.stringify(d, (_, v) => (typeof v === "bigint" ? Number(v) : v)) ?? "";
        return cut === 0 ? text.slice(0, text.length >> 1) : cut === 1 ? text.replace(/^\{/, '{"Version":"2012-10-17",') : text;
    }) },
    { weight: 1, arbitrary: weird },
);
const grantAny: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 5, arbitrary: fc.record({
        grantee: principalString,
        kind: orWeird(fc.constantFrom(...grantKindValues, "__proto__", "constructor", "toString", "hasOwnProperty", "Decrypt", "ADMIN")),
        actions: orWeird(fc.array(fc.oneof(fc.constantFrom(...ACTIONS), weird), { maxLength: 3 })),
        conditions: conditionAny,
        viaService: orWeird(fc.constantFrom("s3", "secretsmanager", "s3.us-east-1.amazonaws.com", "S3", "", "a b", "s3.")),
        condition: conditionAny,
    }, { requiredKeys: ["grantee"] }) },
    { weight: 1, arbitrary: weird },
);
/** Hundreds of grants, to reach KMS's 32 KB limit (merged or not). */
const manyGrants = fc.tuple(fc.integer({ min: 200, max: 1200 }), fc.constantFrom("decrypt", "admin"), fc.boolean())
    .map(([n, kind, roles]) => Array.from({ length: n }, (_, i) => ({ grantee: roles ? `arn:aws:iam::${100000000000 + i * 7919}:role/Consumer` : String(100000000000 + i * 7919), kind })));

/** Route 53 DNSSEC inputs: hosted zones and accounts good and bad, an unknown field now and then. */
const dnssecAny: fc.Arbitrary<unknown> = fc.record({
    hostedZoneArns: orWeird(fc.array(orWeird(fc.constantFrom("arn:aws:route53:::hostedzone/Z1", "arn:aws:route53:::hostedzone/*", "arn:aws-cn:route53:::hostedzone/Z2", "Z3", "")), { maxLength: 3 })),
    sourceAccounts: orWeird(fc.array(orWeird(fc.constantFrom(A, "444455556666", "1111")), { maxLength: 3 })),
    hostedZone: weird,
}, { requiredKeys: [] });

// ---- origins and key stores -------------------------------------------------------------------------------------

const MATERIAL_32 = Buffer.alloc(32, 9).toString("base64");
const VALID_TO = daysFromNow(90);
/** An origin's value: the four origins, near misses, garbage. */
const originAny = orWeird(fc.constantFrom<unknown>(...originValues, "aws_kms", "HSM", "EXTERNAL ", "", "CLOUDHSM"));
/** The origins' inputs: good values, values KMS refuses, garbage. */
const originInputsAny = (w: number) => ({
    customKeyStoreId: orWeird(fc.constantFrom("cks-1234567890abcdef0", "", "c".repeat(64), "c".repeat(65)), w),
    xksKeyId: orWeird(fc.constantFrom("external-key-1", "a.b_c-d", "", "x".repeat(128), "x".repeat(129), "key id", "ключ"), w),
    keyMaterialBase64: orWeird(fc.constantFrom(MATERIAL_32, Buffer.alloc(16, 1).toString("base64"), Buffer.alloc(64, 2).toString("base64"), "not base64!", "", "AAAA"), w),
    // KMS takes a validTo in the future and at most 365 days ahead (dates relative to now, so the fuzzer does not expire).
    validTo: orWeird(fc.constantFrom(VALID_TO, daysFromNow(30).replace("Z", "+02:00"), daysFromNow(-1), daysFromNow(400), "2030-02-30T00:00:00Z", "2030-01-01",
        "2030-01-01T00:00:00", "tomorrow", ""), w),
});
/** Origins a user could mean, with the inputs each takes (and now and then one it does not). */
const plausibleOrigin: fc.Arbitrary<{ [input: string]: unknown }> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant({ origin: "AWS_KMS" }) },
    { weight: 2, arbitrary: fc.record({
        origin: fc.constant("EXTERNAL"), keyMaterialBase64: fc.option(fc.constant(MATERIAL_32), { nil: undefined }), validTo: fc.option(fc.constant(VALID_TO), { nil: undefined }),
    }) },
    { weight: 1, arbitrary: fc.record({ origin: fc.constant("AWS_CLOUDHSM"), customKeyStoreId: fc.constant("cks-1234567890abcdef0") }) },
    { weight: 1, arbitrary: fc.record({ origin: fc.constant("EXTERNAL_KEY_STORE"), customKeyStoreId: fc.constant("cks-1234567890abcdef0"), xksKeyId: fc.constant("external-key-1") }) },
    { weight: 1, arbitrary: fc.record({ origin: fc.constantFrom(...originValues), ...originInputsAny(6) }, { requiredKeys: ["origin"] }) },
).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

/** The policy inputs, each garbage once in `w + 1` times (the values within have garbage of their own). */
const policyFields = (w: number) => fc.record({
    trustAccountIdentities: orWeird(fc.boolean(), w),
    policy: fc.oneof({ weight: w, arbitrary: fc.constant(undefined) }, { weight: w, arbitrary: policyAny }),
    policyStatements: orWeird(fc.array(statementAny, { maxLength: 3 }), w),
    admins: orWeird(fc.array(principalString, { maxLength: 3 }), w),
    grants: fc.oneof({ weight: 2 * w, arbitrary: orWeird(fc.array(grantAny, { maxLength: 4 }), w) }, { weight: 1, arbitrary: manyGrants }),
    dnssec: orWeird(dnssecAny, w),
    keySpec: orWeird(fc.constantFrom(...keySpecValues), w),
    keyUsage: orWeird(fc.constantFrom(...keyUsageValues), w),
    multiRegion: orWeird(fc.boolean(), w),
    bypassPolicyLockoutSafetyCheck: orWeird(fc.boolean(), w),
    origin: orWeird(originAny, w),
}, { requiredKeys: [] }) as fc.Arbitrary<KeyPolicyInput>;

/** Inputs a user could mean: well-formed statements, principals and grants (with conditions, viaService), now and then a bad one. */
const plausibleGrant = fc.record({
    grantee: fc.oneof({ weight: 6, arbitrary: principalId }, { weight: 1, arbitrary: principalString }),
    use: fc.oneof(fc.record({ kind: fc.constantFrom(...grantKindValues) }), fc.record({ actions: fc.array(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }) })),
    conditions: fc.option(conditionBlock, { freq: 2, nil: undefined }),
    viaService: fc.option(fc.constantFrom("s3", "secretsmanager", "rds.us-east-1.amazonaws.com"), { freq: 3, nil: undefined }),
}).map(({ grantee, use, conditions, viaService }) => ({ grantee, ...use, ...(conditions ? { conditions } : {}), ...(viaService ? { viaService } : {}) }));
const plausibleInput: fc.Arbitrary<KeyPolicyInput> = fc.record({
    policy: fc.oneof(lockoutInput.map((i) => i.policy), lockoutInput.map((i) => (i.policy ? JSON.stringify(i.policy) : undefined))),
    policyStatements: fc.option(fc.array(fc.oneof({ weight: 8, arbitrary: statement }, { weight: 1, arbitrary: inheritedStatement }, { weight: 1, arbitrary: statementAny }),
        { minLength: 1, maxLength: 3 }), { nil: undefined }),
    admins: fc.option(fc.array(fc.oneof({ weight: 8, arbitrary: principalId }, { weight: 1, arbitrary: principalString }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    grants: fc.oneof({ weight: 3, arbitrary: fc.array(plausibleGrant, { maxLength: 4 }) }, { weight: 1, arbitrary: manyGrants }),
    trustAccountIdentities: fc.option(fc.boolean(), { nil: undefined }),
    // A DNSSEC signing key now and then (refused outside us-east-1), and multi-Region keys (admins get kms:ReplicateKey).
    signing: fc.option(fc.constant({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", dnssec: {} }), { freq: 4, nil: undefined }),
    multiRegion: fc.option(fc.boolean(), { freq: 2, nil: undefined }),
    // Imported key material now and then (admins get kms:ImportKeyMaterial); the other origins need inputs of the key settings.
    origin: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant("EXTERNAL") }),
}).map(({ signing, ...input }) => ({ ...input, ...(signing ?? {}) })).map((input) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as KeyPolicyInput);

const policyInputAny: fc.Arbitrary<KeyPolicyInput> = fc.oneof(lockoutInput, plausibleInput, plausibleInput, policyFields(2), policyFields(8));

const envAny: fc.Arbitrary<PolicyEnv> = fc.constantFrom<PolicyEnv>(
    { accountId: A, partition: "aws", callerArn: DEPLOYER_SESSION },
    { accountId: A, partition: "aws", region: "us-east-1", callerArn: DEPLOYER_SESSION },
    { accountId: A, partition: "aws", region: "eu-west-1", callerArn: `arn:aws:iam::${A}:user/ci/deployer` },
    { accountId: A, partition: "aws", callerArn: `arn:aws:iam::${A}:root` },
    { accountId: A, partition: "aws" },
    { accountId: A, partition: "aws-cn", region: "cn-north-1", callerArn: `arn:aws-cn:sts::${A}:assumed-role/Deployer/session` },
    { accountId: A, partition: "aws-us-gov", region: "us-gov-west-1", callerArn: `arn:aws-us-gov:sts::${A}:assumed-role/Deployer/session` },
);

// ---- the assertions -----------------------------------------------------------------------------------------------

/** Runs `f`; anything thrown must be a KmsKeyError naming a property. Returns the result, or undefined when refused. */
function onlyKmsKeyErrors<T>(f: () => T): T | undefined {
    try {
        return f();
    } catch (e) {
        if (!isKmsKeyError(e)) throw new Error(`threw ${(e as Error)?.name ?? typeof e} instead of a KmsKeyError: ${(e as Error)?.stack ?? String(e)}`);
        expect(e.property, e.message).to.be.a("string").and.not.equal("");
        expect(e.message).to.be.a("string").and.not.equal("");
        return undefined;
    }
}

/** The bytes KMS counts, computed here on its own: Go's encoder writes <, >, &, U+2028 and U+2029 as \uXXXX. */
const goBytes = (json: string) => Buffer.byteLength(json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), "utf8");

/** What every accepted key policy must be. */
function expectValidKeyPolicy(result: KeyPolicy, env: PolicyEnv): void {
    const text = result.json;
    expect(text).to.equal(JSON.stringify(result.document));
    const parsed = JSON.parse(text);
    // The grammar, principals (of the key's partition), actions and conditions, as for a user's policy.
    const again = checkPolicyDocument(parsed, "output", env.partition);
    expect(again.Statement).to.have.length(parsed.Statement.length).and.to.have.length.greaterThan(0);
    expect(goBytes(text), "bytes as KMS counts them").to.be.at.most(MAX_KEY_POLICY_BYTES);
    for (const s of allStrings(parsed)) expect(/^[\t\n\r\x20-\xFF]*$/.test(s), `character KMS refuses in ${JSON.stringify(s).slice(0, 80)}`).to.equal(true);
    const sids = parsed.Statement.map((s: { Sid?: string }) => s.Sid).filter((sid: unknown) => sid !== undefined && sid !== "");
    expect(new Set(sids).size, "unique Sids").to.equal(sids.length);
    for (const s of again.Statement) {
        if (s.Effect === "Allow" && (principalIds(s.Principal).AWS ?? []).includes("*")) {
            expect(restrictsPrincipal(s.Condition), `an Allow to everyone without a restricting condition: ${JSON.stringify(s)}`).to.equal(true);
        }
    }
}

/**
 * What KmsKey does before registering anything (componentInputs.ts checkComponentArgs, then kmsKey.ts checkKnownArgs):
 * each input a finite tree, then the key settings, description and tags, the policy pre-check, and once the account is
 * known the policy. (The schema checks run after these, so they cannot stand in for them.)
 */
function componentChecks(args: { [name: string]: unknown }, env: PolicyEnv): KeyPolicy {
    for (const [name, value] of Object.entries(args)) checkFiniteTree(value, name);
    const config = resolveKeyConfig(args);
    checkDescription(args.description);
    checkTags(args.tags);
    const policyInput = { ...config, policy: args.policy, policyStatements: args.policyStatements, admins: args.admins, grants: args.grants };
    checkKeyPolicyInput(policyInput);
    return buildKeyPolicy(policyInput, env);
}

const isPlainContainer = (v: unknown): v is object =>
    Array.isArray(v) || (!!v && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v)));
/** A copy of the arrays and plain objects of a value (the generators share some constants, which must not be changed). */
const copyTree = (v: unknown): unknown => Array.isArray(v) ? v.map(copyTree)
    : isPlainContainer(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyTree(x)])) : v;

describe("fuzzing the policy core (fast-check)", function () {
    // Some thousand cases and a few hundred simulations; the machine is shared, so allow for a slow wall clock.
    this.timeout(240000);
    const seen = { accepted: 0, refused: 0, differential: 0, merged: 0, dnssec: 0 };

    it("buildKeyPolicy / checkKeyPolicyInput: only KmsKeyErrors; every accepted policy valid, never public, never a lockout (iam-simulate)", async () => {
        await fc.assert(fc.asyncProperty(policyInputAny, envAny, async (input, env) => {
            const checked = onlyKmsKeyErrors(() => (checkKeyPolicyInput(input), true)) ?? false;
            const result = onlyKmsKeyErrors(() => buildKeyPolicy(input, env));
            if (!result) {
                seen.refused++;
                return;
            }
            seen.accepted++;
            if (result.mergedPrincipals) seen.merged++;
            if (result.document.Statement.some((s) => s.Sid === "Route53DnssecGrant")) seen.dnssec++;
            // The check before the account is known is never stricter than the final build.
            expect(checked, "checkKeyPolicyInput refused what buildKeyPolicy accepts").to.equal(true);
            expectValidKeyPolicy(result, env);
            // The lockout differential, where the guard ran (bypass off) and the policy is small enough to simulate quickly.
            if (input.bypassPolicyLockoutSafetyCheck === undefined || input.bypassPolicyLockoutSafetyCheck === false) {
                if (result.document.Statement.length <= 8) {
                    seen.differential++;
                    expect(await expectGuardUpheld(input, env)).to.not.equal(undefined);
                }
            }
        }), { numRuns: 300, seed: SEED, endOnFailure: true });
        expect(seen.accepted, JSON.stringify(seen)).to.be.at.least(30);
        expect(seen.refused, JSON.stringify(seen)).to.be.at.least(100);
        expect(seen.differential, JSON.stringify(seen)).to.be.at.least(20);
        expect(seen.merged, JSON.stringify(seen)).to.be.at.least(1);
        expect(seen.dnssec, JSON.stringify(seen)).to.be.at.least(5);
    });

    /** The key settings, each garbage once in `w + 1` times. */
    const configFields = (w: number) => fc.record({
        keySpec: orWeird(fc.constantFrom(...keySpecValues), w),
        keyUsage: orWeird(fc.constantFrom(...keyUsageValues), w),
        enableKeyRotation: orWeird(fc.boolean(), w),
        rotationPeriodInDays: orWeird(fc.oneof(fc.integer({ min: 80, max: 2600 }), fc.double()), w),
        pendingWindowInDays: orWeird(fc.oneof(fc.integer({ min: 5, max: 32 }), fc.double()), w),
        removalPolicy: orWeird(fc.constantFrom(...removalPolicyValues, "Retain", "snapshot"), w),
        alias: orWeird(fc.constantFrom("data", "alias/data", "alias/", "alias/aws/x", "ALIAS/AWS/x", "alias/AWS/x", "a b", "é", "x".repeat(251), "x".repeat(250), ""), w),
        aliases: orWeird(fc.array(orWeird(fc.constantFrom("data", "alias/data", "v2", "alias/v2", "alias/aws", "a:b/c_d-e")), { maxLength: 3 }), w),
        multiRegion: orWeird(fc.boolean(), w),
        replicaRegions: orWeird(fc.array(orWeird(fc.constantFrom("eu-west-1", "us-east-1", "us-gov-west-1", "eu-west-1a", "Ireland")), { maxLength: 3 }), w),
        origin: orWeird(originAny, w),
        ...originInputsAny(w),
        enabled: orWeird(fc.boolean(), w),
        trustAccountIdentities: orWeird(fc.boolean(), w),
        bypassPolicyLockoutSafetyCheck: orWeird(fc.boolean(), w),
        description: orWeird(fc.oneof(fc.string(), fc.integer({ min: 8180, max: 8200 }).map((n) => "d".repeat(n))), w),
        tags: orWeird(fc.dictionary(fc.oneof(fc.constantFrom("team", "aws:x", "AWS:y", "", "k".repeat(129), "k".repeat(128)), fc.string({ maxLength: 5 })),
            orWeird(fc.oneof(fc.string({ maxLength: 5 }), fc.constant("v".repeat(257)))), { maxKeys: 52 }), w),
    }, { requiredKeys: [] });
    /** Settings a user could mean (a key spec with a usage it allows). */
    const plausibleConfig = fc.record({
        spec: fc.constantFrom<[string, string | undefined]>(["SYMMETRIC_DEFAULT", undefined], ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"], ["RSA_2048", "SIGN_VERIFY"], ["HMAC_256", "GENERATE_VERIFY_MAC"]),
        pendingWindowInDays: fc.integer({ min: 7, max: 30 }),
        removalPolicy: fc.constantFrom(...removalPolicyValues),
        alias: fc.constantFrom("data", "alias/orders/data", undefined),
        description: fc.string({ maxLength: 20 }),
        tags: fc.dictionary(fc.constantFrom("team", "env"), fc.string({ maxLength: 5 })),
        trustAccountIdentities: fc.boolean(),
        origin: plausibleOrigin,
        replicaRegions: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(["eu-west-1"], ["eu-west-1", "ap-southeast-2"]) }),
    }, { requiredKeys: ["spec", "origin"] }).map(({ spec: [keySpec, keyUsage], origin, ...rest }) => ({ keySpec, ...(keyUsage ? { keyUsage } : {}), ...origin, ...rest }));
    const configAny = fc.oneof(configFields(3), configFields(20), plausibleConfig, plausibleConfig);

    it("the size rule is exact: a policy is accepted if and only if it fits 32768 bytes as Go's encoder writes it", () => {
        // One grant whose condition value is n copies of a character; the policy's size is known from n = 0.
        const input = (c: string, n: number): KeyPolicyInput => ({ grants: [{ grantee: OTHER_ROLE, kind: "decrypt", conditions: { StringEquals: { "kms:EncryptionContext:app": `x${c.repeat(n)}` } } }] });
        const env: PolicyEnv = { accountId: A, partition: "aws", callerArn: DEPLOYER_SESSION };
        const perChar: { [c: string]: number } = { "a": 1, "<": 6, "&": 6, ">": 6, "é": 2, "\"": 2, "\n": 2, "\u00ff": 2 };
        fc.assert(fc.property(fc.constantFrom(...Object.keys(perChar)), fc.integer({ min: -40, max: 40 }), (c, offset) => {
            const base = goBytes(buildKeyPolicy(input(c, 0), env).json);
            const n = Math.max(0, Math.floor((MAX_KEY_POLICY_BYTES - base) / perChar[c]) + offset);
            const expected = base + n * perChar[c];
            const result = onlyKmsKeyErrors(() => buildKeyPolicy(input(c, n), env));
            if (result) {
                expect(goBytes(result.json)).to.equal(expected);
                expect(expected).to.be.at.most(MAX_KEY_POLICY_BYTES);
            } else {
                expect(expected, `refused at ${expected} bytes`).to.be.greaterThan(MAX_KEY_POLICY_BYTES);
                expect(() => buildKeyPolicy(input(c, n), env)).to.throw(/32768 bytes/).with.property("property", "grants");
            }
        }), { numRuns: 150, seed: SEED });
    });

    describe("found by fuzzing (each an exact reproduction)", () => {
        const env: PolicyEnv = { accountId: A, partition: "aws", callerArn: DEPLOYER_SESSION };

        it("resolveKeyConfig refuses a bigint with a KmsKeyError naming the property (not a TypeError from JSON.stringify)", () => {
            for (const [property, value] of [["enableKeyRotation", 1n], ["pendingWindowInDays", 7n], ["rotationPeriodInDays", 90n], ["multiRegion", 0n], ["alias", 1n], ["aliases", [1n]]] as const) {
                expect(() => resolveKeyConfig({ [property]: value }), property).to.throw(KmsKeyError).with.property("property").that.matches(new RegExp(`^${property}`));
            }
        });

        it("a custom policy's Id with characters KMS refuses (outside U+0020-U+00FF) is refused naming policy.Id", () => {
            for (const Id of ["ключ", "key\u2028policy", "\u{1F511}"]) {
                const policy = { Version: "2012-10-17", Id, Statement: [{ Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" }] };
                expect(() => buildKeyPolicy({ policy }, env), JSON.stringify(Id)).to.throw(KmsKeyError).with.property("property").that.matches(/^policy/);
            }
        });

        // The core reads a statement's inherited elements (a class's getters), but the policy KMS gets is JSON.stringify's:
        // own properties only. What the checks saw is not what is deployed.
        class PublicDecrypt {
            Effect = "Allow"; Principal = "*"; Action = "kms:Decrypt"; Resource = "*";
            get Condition() { return { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } }; }
        }
        class TlsOnly {
            Effect = "Deny"; Principal = "*"; Action = "kms:*"; Resource = "*";
            get Condition() { return { Bool: { "aws:SecureTransport": "false" } }; }
        }

        it("a statement whose Condition is inherited (a getter): the deployed policy is not an Allow to everyone without a condition", () => {
            const result = onlyKmsKeyErrors(() => buildKeyPolicy({ policyStatements: [new PublicDecrypt()] }, env));
            if (result) expectValidKeyPolicy(result, env);
        });

        it("a statement whose Condition is inherited (a getter): the deployed policy is not a Deny of everything (lockout differential)", async () => {
            await expectGuardUpheld({ policyStatements: [new TlsOnly()] }, env);
        });
    });

    it("resolveKeyConfig, checkDescription, checkTags: only KmsKeyErrors; what they accept is what KMS and CDK accept", () => {
        const reached = new Set<string>();
        fc.assert(fc.property(configAny, (input: { [name: string]: any }) => {
            const config = onlyKmsKeyErrors(() => resolveKeyConfig(input));
            if (config) {
                reached.add(config.origin);
                if (input.validTo !== undefined) reached.add("validTo");
                const spec = config.keySpec ?? "SYMMETRIC_DEFAULT";
                expect(specAllowsUsage(spec, config.keyUsage ?? "ENCRYPT_DECRYPT")).to.equal(true);
                expect(config.pendingWindowInDays).to.satisfy(Number.isInteger).and.be.within(7, 30);
                if (config.rotationPeriodInDays !== undefined) expect(config.rotationPeriodInDays).to.satisfy(Number.isInteger).and.be.within(90, 2560);
                if (config.enableKeyRotation) expect(spec).to.equal("SYMMETRIC_DEFAULT");
                expect(removalPolicyValues).to.include(config.removalPolicy);
                for (const flag of [config.enableKeyRotation, config.trustAccountIdentities, config.bypassPolicyLockoutSafetyCheck]) expect(flag).to.be.a("boolean");
                // What the origin allows (ORIGINS), and none of its inputs given to an origin that does not take them.
                const rule = ORIGINS[config.origin];
                expect(rule, config.origin).to.not.equal(undefined);
                if (!rule.automaticRotation) expect(config.enableKeyRotation).to.equal(false);
                if (!rule.multiRegion) expect([config.multiRegion ?? false, config.replicaRegions.length]).to.deep.equal([false, 0]);
                if (rule.keySpecs) expect(rule.keySpecs).to.include(spec);
                if (rule.keyUsages) expect(rule.keyUsages).to.include(config.keyUsage ?? "ENCRYPT_DECRYPT");
                for (const given of ["keyMaterialBase64", "validTo", "customKeyStoreId", "xksKeyId"] as const) {
                    if (input[given] !== undefined) expect(rule.takes, `${given} with origin ${config.origin}`).to.include(given);
                }
                for (const needed of rule.requires) expect(input[needed], `${needed} for origin ${config.origin}`).to.not.equal(undefined);
                if (input.validTo !== undefined) expect(input.keyMaterialBase64).to.not.equal(undefined);
                if (config.replicaRegions.length) expect(config.multiRegion).to.equal(true);
                expect(new Set(config.aliasNames).size).to.equal(config.aliasNames.length);
                for (const name of config.aliasNames) {
                    expect(name).to.match(/^alias\/[a-zA-Z0-9:/_-]+$/).and.not.match(/^alias\/aws\//i);
                    expect(name.length).to.be.at.most(256);
                }
            }
            const description = onlyKmsKeyErrors(() => checkDescription(input.description) ?? "");
            if (description !== undefined) expect(description.length).to.be.at.most(8192);
            const tags = onlyKmsKeyErrors(() => checkTags(input.tags) ?? {});
            if (tags !== undefined) {
                expect(Object.keys(tags).length).to.be.at.most(50);
                for (const [k, v] of Object.entries(tags)) {
                    expect(k.length).to.be.within(1, 128);
                    expect(k.toLowerCase().startsWith("aws:")).to.equal(false);
                    expect(v).to.be.a("string").with.length.at.most(256);
                }
            }
        }), { numRuns: 600, seed: SEED });
        expect([...reached].sort(), "every origin, and a validTo, accepted at least once").to.deep.equal([...originValues, "validTo"].sort());
    });

    /** Makes one input circular (a container inside it refers to an ancestor) or deeper than MAX_DEPTH. */
    const malformed = fc.record({
        args: fc.record({ policy: documentAny, policyStatements: fc.array(statementAny, { minLength: 1, maxLength: 2 }), grants: fc.array(grantAny, { minLength: 1, maxLength: 2 }), tags: fc.constant({ team: "x" }) }),
        field: fc.constantFrom("policy", "policyStatements", "grants", "tags"),
        shape: fc.oneof(fc.record({ cycle: fc.nat() }), fc.record({ depth: fc.integer({ min: MAX_DEPTH, max: 5000 }) })),
    }).map(({ args, field, shape }) => {
        const copy: { [k: string]: unknown } = { ...args };
        if ("depth" in shape) {
            let v: unknown = copy[field];
            for (let i = 0; i < shape.depth; i++) v = i % 2 ? [v] : { Statement: v };
            copy[field] = v;
        } else {
            const root = (copy[field] = copyTree(copy[field])) as object;
            const containers: [object, object][] = [];
            const walk = (v: unknown, ancestor: object) => {
                if (!isPlainContainer(v)) return;
                containers.push([v, ancestor]);
                Object.values(v).forEach((c) => walk(c, ancestor === root ? v : ancestor));
            };
            walk(root, root);
            const [container, ancestor] = containers[shape.cycle % containers.length];
            if (Array.isArray(container)) container.push(ancestor);
            else (container as { [k: string]: unknown }).loop = ancestor;
        }
        return { args: copy, field };
    });

    it("deep and circular inputs: the component's checks (checkFiniteTree first) refuse them with a KmsKeyError naming the input", () => {
        fc.assert(fc.property(malformed, ({ args, field }) => {
            let error: unknown;
            try {
                componentChecks(args, { accountId: A, partition: "aws", callerArn: DEPLOYER_SESSION });
            } catch (e) {
                error = e;
            }
            expect(isKmsKeyError(error), String(error)).to.equal(true);
            // A class instance (e.g. a boxed Number) elsewhere in the args is refused as not plain data first.
            if (/is not plain data/.test((error as Error).message)) return;
            expect((error as { property: string }).property.startsWith(field), (error as Error).message).to.equal(true);
            expect((error as Error).message).to.match(/circular|levels deep/);
        }), { numRuns: 150, seed: SEED });
    });

    it("a huge input (more values than any key input can have) is refused by checkFiniteTree naming it", () => {
        const grants = new Array(2_000_001).fill(0);
        expect(() => checkFiniteTree(grants, "grants")).to.throw(/too large/).with.property("property", "grants");
    });

    it("the whole pipeline on garbage-mixed inputs: only KmsKeyErrors, and what passes is valid", () => {
        let accepted = 0;
        fc.assert(fc.property(policyInputAny, configAny, envAny, (policyInput, configInput, env) => {
            const result = onlyKmsKeyErrors(() => componentChecks({ ...configInput, ...policyInput }, env));
            if (result) {
                accepted++;
                expectValidKeyPolicy(result, env);
            }
        }), { numRuns: 300, seed: SEED });
        expect(accepted).to.be.at.least(8);
    });
});
