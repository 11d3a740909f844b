// The plugin entry, package.json#main (compiled: provider/bin/main.js). Requiring it starts nothing: it
// exports a function that starts the provider's gRPC server.
//
// How it runs: PulumiPlugin.yaml (runtime: nodejs) makes the engine's language host launch
// `node node_modules/@pulumi/pulumi/cmd/run-plugin <repo> <engine address>`. run-plugin require()s this
// module, finds no ComponentResource among its exports (so it does not start its own inferred provider)
// and, the export being a function, calls it, with process.argv rewritten to [node, run-plugin, <args>].
// `node provider/bin/main.js <engine address>` starts it directly.
import * as path from "path";
import { framelessPromiseTracesEverywhere } from "./promiseTraces";
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
    // The SDK's promise traces, read only by its leak report (promiseTraces.ts); the engine kills its plugins.
    framelessPromiseTracesEverywhere();
    isolateValidationFailures(isKmsKeyError);
    reuseMonitorState();
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

/** The SDK's runtime modules patched by reuseMonitorState (@pulumi/pulumi runtime/settings.js, runtime/state.js). */
interface Settings {
    resetOptions(project: string, stack: string, parallel: number, engineAddr: string, monitorAddr: string, ...rest: unknown[]): void;
    awaitFeatureSupport(): Promise<void>;
    getMonitor(): unknown;
    getEngine(): unknown;
}
interface Store { settings: { monitor?: unknown; engine?: unknown; options: { monitorAddr?: string } }; [flag: string]: unknown }
interface State { getStore(): Store; getLocalStore(): Store | undefined }

/**
 * For every Construct and Call, the SDK's server resets its runtime state (provider/server.js configureRuntime:
 * settings.resetOptions drops the monitor and engine clients and the feature flags) and then asks the monitor
 * about each of eleven features again (settings.awaitFeatureSupport): eleven RPCs, and two new gRPC clients, per
 * request, for answers that are the same for every request of a deployment (README "Benchmarks"). So the clients
 * and the answers are kept by address. The monitor's address is the deployment's: each preview or update has its
 * own resource monitor, so a request from another deployment gets its own clients and asks again. (Should a later
 * monitor reuse a port, it is the same engine binary, the plugin's parent, and answers the same.) The engine's
 * address is the plugin's own. Anything else (no request's local state, no monitor address) goes to the SDK as is.
 */
function reuseMonitorState(): void {
    const settings = require("@pulumi/pulumi/runtime/settings") as Settings;
    const state = require("@pulumi/pulumi/runtime/state") as State;
    const { resetOptions, awaitFeatureSupport } = settings;
    const clients = new Map<string, unknown>();
    const features = new Map<string, Promise<{ [flag: string]: unknown }>>();
    // The store of the request being served, when there is one (server.js runs each in withLocalStorage).
    const requestStore = () => {
        const store = state.getLocalStore() && state.getStore();
        return store?.settings.options.monitorAddr ? store : undefined;
    };
    settings.resetOptions = function (this: unknown, ...args: Parameters<Settings["resetOptions"]>) {
        resetOptions.apply(this, args);
        const store = requestStore();
        if (!store) return;
        const [, , , engineAddr, monitorAddr] = args;
        for (const [slot, key, create] of [["monitor", `monitor ${monitorAddr}`, settings.getMonitor], ["engine", `engine ${engineAddr}`, settings.getEngine]] as const) {
            const client = clients.get(key);
            if (client) store.settings[slot] = client;
            else clients.set(key, create());
        }
    };
    settings.awaitFeatureSupport = function (this: unknown) {
        const store = requestStore();
        if (!store) return awaitFeatureSupport.call(this);
        const address = store.settings.options.monitorAddr!;
        let flags = features.get(address);
        if (!flags) {
            // Asked once, in this request's store; the flags it set there are what the others copy.
            flags = awaitFeatureSupport.call(this).then(() => Object.fromEntries(Object.entries(store).filter(([k]) => k.startsWith("supports"))));
            features.set(address, flags);
            flags.catch(() => features.delete(address)); // a failed query is asked again by the next request
        }
        return flags.then((f) => void Object.assign(store, f));
    };
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
