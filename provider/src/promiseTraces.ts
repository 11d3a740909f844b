// Promise stack traces the SDK takes and nobody reads.
//
// @pulumi/pulumi records a stack trace for every promise it makes (runtime/debuggable.js debuggablePromise:
// `new Error().stack`, formatted at once), about 55 for each resource it registers (transferProperties: one per
// output property). Only its promise-leak report reads them, and it prints them only when PULUMI_DEBUG_PROMISE_LEAKS
// is set. Formatting is the cost: in a TypeScript program the SDK's `run` has installed ts-node's source-map support,
// which maps every frame of every trace. For a program of 40 KmsKeys that was about 0.5 s of CPU, a sixth of the
// program (README "Benchmarks"). So, unless that variable asks for them, the traces of the promises made while
// KmsKey registers its child resources are taken without frames; in the plugin (a process of ours), all of them.
// Every other stack trace keeps its frames: errors, the source position and stack trace the SDK records for each
// resource (it sets its own limit for those), and the promises of the program's own resources and of the KmsKey
// component itself (registered at the program's call, before the constructor's body runs).
type Debuggable = { debuggablePromise: (...args: unknown[]) => unknown };

let scopes = 0;
let everywhere = false;
let patched = false;

function patch(): void {
    if (patched) return;
    patched = true;
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
    // The SDK's modules call it through this module object, so replacing the export reaches every caller (of the
    // @pulumi/pulumi this package resolves, the one its resources are registered with).
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const original = debuggable.debuggablePromise;
    debuggable.debuggablePromise = function (this: unknown, ...args: unknown[]) {
        if (!everywhere && scopes === 0) return original.apply(this, args);
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original.apply(this, args);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
}

/**
 * Makes the SDK's promise traces frameless until the returned function is called: `const done = framelessPromiseTraces();
 * try { register KmsKey's resources } finally { done(); }`. A try block rather than a callback, so that no frame of
 * ours is added to the stack trace the SDK records for each of those resources (and serializes into every snapshot).
 */
export function framelessPromiseTraces(): () => void {
    patch();
    scopes++;
    return () => void scopes--;
}

/** For the plugin's process: every promise trace frameless. */
export function framelessPromiseTracesEverywhere(): void {
    patch();
    everywhere = true;
}
