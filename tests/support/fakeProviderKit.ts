// What every stand-in resource provider of the end-to-end tests shares (the stand-in `aws` provider in
// fakeAwsProvider.ts, the stand-in `aws-native` provider in fakeAwsNativeProvider.ts): the AWS SDK v3
// clients aimed at moto, one set per region; the call log; the value helpers; a provider.Provider built
// from a table of resource implementations and invokes; and the gRPC config methods the SDK's provider
// server leaves unimplemented. Each stand-in keeps only its own resources, inputs and invokes.
//
// Environment (read by every stand-in):
//   KMSKEY_FAKE_AWS_ENDPOINT  required: moto's URL; must be on the loopback interface
//   KMSKEY_FAKE_AWS_LOG       optional: a file that gets one JSON line per gRPC call (method, type, name, id)
import { AsyncLocalStorage } from "async_hooks";
import * as fs from "fs";
import * as path from "path";
import { KMSClient } from "@aws-sdk/client-kms";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import type * as provider from "@pulumi/pulumi/provider";

/** The wire form of an unknown value (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = { [key: string]: any };

// ------------------------------------------------------------------ clients, one set per region

const endpoint = process.env.KMSKEY_FAKE_AWS_ENDPOINT ?? "";
const defaultRegion = process.env.AWS_REGION || "us-east-1";

function assertLoopback(url: string): void {
    let host: string;
    try {
        host = new URL(url).hostname;
    } catch {
        throw new Error(`KMSKEY_FAKE_AWS_ENDPOINT is not a URL: ${JSON.stringify(url)}`);
    }
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) {
        throw new Error(`KMSKEY_FAKE_AWS_ENDPOINT must be a loopback address (moto), not ${url}`);
    }
}

export interface Clients { kms: KMSClient; iam: IAMClient; sts: STSClient }
const clients = new Map<string, Clients>();

/** The clients of a region (default: the provider's configured region); moto keeps each region's keys apart. */
export function aws(region: string = configuredRegion()): Clients {
    let c = clients.get(region);
    if (!c) {
        const config = { endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 2 };
        c = { kms: new KMSClient(config), iam: new IAMClient(config), sts: new STSClient(config) };
        clients.set(region, c);
    }
    return c;
}

// ------------------------------------------------------------------ one configuration per connection

// One stand-in process serves every provider instance of its package: the engine dials the attached port once
// per provider resource, default or explicit (pulumi/pulumi pkg/host/host.go Provider -> pkg/resource/plugin/
// provider_plugin.go NewProvider -> dialPlugin: a new gRPC connection each), and sends each its own Configure.
// So a connection keeps its configuration, and each call is served with the configuration of the connection it
// came on (the gRPC peer, the engine's end of the connection), as separate provider processes would be.
interface Configuration { region: string; vars: Props }
const connection = new AsyncLocalStorage<string>();
const configurations = new Map<string, Configuration>();

const current = (): Configuration | undefined => configurations.get(connection.getStore() ?? "");

/** The region the serving provider instance was configured with (Configure), or AWS_REGION, or us-east-1. */
export function configuredRegion(): string {
    return current()?.region ?? defaultRegion;
}

/** The serving provider instance's configuration variables (`<package>:config:<key>`: value as the engine sends it). */
export function configuredVars(): Props {
    return current()?.vars ?? {};
}

// ------------------------------------------------------------------ call log

const logFile = process.env.KMSKEY_FAKE_AWS_LOG;

export function record(method: string, fields: Props = {}): void {
    const line = JSON.stringify({ method, ...fields });
    if (logFile) fs.appendFileSync(logFile, line + "\n");
}

export function typeOf(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop()!;
}

export function nameOf(urn: string): string {
    return urn.split("::")[3] ?? "";
}

// ------------------------------------------------------------------ value helpers

export const isUnknown = (v: unknown): boolean => v === UNKNOWN || (typeof v === "string" && v.includes(UNKNOWN));

/** Plain JSON (no undefined values, no Dates): what Struct.fromJavaScript accepts. */
export function plain<T>(v: T): T {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

export function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Inputs the engine may send, without the secret/unknown wrappers (Configure asks for plain values). */
export function pick(props: Props, keys: readonly string[]): Props {
    const out: Props = {};
    for (const k of keys) if (props[k] !== undefined && props[k] !== null) out[k] = props[k];
    return out;
}

/** An AWS Region's name (us-east-1, ap-southeast-2): the provider's `region` and a resource's. */
export const isRegionName = (r: unknown): boolean => typeof r === "string" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r);

export function failure(property: string, reason: string): provider.CheckFailure {
    return { property, reason };
}

export function checkRange(failures: provider.CheckFailure[], props: Props, key: string, min: number, max: number): void {
    const v = props[key];
    if (v === undefined || v === null || isUnknown(v)) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        failures.push(failure(key, `expected ${key} to be in the range (${min} - ${max}), got ${JSON.stringify(v)}`));
    }
}

export function required(failures: provider.CheckFailure[], props: Props, key: string): void {
    if (props[key] === undefined || props[key] === null || props[key] === "") {
        failures.push(failure(key, `Missing required argument: The argument "${key}" is required, but no definition was found.`));
    }
}

/** An AWS SDK error as the real providers word it: the operation, the resource and AWS's message. */
export async function awsCall<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
        return await f();
    } catch (e) {
        const err = e as { name?: string; message?: string };
        throw new Error(`${what}: ${err.name ?? "Error"}: ${err.message ?? String(e)}`);
    }
}

export const notFound = (e: unknown): boolean => /NotFound|NoSuchEntity/.test(String((e as { name?: string }).name ?? ""));

// ------------------------------------------------------------------ the provider, from tables

export interface ResourceImpl {
    inputs: readonly string[];
    replaces: readonly string[];
    check(news: Props, olds: Props, urn: string): provider.CheckFailure[] | { inputs: Props; failures: provider.CheckFailure[] };
    create(inputs: Props): Promise<provider.CreateResult>;
    read(id: string, props: Props): Promise<provider.ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
    /** Whether a replacement deletes the old resource first (default: when it must, i.e. any replace). */
    deleteBeforeReplace?: boolean;
    /** The provider's own Diff (default: `inputs` compared with the old state, `replaces` replacing). */
    diff?(id: string, olds: Props, news: Props): provider.DiffResult;
}

export interface StandIn {
    /** The package name (`aws`, `aws-native`): the config namespace and the words of errors. */
    name: string;
    version: string;
    resources: { [type: string]: ResourceImpl };
    invokes: { [token: string]: (args: Props) => Promise<Props> };
    /** CheckConfig's failures (default: a malformed `region`). */
    checkConfig?(news: Props): provider.CheckFailure[];
    /** Configure: the region of the configuration, or an error that fails it (default: `region`, else AWS_REGION or us-east-1). */
    configure?(vars: Props, args: Props): Promise<string>;
    /** The schema's `provider` (a provider resource's inputs), which a YAML program's explicit provider is checked against. */
    provider?: { inputProperties: { [name: string]: object }; requiredInputs?: string[] };
}

/** A provider.Provider serving a stand-in's tables; every call is logged. */
export function makeProvider(s: StandIn): provider.Provider {
    const impl = (urn: string): ResourceImpl => {
        const type = typeOf(urn);
        const r = s.resources[type];
        if (!r) throw new Error(`the stand-in ${s.name} provider does not implement ${type}`);
        return r;
    };
    // A minimal schema (no resource specs): enough for the engine, which asks attached providers only when needed.
    const schema = JSON.stringify({ name: s.name, displayName: `${s.name} (stand-in)`, version: s.version, provider: s.provider, resources: {}, functions: {} });
    return {
        version: s.version,

        async getSchema() {
            record("GetSchema");
            return schema;
        },

        async check(urn, olds, news) {
            record("Check", { type: typeOf(urn), name: nameOf(urn) });
            const result = impl(urn).check(news, olds ?? {}, urn);
            return Array.isArray(result) ? { inputs: news, failures: result } : result;
        },

        async diff(id, urn, olds, news) {
            const r = impl(urn);
            if (r.diff) {
                const result = r.diff(id, olds, news);
                record("Diff", { type: typeOf(urn), name: nameOf(urn), id, changes: result.changes ?? "unknown", replaces: result.replaces ?? [] });
                return result;
            }
            const changed = r.inputs.filter((k) => isUnknown(news[k]) || !same(olds[k], news[k]));
            const replaces = changed.filter((k) => r.replaces.includes(k));
            record("Diff", { type: typeOf(urn), name: nameOf(urn), id, changed, replaces });
            return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && (r.deleteBeforeReplace ?? true) };
        },

        async create(urn, inputs) {
            const result = await impl(urn).create(inputs);
            record("Create", { type: typeOf(urn), name: nameOf(urn), id: result.id });
            return { id: result.id, outs: plain(result.outs) };
        },

        async read(id, urn, props) {
            record("Read", { type: typeOf(urn), name: nameOf(urn), id });
            const result = await impl(urn).read(id, props ?? {});
            return { id: result.id, props: plain(result.props), inputs: plain(result.inputs) };
        },

        async update(id, urn, olds, news) {
            record("Update", { type: typeOf(urn), name: nameOf(urn), id });
            const result = await impl(urn).update(id, olds, news);
            return { outs: plain(result.outs) };
        },

        async delete(id, urn, props) {
            record("Delete", { type: typeOf(urn), name: nameOf(urn), id });
            await impl(urn).delete(id, props);
        },

        async invoke(token, args) {
            record("Invoke", { token });
            const f = s.invokes[token];
            if (!f) throw new Error(`the stand-in ${s.name} provider does not implement ${token}`);
            return { outputs: plain(await f(args ?? {})) };
        },
    };
}

// ------------------------------------------------------------------ gRPC: config methods

type Callback = (err: unknown, resp?: unknown) => void;
type GrpcServerPrototype = { addService(service: { [method: string]: { path?: string } }, implementation: object): void };

/**
 * The SDK's provider server answers CheckConfig/DiffConfig with Unimplemented and ignores Configure's
 * values (and GetPluginInfo is not logged); a stand-in handles them: the region comes from the stack config
 * (`<name>:region`), and it asks for plain values (no secrets, resource references or output values on the wire).
 */
function configHandlers(s: StandIn): { [name: string]: (call: { request: any }, callback: Callback) => void } {
    const provpb = require("@pulumi/pulumi/proto/provider_pb");
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    const configFailures = (news: Props): provider.CheckFailure[] => {
        const r = news.region;
        return r === undefined || isRegionName(r) ? [] : [failure("region", `invalid AWS Region: ${r}`)];
    };
    return {
        getPluginInfo(_call, callback) {
            record("GetPluginInfo", { version: s.version });
            const resp = new (require("@pulumi/pulumi/proto/plugin_pb").PluginInfo)();
            resp.setVersion(s.version);
            callback(null, resp);
        },
        checkConfig(call, callback) {
            const news: Props = call.request.getNews()?.toJavaScript() ?? {};
            record("CheckConfig", { keys: Object.keys(news).sort() });
            const resp = new provpb.CheckResponse();
            resp.setInputs(Struct.fromJavaScript(news));
            resp.setFailuresList((s.checkConfig ? s.checkConfig(news) : configFailures(news)).map((f) => {
                const cf = new provpb.CheckFailure();
                cf.setProperty(f.property);
                cf.setReason(f.reason);
                return cf;
            }));
            callback(null, resp);
        },
        diffConfig(call, callback) {
            const olds: Props = call.request.getOlds()?.toJavaScript() ?? {};
            const news: Props = call.request.getNews()?.toJavaScript() ?? {};
            const changed = Object.keys({ ...olds, ...news }).filter((k) => k !== "version" && !same(olds[k], news[k]));
            record("DiffConfig", { changed });
            const resp = new provpb.DiffResponse();
            resp.setChanges(changed.length ? provpb.DiffResponse.DiffChanges.DIFF_SOME : provpb.DiffResponse.DiffChanges.DIFF_NONE);
            resp.setDiffsList(changed);
            callback(null, resp);
        },
        configure(call, callback) {
            const args: Props = call.request.getArgs()?.toJavaScript() ?? {};
            const vars: Props = Object.fromEntries(call.request.getVariablesMap().toArray());
            const region = s.configure
                ? s.configure(vars, args)
                : Promise.resolve(args.region ?? vars[`${s.name}:region`] ?? vars[`${s.name}:config:region`] ?? defaultRegion);
            region.then((r) => {
                configurations.set(connection.getStore() ?? "", { region: r, vars });
                record("Configure", { region: r });
                const resp = new provpb.ConfigureResponse();
                resp.setAcceptsecrets(false);
                resp.setAcceptresources(false);
                resp.setAcceptoutputs(false);
                resp.setSupportspreview(false);
                callback(null, resp);
            }, (e: Error) => {
                record("Configure", { error: e.message });
                callback(e);
            });
        },
    };
}

/** Serves a stand-in: the port goes to stdout, as any provider plugin's. */
export async function serve(s: StandIn): Promise<void> {
    assertLoopback(endpoint);
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
    // The SDK's main() creates its grpc server and adds the service synchronously: wrap that call to add the
    // config methods (as provider/src/main.ts wraps Construct/Call), then restore addService.
    const grpcPath = require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });
    const serverPrototype = (require(grpcPath) as { Server: { prototype: GrpcServerPrototype } }).Server.prototype;
    const addService = serverPrototype.addService;
    serverPrototype.addService = function (this: unknown, service, implementation) {
        if (service.checkConfig?.path === "/pulumirpc.ResourceProvider/CheckConfig") {
            const served = Object.assign(Object.create(implementation), configHandlers(s));
            // Every call runs with its connection known (configuredRegion, configuredVars).
            for (const method of Object.keys(service)) {
                const f = served[method];
                if (typeof f === "function") {
                    served[method] = (call: { getPeer(): string }, ...rest: unknown[]) => connection.run(call.getPeer(), () => f.call(served, call, ...rest));
                }
            }
            implementation = served;
        }
        return addService.call(this, service, implementation);
    };
    let serving: Promise<void>;
    try {
        serving = main(makeProvider(s), process.argv.slice(2));
    } finally {
        serverPrototype.addService = addService;
    }
    await serving;
    record("Serving", { pid: process.pid, endpoint });
}

/** Runs a stand-in when its file is the process's entry. */
export function serveIfMain(mod: NodeModule, s: StandIn): void {
    if (require.main === mod) {
        serve(s).catch((e) => {
            console.error(e);
            process.exit(1);
        });
    }
}
