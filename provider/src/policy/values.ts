import { fail } from "./errors";

// Inputs arrive from any language, or from a TypeScript program that may pass anything. Before any other
// check walks them, make sure walking terminates: no cycles, a bounded depth and a bounded size, so that
// odd values give a KmsKeyError naming the property instead of a RangeError or a TypeError.

/** Deeper than any policy or grant needs (a Condition is 4 levels below a statement). */
export const MAX_DEPTH = 32;
/** More values than any key policy that fits KMS's 32 KB could hold many times over. */
export const MAX_VALUES = 2_000_000;

/**
 * Checks that `value` is a finite tree of plain data: no cycle, no class instances, at most MAX_DEPTH levels,
 * at most MAX_VALUES values.
 * `opaque` values (Pulumi Outputs, resources) are not entered.
 */
export function checkFiniteTree(value: unknown, property: string, opaque: (v: object) => boolean = () => false): void {
    const path: object[] = [];
    let count = 0;
    const walk = (v: unknown, where: string, depth: number): void => {
        if (++count > MAX_VALUES) fail(property, `${property}: the value is too large to be a KMS key input (more than ${MAX_VALUES} values)`);
        if (!v || typeof v !== "object" || opaque(v)) return;
        if (path.includes(v)) fail(where, `${where}: the value refers to itself (a circular structure), which no policy or input can be`);
        // Plain data only: a class instance's inherited getters would be checked but not serialized (JSON keeps
        // own properties), so what is checked and what is deployed could differ.
        const proto = Object.getPrototypeOf(v);
        if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
            fail(where, `${where}: a ${proto?.constructor?.name ?? "non-plain"} object is not plain data; give plain objects, lists, strings, numbers and booleans`);
        }
        if (depth > MAX_DEPTH) fail(where, `${where}: nested more than ${MAX_DEPTH} levels deep; no KMS key input is that deep`);
        path.push(v);
        if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${where}[${i}]`, depth + 1));
        else for (const [k, item] of Object.entries(v)) walk(item, `${where}.${k}`, depth + 1);
        path.pop();
    };
    walk(value, property, 0);
}
