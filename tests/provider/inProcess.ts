// Helpers for driving the provider object in process (tests/provider, tests/schema): construct and call
// as the SDK's gRPC server runs them, under pulumi.runtime.setMocks.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { KmsKeyProvider } from "../../provider/src/provider";
import { ACCOUNT, valueOf } from "../support/mocks";

export const root = path.join(__dirname, "..", "..");
export const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
export const KMS_KEY = "kmskey:index:KmsKey";
export const IMPORTED_KEY = "kmskey:index:ImportedKey";
export const EXISTING_KEY_ID = "0f0e0d0c-0b0a-0908-0706-050403020100";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const RESOURCE_SIG = { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e" };

/** `__self__` as the gRPC server hands it to call: a resource reference, deserialized (rebuilt by URN). */
export function fromReference(urn: string): pulumi.Resource {
    return pulumi.runtime.deserializeProperty({ ...RESOURCE_SIG, urn, packageVersion: "" });
}

/** Construct as the gRPC server runs it: it answers once every RPC the component started is done. */
export async function construct(provider: KmsKeyProvider, name: string, type: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions = {}) {
    const result = await provider.construct(name, type, inputs, opts);
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { urn: await valueOf(pulumi.output(result.urn)), state: result.state };
}

/** Resolves every Output of a state or result object. */
export async function resolved(values: pulumi.Inputs): Promise<{ [key: string]: any }> {
    const out: { [key: string]: any } = {};
    for (const [k, v] of Object.entries(values)) out[k] = pulumi.Output.isInstance(v) ? await valueOf(v) : await v;
    return out;
}

/** The error a promise rejects with. */
export async function failure(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (e) {
        return e;
    }
    throw new Error("expected a rejection");
}

/** Asserts a per-property input error naming `propertyPath`. */
export function expectInputError(e: any, propertyPath: string, reason?: RegExp): void {
    expect(pulumi.InputPropertiesError.isInstance(e), `expected an InputPropertiesError, got ${e?.stack ?? e}`).to.equal(true);
    const paths = e.errors.map((x: { propertyPath: string }) => x.propertyPath);
    expect(paths).to.include(propertyPath);
    if (reason) expect(e.errors.find((x: { propertyPath: string }) => x.propertyPath === propertyPath).reason).to.match(reason);
}

/**
 * A check that fails once the account is known also fails the child resource that takes the failing value,
 * as an unhandled rejection. The plugin (main.ts) ignores those (the request reports the error); so does this.
 */
export function ignoringUnhandledKmsKeyErrors(): () => Promise<void> {
    const listeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const filter = (reason: unknown, p: Promise<unknown>) => {
        if ((reason as Error)?.name === "KmsKeyError") return;
        for (const l of listeners) l(reason, p);
    };
    process.on("unhandledRejection", filter);
    return async () => {
        await new Promise((r) => setTimeout(r, 50));
        process.removeListener("unhandledRejection", filter);
        for (const l of listeners) process.on("unhandledRejection", l);
        // The failed children never settle; the SDK would report them as leaked promises at exit.
        require("@pulumi/pulumi/runtime/debuggable").leakedPromises();
    };
}

/** Inputs for a method, from its schema: distinct grantees per method so each grant is its own policy. */
export function methodArgs(token: string, grantee: string): pulumi.Inputs {
    const args: pulumi.Inputs = {};
    for (const name of Object.keys(schema.functions[token].inputs.properties)) {
        if (name === "grantee") args.grantee = grantee;
        else if (name === "actions") args.actions = ["kms:DescribeKey"];
        else if (name === "name") args.name = `extra-${token.split("/")[1]}`;
        else if (name !== "__self__") throw new Error(`no test value for ${token} input ${name}`);
    }
    return args;
}

