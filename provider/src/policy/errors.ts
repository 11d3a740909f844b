/**
 * A rejected input. `property` is the path of the offending input (e.g. `grants[2].kind`), so the
 * provider can report it per property to the engine; the message names the value and what is allowed.
 */
export class KmsKeyError extends Error {
    constructor(readonly property: string, message: string) {
        super(message);
        this.name = "KmsKeyError";
        // The message stays as written. The SDK prefixes `error serializing property "<input>": ` to an error met
        // while serializing a child resource's inputs, mutating the same error once per resource that holds the
        // failing Output (@pulumi/pulumi runtime/rpc.js serializeProperties), so a replicated key's error read
        // 'error serializing property "policy": error serializing property "policy": replicaRegions[0]: ...',
        // naming our internal plumbing. A KmsKeyError already names the user's input.
        Object.defineProperty(this, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
    }
}

export function isKmsKeyError(e: unknown): e is KmsKeyError {
    return e instanceof Error && e.name === "KmsKeyError" && typeof (e as KmsKeyError).property === "string";
}

/** Throws a KmsKeyError for `property`. */
export function fail(property: string, message: string): never {
    throw new KmsKeyError(property, message);
}

/** Shows a value in an error message the way a user wrote it. */
export function show(value: unknown): string {
    let text: string;
    if (typeof value === "string") text = `'${value}'`;
    else if (typeof value === "number" && !Number.isFinite(value)) text = String(value); // JSON would say null
    else if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") text = String(value);
    else {
        // Never throw while describing bad input: circular or exotic values get a generic description.
        try {
            text = JSON.stringify(value) ?? String(value);
        } catch {
            text = Array.isArray(value) ? "an array that cannot be shown (circular?)" : "an object that cannot be shown (circular?)";
        }
    }
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
