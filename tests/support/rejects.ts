import { expect } from "chai";
import { KmsKeyError } from "../../provider/src/policy";

/** Asserts that `fn` throws a KmsKeyError naming `property`, whose message contains `message`. */
export function rejects(fn: () => unknown, property: string, message: string): void {
    let error: unknown;
    try { fn(); } catch (e) { error = e; }
    expect(error, "expected a KmsKeyError").to.be.instanceOf(KmsKeyError);
    expect((error as KmsKeyError).property).to.equal(property);
    expect((error as Error).message).to.contain(message);
}
