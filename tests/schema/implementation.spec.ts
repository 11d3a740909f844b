// Schema <-> implementation parity, through the provider (as the engine reaches it): every schema input is
// read by its component (setting it changes what is registered or returned), every output is returned by
// construct, every method is served by call.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKeyProvider } from "../../provider/src/provider";
import { ACCOUNT, useMocks } from "../support/mocks";
import {
    EXISTING_KEY_ID, IMPORTED_KEY, KEY_ARN, KMS_KEY, construct, fromReference, ignoringUnhandledKmsKeyErrors, methodArgs, resolved, schema,
} from "../provider/inProcess";
import { daysFromNow } from "../support/dates";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;
const ROOT_STATEMENT = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };
const OTHER_KEY_ID = "11111111-2222-3333-4444-555555555555";
const MATERIAL = Buffer.alloc(32, 5).toString("base64");
const VALID_TO = daysFromNow(90);
const existingAliases = { "alias/existing": EXISTING_KEY_ID, "alias/other": OTHER_KEY_ID };

/** For each input: inputs without it (or with a baseline value) and inputs with a distinguishing value. */
const cases: { [type: string]: { [input: string]: [pulumi.Inputs, pulumi.Inputs] } } = {
    [KMS_KEY]: {
        description: [{}, { description: "payments" }],
        enabled: [{}, { enabled: false }],
        multiRegion: [{}, { multiRegion: true }],
        replicaRegions: [{}, { replicaRegions: ["eu-west-1"] }],
        tags: [{}, { tags: { team: "payments" } }],
        alias: [{}, { alias: "payments" }],
        aliases: [{}, { aliases: ["payments-legacy"] }],
        keySpec: [{}, { keySpec: "RSA_2048" }],
        keyUsage: [{ keySpec: "RSA_2048" }, { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }],
        enableKeyRotation: [{}, { enableKeyRotation: false }],
        rotationPeriodInDays: [{}, { rotationPeriodInDays: 180 }],
        pendingWindowInDays: [{}, { pendingWindowInDays: 7 }],
        removalPolicy: [{}, { removalPolicy: "destroy" }],
        policy: [{}, { policy: { Version: "2012-10-17", Statement: [ROOT_STATEMENT, { ...ROOT_STATEMENT, Principal: { AWS: ROLE }, Action: "kms:Decrypt" }] } }],
        policyStatements: [{}, { policyStatements: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "kms:Decrypt", Resource: "*" }] }],
        admins: [{}, { admins: [ROLE] }],
        grants: [{}, { grants: [{ grantee: ROLE, kind: "decrypt" }] }],
        dnssec: [{ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }, { keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", dnssec: {} }],
        trustAccountIdentities: [{}, { trustAccountIdentities: false }],
        bypassPolicyLockoutSafetyCheck: [{}, { bypassPolicyLockoutSafetyCheck: true }],
        origin: [{}, { origin: "EXTERNAL" }],
        keyMaterialBase64: [{ origin: "EXTERNAL" }, { origin: "EXTERNAL", keyMaterialBase64: MATERIAL }],
        validTo: [{ origin: "EXTERNAL", keyMaterialBase64: MATERIAL }, { origin: "EXTERNAL", keyMaterialBase64: MATERIAL, validTo: VALID_TO }],
        customKeyStoreId: [{ origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-1" }, { origin: "AWS_CLOUDHSM", customKeyStoreId: "cks-2" }],
        xksKeyId: [{ origin: "EXTERNAL_KEY_STORE", customKeyStoreId: "cks-1", xksKeyId: "a" }, { origin: "EXTERNAL_KEY_STORE", customKeyStoreId: "cks-1", xksKeyId: "b" }],
        kmsGrants: [{}, { kmsGrants: [{ grantee: ROLE, operations: ["Decrypt"] }] }],
        backend: [{}, { backend: "aws-native" }],
    },
    [IMPORTED_KEY]: {
        keyArn: [{ keyArn: KEY_ARN }, { keyArn: KEY_ARN.replace("1234abcd", "5678abcd") }],
        aliasName: [{ aliasName: "alias/a" }, { aliasName: "alias/b" }],
        lookupAliasName: [{ lookupAliasName: "alias/existing" }, { lookupAliasName: "alias/other" }],
        returnDummyKeyOnMissing: [{ lookupAliasName: "alias/missing" }, { lookupAliasName: "alias/missing", returnDummyKeyOnMissing: true }],
        // The same key either way: what differs is whose invokes look it up.
        backend: [{ lookupAliasName: "alias/existing" }, { lookupAliasName: "alias/existing", backend: "aws-native" }],
    },
};

/** Everything observable about one construct: its error, or the registrations (with options), the invokes and the returned state. */
async function outcome(type: string, inputs: pulumi.Inputs): Promise<string> {
    const mocks = await useMocks({ existingAliases });
    const provider = new KmsKeyProvider();
    const restore = ignoringUnhandledKmsKeyErrors();
    try {
        const { state } = await construct(provider, "probe", type, inputs);
        return JSON.stringify({
            registrations: mocks.registrations.map(({ type: t, name, inputs: i, options }) => ({ t, name, i, options })), invokes: mocks.invokes.map((i) => i.token),
            state: await resolved(state),
        });
    } catch (e) {
        return JSON.stringify({ error: (e as Error).message });
    } finally {
        await restore();
    }
}

describe("schema.json <-> implementation", () => {
    for (const [type, resource] of Object.entries<any>(schema.resources)) {
        describe(type, () => {
            it("has a parity case for every input", () => {
                expect(Object.keys(cases[type] ?? {}).sort()).to.deep.equal(Object.keys(resource.inputProperties).sort());
            });

            for (const input of Object.keys(resource.inputProperties)) {
                it(`reads input ${input}`, async () => {
                    const [without, withIt] = cases[type][input];
                    const before = await outcome(type, without);
                    const after = await outcome(type, withIt);
                    expect(JSON.parse(after), `${input} made no difference`).not.to.deep.equal(JSON.parse(before));
                    expect(JSON.parse(after), `${input}: ${after}`).not.to.have.property("error");
                });
            }

            it("returns every output from construct", async () => {
                await useMocks({ existingAliases });
                const inputs = type === KMS_KEY ? { alias: "a" } : { lookupAliasName: "alias/existing" };
                const { state } = await construct(new KmsKeyProvider(), "outputs", type, inputs);
                const values = await resolved(state);
                expect(Object.keys(values).sort()).to.deep.equal(Object.keys(resource.properties).sort());
                for (const [name, spec] of Object.entries<any>(resource.properties)) {
                    const expected = spec.type === "array" ? "array" : spec.type === "integer" ? "number" : spec.type;
                    expect(values[name], `${name}`).to.be.a(expected);
                }
            });

            for (const [method, token] of Object.entries<string>(resource.methods ?? {})) {
                it(`serves method ${method} (${token}) with the schema's outputs`, async () => {
                    await useMocks({ existingAliases });
                    const provider = new KmsKeyProvider();
                    const inputs = type === KMS_KEY ? {} : { keyArn: KEY_ARN };
                    const { urn } = await construct(provider, "methods", type, inputs);
                    const result = await provider.call(token, { __self__: fromReference(urn), ...methodArgs(token, ROLE) });
                    const values = await resolved(result.outputs!);
                    expect(Object.keys(values).sort()).to.deep.equal(Object.keys(schema.functions[token].outputs.properties).sort());
                    for (const name of schema.functions[token].outputs.required ?? []) expect(values[name], name).to.be.a("string");
                });
            }
        });
    }
});
