// The schema-driven input checks the provider runs before building a component or serving a method.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SchemaSpec, checkFunctionInputs, checkResourceInputs } from "../../provider/src/inputChecks";

const schema: SchemaSpec = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));
const KMS_KEY = "kmskey:index:KmsKey";
const IMPORTED_KEY = "kmskey:index:ImportedKey";

const paths = (failures: { propertyPath: string }[]) => failures.map((f) => f.propertyPath);

describe("input checks against schema.json", () => {
    it("accepts every KmsKey input with a value of its schema type", () => {
        expect(checkResourceInputs(schema, KMS_KEY, {
            description: "d", enabled: true, multiRegion: false, tags: { a: "b" }, alias: "x", aliases: ["y", "z"],
            keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: false, rotationPeriodInDays: 90, pendingWindowInDays: 7,
            removalPolicy: "destroy", policy: { Version: "2012-10-17" }, policyStatements: [{ any: "thing" }],
            admins: ["arn:aws:iam::111122223333:role/Admin"], grants: [{ grantee: "111122223333", kind: "decrypt" }, { grantee: "*", actions: ["kms:Sign"] }],
            trustAccountIdentities: true, bypassPolicyLockoutSafetyCheck: false,
        })).to.deep.equal([]);
        expect(checkResourceInputs(schema, KMS_KEY, {})).to.deep.equal([]);
    });

    it("names each wrongly typed input", () => {
        const failures = checkResourceInputs(schema, KMS_KEY, {
            description: 1, enabled: "yes", tags: { a: 2 }, aliases: "x", pendingWindowInDays: 7.5, rotationPeriodInDays: "90", admins: [1],
        });
        expect(paths(failures)).to.have.members(["description", "enabled", "tags.a", "aliases", "pendingWindowInDays", "rotationPeriodInDays", "admins[0]"]);
        expect(failures.find((f) => f.propertyPath === "pendingWindowInDays")!.reason).to.equal("pendingWindowInDays: expected a whole number, got number 7.5");
        expect(failures.find((f) => f.propertyPath === "enabled")!.reason).to.equal('enabled: expected a boolean, got the string "yes"');
    });

    it("rejects values outside an enum, top-level and nested", () => {
        const failures = checkResourceInputs(schema, KMS_KEY, { removalPolicy: "RETAIN", grants: [{ grantee: "*", kind: "everything" }] });
        expect(paths(failures)).to.deep.equal(["removalPolicy", "grants[0].kind"]);
        expect(failures[0].reason).to.equal('removalPolicy: the string "RETAIN" is not a valid RemovalPolicy; expected one of "retain", "destroy"');
    });

    it("rejects unknown input names and unknown keys of object types, and missing required keys of object types", () => {
        const failures = checkResourceInputs(schema, KMS_KEY, { removalpolicy: "destroy", grants: [{ kind: "decrypt", principal: "x" }] });
        expect(paths(failures)).to.have.members(["removalpolicy", "grants[0].principal", "grants[0].grantee"]);
        expect(failures.find((f) => f.propertyPath === "removalpolicy")!.reason).to.match(/^removalpolicy: unknown input; expected one of admins, alias, aliases, .*removalPolicy/);
    });

    it("tolerates outputs sent back as empty inputs (generated SDKs do), but not with a value", () => {
        expect(checkResourceInputs(schema, KMS_KEY, { keyArn: undefined, keyId: null })).to.deep.equal([]);
        expect(paths(checkResourceInputs(schema, KMS_KEY, { keyArn: "arn" }))).to.deep.equal(["keyArn"]);
    });

    it("skips values not known yet: Outputs (secrets, values with dependencies), Promises and unknowns", () => {
        expect(checkResourceInputs(schema, KMS_KEY, {
            description: pulumi.output(5), enabled: Promise.resolve("x"), tags: undefined, admins: [pulumi.secret("arn")],
            grants: [{ grantee: pulumi.output("x"), kind: pulumi.output("nope") }],
        })).to.deep.equal([]);
    });

    it("checks methods: required inputs, __self__ a resource reference, types", () => {
        expect(paths(checkFunctionInputs(schema, `${KMS_KEY}/grant`, { grantee: 3 }))).to.have.members(["grantee", "__self__", "actions"]);
        expect(paths(checkFunctionInputs(schema, `${KMS_KEY}/grant`, { __self__: "urn:pulumi:x", grantee: "g", actions: ["kms:Decrypt"] })))
            .to.deep.equal(["__self__"]);
        const self = new pulumi.DependencyResource("urn:pulumi:stack::project::kmskey:index:KmsKey::k");
        expect(checkFunctionInputs(schema, `${KMS_KEY}/grant`, { __self__: self, grantee: "g", actions: ["kms:Decrypt"] })).to.deep.equal([]);
        expect(paths(checkFunctionInputs(schema, `${IMPORTED_KEY}/addAlias`, { __self__: self, name: "a", extra: 1 }))).to.deep.equal(["extra"]);
        // A required input present without a value is unknown (a preview), not missing.
        expect(checkFunctionInputs(schema, `${KMS_KEY}/grantDecrypt`, { __self__: self, grantee: undefined })).to.deep.equal([]);
    });

    it("throws on tokens the schema does not have", () => {
        expect(() => checkResourceInputs(schema, "kmskey:index:Nope", {})).to.throw("unknown resource type kmskey:index:Nope");
        expect(() => checkFunctionInputs(schema, `${KMS_KEY}/nope`, {})).to.throw(`unknown function ${KMS_KEY}/nope`);
    });

    it("quotes map keys that are not identifiers in property paths", () => {
        expect(paths(checkResourceInputs(schema, KMS_KEY, { tags: { "cost center": 1 } }))).to.deep.equal(['tags["cost center"]']);
    });
});
