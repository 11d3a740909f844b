// The plugin entry, package.json#main (compiled: provider/bin/main.js). Requiring it starts nothing: it
// exports a function that starts the provider's gRPC server.
//
// How it runs: PulumiPlugin.yaml (runtime: nodejs) makes the engine's language host launch
// `node node_modules/@pulumi/pulumi/cmd/run-plugin <repo> <engine address>`. run-plugin require()s this
// module, finds no ComponentResource among its exports (so it does not start its own inferred provider)
// and, the export being a function, calls it, with process.argv rewritten to [node, run-plugin, <args>].
// `node provider/bin/main.js <engine address>` starts it directly.
import * as path from "path";
import type * as ProviderModule from "./provider";

type GrpcServerPrototype = { addService(service: { [method: string]: { path?: string } }, implementation: object): void };

/**
 * Starts the provider: prints the port on stdout (the engine reads it) and serves until killed.
 * Resolves once the server listens.
 */
function runPlugin(args: string[] = process.argv.slice(2)): Promise<void> {
    const { KmsKeyProvider, loadComponents, componentsLoaded } = require("./provider") as typeof ProviderModule;
    const { isKmsKeyError } = require("./policy/errors") as typeof import("./policy/errors");
    const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");

    // @pulumi/aws and the components load on the first Construct or Call, but they must be loaded before
    // the SDK deserializes that request (aws providers and resource references need aws's registrations),
    // which happens before Provider.construct/call is reached: so wrap those two gRPC handlers. The SDK's
    // main() creates its grpc server and adds the service synchronously; the patch lasts only that long.
    const grpcPath = require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });
    const serverPrototype = (require(grpcPath) as { Server: { prototype: GrpcServerPrototype } }).Server.prototype;
    const addService = serverPrototype.addService;
    let wrapped = false;
    serverPrototype.addService = function (this: unknown, service, implementation) {
        if (service.construct?.path === "/pulumirpc.ResourceProvider/Construct") {
            const withLoading: { [name: string]: unknown } = Object.create(implementation);
            for (const name of ["construct", "call"]) {
                const handler = (implementation as { [name: string]: (call: unknown, callback: (e: unknown) => void) => unknown })[name];
                withLoading[name] = function (this: unknown, call: unknown, callback: (e: unknown) => void) {
                    try {
                        loadComponents();
                    } catch (e) {
                        return callback(e);
                    }
                    return handler.call(this, call, callback);
                };
            }
            implementation = withLoading;
            wrapped = true;
        }
        return addService.call(this, service, implementation);
    };
    let serving: Promise<void>;
    try {
        serving = main(new KmsKeyProvider(), args);
    } finally {
        serverPrototype.addService = addService;
    }
    plainStackTraces();
    isolateValidationFailures(isKmsKeyError);
    return serving.then(() => {
        // Should a future SDK add the service later, load everything now rather than risk a bad deserialization.
        if (!wrapped && !componentsLoaded()) loadComponents();
    });
}

/**
 * run-plugin registers ts-node, and with it source-map-support, and the SDK's main() installs source-map-support
 * again (@pulumi/pulumi cmd/run-plugin/run.js, provider/server.js). Both map every frame of every stack trace, and
 * the SDK takes one for every promise it makes (runtime/debuggable.js) and every resource it registers (its
 * source position): for a Construct that was a fifth of the plugin's CPU (bench/engine.ts, README
 * "Benchmarks"). The plugin is compiled JavaScript with no source maps, so V8's own stack traces say the same.
 */
function plainStackTraces(): void {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
}

/**
 * A component whose input fails a check (a KmsKeyError, e.g. a grantee in another account, found once the
 * account is known) also hands that failing Output to a child resource, whose registration then rejects
 * with nobody listening. The SDK treats every unhandled rejection as fatal to the whole plugin: its server
 * fails *all* in-flight Construct/Call requests with it (other, valid requests too) and logs it as a crash.
 * But such a failure is already reported, per property, by the request that caused it (construct/call await
 * `whenValid()`, which awaits the same checks). So the SDK's unhandledRejection listeners installed so far
 * are wrapped to skip KmsKeyErrors; anything else still reaches them.
 */
function isolateValidationFailures(isKmsKeyError: (e: unknown) => boolean): void {
    for (const listener of process.listeners("unhandledRejection")) {
        process.removeListener("unhandledRejection", listener);
        process.on("unhandledRejection", (reason, promise) => {
            if (isKmsKeyError(reason)) return;
            listener(reason, promise);
        });
    }
}

export = runPlugin;

if (require.main === module) {
    runPlugin().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
