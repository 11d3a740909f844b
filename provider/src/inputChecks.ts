// Schema-driven input checks for the provider: the inputs of a construct or call against schema.json.
// Known values only: an Output (a value with dependencies or a secret), a Promise or an unknown value is
// skipped here and left to the component. Cheap on purpose (no Pulumi, no AWS): it runs in the plugin
// before the component modules are loaded. It imports the SDK's submodules, not the @pulumi/pulumi index,
// whose automation API alone costs ~200 ms at plugin start-up.
import type { Inputs } from "@pulumi/pulumi";
import { Output } from "@pulumi/pulumi/output";
import { Resource } from "@pulumi/pulumi/resource";

/** A property (or array item / map value) of schema.json. */
export interface PropertySpec {
    type?: string;
    plain?: boolean;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
}

/** An object shape of schema.json: a resource's inputs, a function's inputs, an object type. */
export interface ObjectSpec {
    properties: { [name: string]: PropertySpec };
    required?: string[];
}

/** The parts of schema.json the checks read. */
export interface SchemaSpec {
    types?: { [token: string]: PropertySpec & { enum?: { value: unknown }[]; properties?: ObjectSpec["properties"]; required?: string[] } };
    resources?: { [token: string]: { inputProperties?: ObjectSpec["properties"]; requiredInputs?: string[]; properties?: ObjectSpec["properties"] } };
    functions?: { [token: string]: { inputs?: ObjectSpec } };
}

export interface InputFailure {
    /** The input's path, e.g. `grants[1].kind`. */
    propertyPath: string;
    reason: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function member(path: string, key: string): string {
    if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
    return `${path}[${JSON.stringify(key)}]`;
}

/** Not known now: checked by the component once resolved. */
function isDeferred(value: unknown): boolean {
    return value === undefined || Output.isInstance(value) || value instanceof Promise;
}

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (Resource.isInstance(value)) return "a resource reference";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return `the string ${JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value)}`;
    return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !Resource.isInstance(value);
}

/** Checks one value against a property spec, appending failures. */
export function checkValue(schema: SchemaSpec, spec: PropertySpec, value: unknown, path: string, failures: InputFailure[]): void {
    if (isDeferred(value) || value === null) return;
    const fail = (reason: string): void => void failures.push({ propertyPath: path, reason: `${path}: ${reason}` });
    if (spec.$ref !== undefined) {
        const ref = spec.$ref;
        if (ref === "pulumi.json#/Any") return;
        if (ref.startsWith("#/types/")) {
            const token = ref.slice("#/types/".length);
            const type = schema.types?.[token];
            if (!type) return fail(`the schema has no type ${token}`);
            if (type.enum) {
                const allowed = type.enum.map((e) => e.value);
                if (!allowed.some((a) => a === value)) {
                    return fail(`${describe(value)} is not a valid ${token.split(":").pop()}; expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
                }
                return;
            }
            return checkObject(schema, { properties: type.properties ?? {}, required: type.required }, value, path, failures);
        }
        if (ref.startsWith("#/resources/")) {
            const token = ref.slice("#/resources/".length);
            if (!Resource.isInstance(value)) return fail(`expected a reference to a ${token} resource, got ${describe(value)}`);
            return;
        }
        return; // an external type (another package's schema): that package checks it
    }
    switch (spec.type) {
        case "string":
            if (typeof value !== "string") fail(`expected a string, got ${describe(value)}`);
            return;
        case "boolean":
            if (typeof value !== "boolean") fail(`expected a boolean, got ${describe(value)}`);
            return;
        case "integer":
            if (typeof value !== "number" || !Number.isInteger(value)) fail(`expected a whole number, got ${describe(value)}`);
            return;
        case "number":
            if (typeof value !== "number" || !Number.isFinite(value)) fail(`expected a number, got ${describe(value)}`);
            return;
        case "array":
            if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
            value.forEach((item, i) => checkValue(schema, spec.items ?? {}, item, `${path}[${i}]`, failures));
            return;
        case "object":
            if (!isPlainObject(value)) return fail(`expected an object (a map), got ${describe(value)}`);
            for (const [k, v] of Object.entries(value)) checkValue(schema, spec.additionalProperties ?? {}, v, member(path, k), failures);
            return;
        default:
            return; // no type given: anything goes
    }
}

/**
 * Checks an object value against an object shape: no unknown keys, the required keys present, each known
 * value of the right type. `ignorable` names keys that may be present with no value (outputs that SDKs send
 * as `undefined`/`None`).
 */
export function checkObject(schema: SchemaSpec, shape: ObjectSpec, value: unknown, path: string, failures: InputFailure[], ignorable: readonly string[] = []): void {
    if (!isPlainObject(value)) {
        failures.push({ propertyPath: path, reason: `${path || "inputs"}: expected an object, got ${describe(value)}` });
        return;
    }
    const names = Object.keys(shape.properties);
    for (const [key, v] of Object.entries(value)) {
        const spec = shape.properties[key];
        if (spec) {
            checkValue(schema, spec, v, member(path, key), failures);
        } else if (!(ignorable.includes(key) && v == null)) {
            const where = member(path, key);
            failures.push({ propertyPath: where, reason: `${where}: unknown input; expected one of ${names.join(", ")}` });
        }
    }
    for (const key of shape.required ?? []) {
        // A key present with no value is unknown (a preview), not missing.
        if (!Object.prototype.hasOwnProperty.call(value, key) || value[key] === null) {
            const where = member(path, key);
            failures.push({ propertyPath: where, reason: `${where}: required input is missing` });
        }
    }
}

/** The failures of a component's construct inputs. */
export function checkResourceInputs(schema: SchemaSpec, token: string, inputs: Inputs): InputFailure[] {
    const resource = schema.resources?.[token];
    if (!resource) throw new Error(`unknown resource type ${token}`);
    const failures: InputFailure[] = [];
    checkObject(schema, { properties: resource.inputProperties ?? {}, required: resource.requiredInputs }, inputs, "", failures,
        Object.keys(resource.properties ?? {}));
    return failures;
}

/** The failures of a method's call inputs (including `__self__`). */
export function checkFunctionInputs(schema: SchemaSpec, token: string, inputs: Inputs): InputFailure[] {
    const fn = schema.functions?.[token];
    if (!fn) throw new Error(`unknown function ${token}`);
    const failures: InputFailure[] = [];
    checkObject(schema, fn.inputs ?? { properties: {} }, inputs, "", failures);
    return failures;
}
