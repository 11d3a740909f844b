// The security rules as the TypeScript library applies them: typed inputs like the provider's schema checks,
// malformed values as KmsKeyErrors, one alias name per key in a program, grant methods failing through their
// Output, and nothing registered for refused input.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { KmsKey, KmsKeyError } from "../../provider/src";
import { ACCOUNT, RecordingMocks, settled, useMocks, valueOf } from "../support/mocks";

function thrown(fn: () => unknown): KmsKeyError {
    try {
        fn();
    } catch (e) {
        expect(e, String(e)).to.be.instanceOf(KmsKeyError);
        return e as KmsKeyError;
    }
    throw new Error("expected a KmsKeyError");
}

describe("KmsKey security in the TypeScript library", () => {
    let mocks: RecordingMocks;
    beforeEach(async () => { mocks = await useMocks(); });

    it("type-checks every input the way the provider's schema checks do, before registering anything", () => {
        const cases: [object, string, RegExp][] = [
            [{ enableKeyRotation: "true" }, "enableKeyRotation", /expected true or false/],
            [{ pendingWindowInDays: "7" }, "pendingWindowInDays", /whole number/],
            [{ tags: "team=a" }, "tags", /expected an object/],
            [{ tags: { team: 5 } }, "tags.team", /must be a string/],
            [{ colour: "blue" }, "colour", /unknown input/],
            [{ grants: [{ grantee: "logs.amazonaws.com", kind: "__proto__" }] }, "grants[0].kind", /is not a grant kind/],
            [{ grants: [{ grantee: "logs.amazonaws.com", kind: "decrypt", condition: {} }] }, "grants[0].condition", /unknown field/],
            [{ enabled: "no" }, "enabled", /expected a boolean/],
            [{ description: 42 }, "description", /expected a string/],
            [{ admins: ["*"] }, "admins[0]", /administer the key/],
        ];
        for (const [args, property, reason] of cases) {
            const e = thrown(() => new KmsKey(`k-${property}`, args as never));
            expect(e.property, e.message).to.equal(property);
            expect(e.message).to.match(reason);
        }
        expect(mocks.registrations).to.deep.equal([]);
    });

    it("refuses null, non-object and circular args with a KmsKeyError", () => {
        for (const args of [null, "x", 5, [], () => 1]) {
            expect(thrown(() => new KmsKey("k", args as never)).property).to.equal("args");
        }
        const looped: any = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };
        looped.Condition = { StringEquals: { "a:b": looped } };
        const e = thrown(() => new KmsKey("k", { policyStatements: [looped] }));
        expect(e.property).to.equal("policyStatements[0].Condition.StringEquals.a:b");
        expect(e.message).to.contain("refers to itself");
        expect(thrown(() => new KmsKey(undefined as never, {})).property).to.equal("name");
        expect(mocks.registrations).to.deep.equal([]);
    });

    it("refuses non-string arguments to the import and lookup functions", () => {
        expect(thrown(() => KmsKey.fromKeyArn("a", 42 as never)).property).to.equal("keyArn");
        expect(thrown(() => KmsKey.fromAliasName("b", { name: "x" } as never)).property).to.equal("aliasName");
        expect(thrown(() => KmsKey.fromLookup("c", null as never)).property).to.equal("options");
        expect(thrown(() => KmsKey.fromLookup("d", { aliasName: 7 } as never)).property).to.equal("lookupAliasName");
        expect(thrown(() => KmsKey.fromLookup("e", { aliasName: "alias/x", returnDummyKeyOnMissing: "yes" } as never)).property).to.equal("returnDummyKeyOnMissing");
        expect(thrown(() => KmsKey.fromKeyArn("f", pulumi.output("arn:aws:kms:us-east-1:111122223333:key/x") as never)).message).to.contain("must be a plain value");
    });

    it("points an alias ARN given to fromKeyArn at fromAliasName", () => {
        const e = thrown(() => KmsKey.fromKeyArn("a", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/data`));
        expect(e.property).to.equal("keyArn");
        expect(e.message).to.match(/is an alias ARN, not a key ARN; import a key by its alias with fromAliasName \(aliasName: "alias\/data"\)/);
    });

    it("refuses the same alias name on two keys of one program, naming both", () => {
        new KmsKey("first", { alias: "shared" });
        const e = thrown(() => new KmsKey("second", { aliases: ["other", "alias/shared"] }));
        expect(e.property).to.equal("aliases[1]");
        expect(e.message).to.contain("alias alias/shared is already given to key 'first' in this program");
        const key = new KmsKey("third", {});
        expect(thrown(() => key.addAlias("shared")).property).to.equal("name");
        // Another AWS provider (another account or region) may use the name.
        const west = new aws.Provider("west", { region: "us-west-2" });
        expect(() => new KmsKey("fourth", { alias: "shared" }, { providers: { aws: west } })).not.to.throw();
    });

    it("a grant method's refused grantee fails the Output it returns, for a plain and an Output grantee", async () => {
        const key = new KmsKey("data", {});
        await settled(key, key.key);
        for (const grantee of ["arn:aws:iam::999999999999:role/App", pulumi.output("arn:aws:iam::999999999999:role/Other")]) {
            let error: unknown;
            const name = key.grantDecrypt(grantee);
            const restore = process.listeners("unhandledRejection");
            process.removeAllListeners("unhandledRejection");
            process.on("unhandledRejection", () => undefined); // the policy resource's own registration also fails
            try {
                await valueOf(name);
            } catch (e) {
                error = e;
            } finally {
                process.removeAllListeners("unhandledRejection");
                for (const l of restore) process.on("unhandledRejection", l);
            }
            expect(error, String(grantee)).to.be.instanceOf(KmsKeyError);
            expect((error as KmsKeyError).property).to.equal("grantee");
            expect((error as Error).message).to.match(/is in account 999999999999/);
        }
    });

    it("checks grant-method actions against the KMS action list, with a suggestion", () => {
        const key = new KmsKey("data", {});
        const e = thrown(() => key.grant(`arn:aws:iam::${ACCOUNT}:role/App`, "kms:Decrpyt"));
        expect(e.property).to.equal("actions[0]");
        expect(e.message).to.contain("did you mean kms:Decrypt?");
    });
});
