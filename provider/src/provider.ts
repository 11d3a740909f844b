// The Pulumi provider of the kmskey package: GetSchema, Construct (KmsKey, ImportedKey) and Call (their
// methods). Importing this module has no side effects: main.ts serves it, tests use it in process.
//
// Start-up cost matters (the engine, and YAML programs on every run, launch the plugin to read the
// schema), so the component modules and @pulumi/aws are loaded on the first construct or call only
// (loadComponents); main.ts makes sure that happens before the SDK deserializes a request.
//
// For the same reason the SDK is imported by submodule (the @pulumi/pulumi index loads the automation API,
// ~200 ms); the component modules import the whole SDK when they load.
import type * as pulumi from "@pulumi/pulumi";
import { InputPropertiesError } from "@pulumi/pulumi/errors";
import { Output, output } from "@pulumi/pulumi/output";
import type { ConstructResult, InvokeResult, Provider } from "@pulumi/pulumi/provider";
import { registerResourceModule } from "@pulumi/pulumi/runtime/rpc";
import type { ImportedKey } from "./importedKey";
import type { KeyBase } from "./keyBase";
import type { KmsKey } from "./kmsKey";
import { InputFailure, SchemaSpec, checkFunctionInputs, checkResourceInputs } from "./inputChecks";
import { isPlain, settle } from "./plain";
import { isKmsKeyError } from "./policy/errors";
import {
    ImportedKeyArgs, ImportedKeyMethodArgs, ImportedKeyMethodResults, KmsKeyArgs, KmsKeyMethodArgs, KmsKeyMethodResults,
    importedKeyMethodTokens, importedKeyOutputNames, importedKeyToken, kmsKeyMethodTokens, kmsKeyOutputNames, kmsKeyToken,
    packageName, packageVersion,
} from "./schemaTypes";

import { schemaSpec, schemaText } from "./schema";

export { schemaPath } from "./schema";

interface Components {
    KmsKey: typeof KmsKey;
    ImportedKey: typeof ImportedKey;
}

let components: Components | undefined;

/**
 * Loads @pulumi/aws (which registers its resource modules and its provider package, so that resource
 * references and `providers` deserialize to real aws resources) and the component modules. Idempotent.
 */
export function loadComponents(): Components {
    if (!components) {
        require("@pulumi/aws");
        const { KmsKey } = require("./kmsKey") as typeof import("./kmsKey");
        const { ImportedKey } = require("./importedKey") as typeof import("./importedKey");
        components = { KmsKey, ImportedKey };
    }
    return components;
}

/** Whether the plugin has loaded the component modules and @pulumi/aws yet. */
export function componentsLoaded(): boolean {
    return components !== undefined;
}

/**
 * Rebuilds a component from its URN, for a method call's `__self__` (registered with
 * registerResourceModule): `new KmsKey(name, undefined, {urn})` reads the outputs back and creates nothing.
 */
function rehydrate(name: string, type: string, urn: string): pulumi.Resource {
    const { KmsKey, ImportedKey } = loadComponents();
    switch (type) {
        case kmsKeyToken: return new KmsKey(name, undefined, { urn });
        case importedKeyToken: return new ImportedKey(name, undefined as unknown as ImportedKeyArgs, { urn });
        default: throw new Error(`unknown resource type ${type}`);
    }
}

/** A value now when known (plain), else once resolved. */
function whenKnown<T, R>(value: pulumi.Input<T>, f: (v: pulumi.Unwrap<T>) => pulumi.Input<R>): pulumi.Input<R> {
    return isPlain(value) ? f(value as pulumi.Unwrap<T>) : output(value).apply((v) => f(v as pulumi.Unwrap<T>)) as Output<R>;
}

/** An alias's full name, once it is created: `name` on aws.kms.Alias, `aliasName` on aws-native:kms:Alias. */
function aliasNameOf(alias: ReturnType<KeyBase["addAlias"]>): pulumi.Output<string> {
    return "aliasName" in alias ? alias.aliasName : alias.name;
}

/** One function per method, typed by the generated method args/results: a schema method left out is a compile error. */
type MethodTable<Args, Results extends { [M in keyof Args]: unknown }> = { readonly [M in keyof Args]: (self: KeyBase, args: Args[M]) => Results[M] };

const kmsKeyMethods: MethodTable<KmsKeyMethodArgs, KmsKeyMethodResults> = {
    addAlias: (self, { name }) => ({ aliasName: whenKnown(name, (n) => aliasNameOf(self.addAlias(n))) }),
    grant: (self, { grantee, actions }) => ({ policyName: whenKnown(actions, (a) => self.grant(grantee, ...a)) }),
    grantAdmin: (self, { grantee }) => ({ policyName: self.grantAdmin(grantee) }),
    grantEncrypt: (self, { grantee }) => ({ policyName: self.grantEncrypt(grantee) }),
    grantDecrypt: (self, { grantee }) => ({ policyName: self.grantDecrypt(grantee) }),
    grantEncryptDecrypt: (self, { grantee }) => ({ policyName: self.grantEncryptDecrypt(grantee) }),
    grantSign: (self, { grantee }) => ({ policyName: self.grantSign(grantee) }),
    grantVerify: (self, { grantee }) => ({ policyName: self.grantVerify(grantee) }),
    grantSignVerify: (self, { grantee }) => ({ policyName: self.grantSignVerify(grantee) }),
    grantGenerateMac: (self, { grantee }) => ({ policyName: self.grantGenerateMac(grantee) }),
    grantVerifyMac: (self, { grantee }) => ({ policyName: self.grantVerifyMac(grantee) }),
    grantUse: (self, { grantee }) => ({ policyName: self.grantUse(grantee) }),
    grantServiceGrants: (self, { grantee }) => ({ policyName: self.grantServiceGrants(grantee) }),
};
// The same implementations serve ImportedKey; this assignment stops compiling if the two method sets diverge.
const importedKeyMethods: MethodTable<ImportedKeyMethodArgs, ImportedKeyMethodResults> = kmsKeyMethods;

interface MethodEntry {
    /** The resource token `__self__` must have. */
    resource: string;
    run(self: KeyBase, args: pulumi.Inputs): pulumi.Inputs;
}

function methodEntries(): Map<string, MethodEntry> {
    const entries = new Map<string, MethodEntry>();
    for (const [method, token] of Object.entries(kmsKeyMethodTokens)) {
        const run = kmsKeyMethods[method as keyof KmsKeyMethodArgs] as unknown as MethodEntry["run"];
        entries.set(token, { resource: kmsKeyToken, run });
    }
    for (const [method, token] of Object.entries(importedKeyMethodTokens)) {
        const run = importedKeyMethods[method as keyof ImportedKeyMethodArgs] as unknown as MethodEntry["run"];
        entries.set(token, { resource: importedKeyToken, run });
    }
    return entries;
}

/** Waits for every Output among `values`; rejects with the first failure. Unknown values (preview) resolve. */
async function settleAll(values: pulumi.Inputs): Promise<void> {
    for (const value of Object.values(values)) {
        if (Output.isInstance(value)) await settle(value);
        else if (value instanceof Promise) await value;
    }
}

/**
 * `plain: true` inputs (alias names, key spec, ...) must be known when the component is built. One sent as an
 * Output (a secret, or a value with dependencies) is resolved to its value; one still unknown (a preview) is
 * an input error rather than a failure deep in the component.
 */
async function resolvePlainInputs(properties: { [name: string]: { plain?: boolean } }, inputs: pulumi.Inputs): Promise<{ args: pulumi.Inputs; failures: InputFailure[] }> {
    const args: pulumi.Inputs = { ...inputs };
    const failures: InputFailure[] = [];
    for (const [name, value] of Object.entries(inputs)) {
        if (!properties[name]?.plain || isPlain(value)) continue;
        const resolved = output(value);
        const known = await (resolved as unknown as { isKnown: Promise<boolean> }).isKnown;
        if (!known) {
            failures.push({ propertyPath: name, reason: `${name}: must be known when the component is created (a plain input), but its value is not known yet` });
            continue;
        }
        args[name] = await settle(resolved);
    }
    return { args, failures };
}

/** Reports input failures to the engine per property (INVALID_ARGUMENT with a PropertyError each). */
function inputError(context: string, failures: InputFailure[]): InputPropertiesError {
    return new InputPropertiesError({
        message: `${context}: ${failures.map((f) => f.reason).join("; ")}`,
        errors: failures,
    });
}

/** A KmsKeyError (from a constructor, a method or an async check) becomes a per-property input error. */
function asInputError(context: string, e: unknown): unknown {
    if (!isKmsKeyError(e)) return e;
    return inputError(context, [{ propertyPath: e.property, reason: e.message }]);
}

export class KmsKeyProvider implements Provider {
    readonly version = packageVersion;
    private readonly methods = methodEntries();

    constructor() {
        // A method call's __self__ is a reference to a component built by an earlier construct (this process or another).
        registerResourceModule(packageName, "index", { version: packageVersion, construct: rehydrate });
    }

    /** schema.json byte for byte, read once (GetSchema and the input checks share it). */
    async getSchema(): Promise<string> {
        return schemaText();
    }

    /** The parsed schema, for the input checks. */
    private get spec(): SchemaSpec {
        return schemaSpec();
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
        if (type !== kmsKeyToken && type !== importedKeyToken) throw new Error(`unknown resource type ${type}`);
        const context = `${type} ${name}`;
        const properties = this.spec.resources![type].inputProperties ?? {};
        const plain = await resolvePlainInputs(properties, inputs);
        const failures = [...plain.failures, ...checkResourceInputs(this.spec, type, plain.args)];
        if (failures.length) throw inputError(context, failures);
        // Only the schema's inputs reach the component (SDKs may send outputs as empty inputs).
        const args = Object.fromEntries(Object.entries(plain.args).filter(([k]) => k in properties));
        const { KmsKey, ImportedKey } = loadComponents();
        try {
            let component: KmsKey | ImportedKey;
            let state: pulumi.Inputs;
            if (type === kmsKeyToken) {
                const key = new KmsKey(name, args as KmsKeyArgs, options);
                component = key;
                state = Object.fromEntries(kmsKeyOutputNames.map((n) => [n, key[n]]));
            } else {
                const key = new ImportedKey(name, args as ImportedKeyArgs, options);
                component = key;
                state = Object.fromEntries(importedKeyOutputNames.map((n) => [n, key[n]]));
            }
            // Only the checks are awaited here, so that a failing one is this Construct's per-property error. The
            // outputs are not: the SDK's server serializes the state and waits for the children's registrations
            // itself (@pulumi/pulumi provider/server.js: serializeResourceProperties, waitForRPCs), so the answer
            // comes once the key exists, whatever is awaited here. That is no queue: the engine runs each
            // Construct in its own goroutine (pkg/resource/deploy/source_eval.go, RegisterResource) and the
            // SDKs and pulumi-yaml register resources without waiting for earlier ones (README "Benchmarks").
            await component.whenValid();
            return { urn: component.urn, state };
        } catch (e) {
            throw asInputError(context, e);
        }
    }

    async call(token: string, inputs: pulumi.Inputs): Promise<InvokeResult> {
        const entry = this.methods.get(token);
        if (!entry) throw new Error(`unknown function ${token}`);
        const failures = checkFunctionInputs(this.spec, token, inputs);
        if (failures.length) throw inputError(token, failures);
        const { KmsKey, ImportedKey } = loadComponents();
        const { __self__: self, ...args } = inputs;
        const cls = entry.resource === kmsKeyToken ? KmsKey : ImportedKey;
        if (!(self instanceof cls)) {
            throw inputError(token, [{ propertyPath: "__self__", reason: `__self__: expected a ${entry.resource} resource` }]);
        }
        try {
            // The Call carries no providers: the method's resources go to the provider recorded at Construct.
            await self.restoreProvider();
            const outputs = entry.run(self, args);
            await self.whenValid();
            await settleAll(outputs);
            return { outputs };
        } catch (e) {
            throw asInputError(token, e);
        }
    }
}
