import { Output } from "@pulumi/pulumi/output";
import { Resource } from "@pulumi/pulumi/resource";

/** An Output's value: undefined while unknown (a preview); rejects when the Output failed. */
export function settle<T>(output: Output<T>): Promise<T | undefined> {
    return (output as unknown as { promise(): Promise<T | undefined> }).promise();
}

/** Whether a value is fully known now: no Output or Promise anywhere inside it (resources count as known). */
export function isPlain(value: unknown): boolean {
    if (Output.isInstance(value) || value instanceof Promise) return false;
    if (Array.isArray(value)) return value.every(isPlain);
    if (value && typeof value === "object" && !Resource.isInstance(value)) return Object.values(value).every(isPlain);
    return true;
}
