// Starts this repository as a Pulumi plugin exactly as the engine does: its executable
// `<repo>/pulumi-resource-kmskey <engine address>` (pulumi/pulumi pkg/resource/plugin/plugin.go execPlugin), or,
// where there is none (Windows), as pulumi-language-nodejs's RunPlugin does through PulumiPlugin.yaml:
// `node node_modules/@pulumi/pulumi/cmd/run-plugin <repo> <engine address>`; then reads the port from stdout.
// Plus a promise-based ResourceProvider client and helpers to build Construct/Call requests and to decode
// per-property errors. Needs a build (`make build`): the plugin
// entry is package.json#main, provider/bin/main.js.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { waitForPort } from "./port";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const provpb = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const statuspb = require("@pulumi/pulumi/proto/status_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const errorspb = require("@pulumi/pulumi/proto/errors_pb");

export const repoRoot = path.join(__dirname, "..", "..");
export const runPluginPath = path.join("node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
/** The executable the engine runs when a plugin directory has one (pulumi-resource-<name>). */
export const executableName = "pulumi-resource-kmskey";

/** The signature of a resource reference in the wire format. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const SPECIAL_SIG = "4dabf18193072939515e22adb298388d";

export interface RunningPlugin {
    port: number;
    process: ChildProcess;
    client: ProviderClient;
    /** Everything the plugin wrote to stderr so far. */
    stderr(): string;
    /** Milliseconds from spawn to the port on stdout. */
    startMs: number;
    stop(): Promise<void>;
}

export interface StartOptions {
    engineAddress?: string;
    /** The plugin directory (default: this repository). */
    dir?: string;
    /** The plugin's working directory (the engine uses the consumer project's; default: the plugin directory). */
    cwd?: string;
    /** Defaults to 60 s. */
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    /** "executable" (default): what the engine runs on Linux and macOS; "run-plugin": its PulumiPlugin.yaml fallback. */
    launch?: "executable" | "run-plugin";
}

/** The plugin must have been built: provider/bin/main.js (package.json#main). */
export function assertBuilt(dir = repoRoot): void {
    const main = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).main as string;
    if (!fs.existsSync(path.join(dir, main))) {
        throw new Error(`${main} does not exist: run \`make build\` first (make test does)`);
    }
}

/** Spawns the plugin (its executable, or through run-plugin) and waits for its port. */
export function startPlugin(options: StartOptions = {}): Promise<RunningPlugin> {
    const dir = options.dir ?? repoRoot;
    assertBuilt(dir);
    const [command, ...args]: string[] = options.launch === "run-plugin"
        ? [process.execPath, path.join(dir, runPluginPath), dir]
        : [path.join(dir, executableName)];
    if (options.engineAddress) args.push(options.engineAddress);
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd ?? dir, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    return waitForPort(child, "plugin", options.timeoutMs ?? 60000, () => stderr).then((port) => {
        const startMs = Number(process.hrtime.bigint() - started) / 1e6;
        const client = new ProviderClient(`127.0.0.1:${port}`);
        return { port, process: child, client, startMs, stderr: () => stderr, stop: () => stopProcess(child, client) };
    });
}

/**
 * A shallow clone of this repository's HEAD at `dest`, as `pulumi package add github.com/...@v<version>` gets the
 * tag (pulumi/pulumi sdk/go/common/workspace/plugins.go, gitSource.Download): committed files only, no
 * node_modules, no build output.
 */
export function cloneRepository(dest: string): string {
    execFileSync("git", ["clone", "--quiet", "--depth", "1", "--no-tags", `file://${repoRoot}`, dest], { stdio: ["ignore", "ignore", "pipe"] });
    return dest;
}

function stopProcess(child: ChildProcess, client: ProviderClient): Promise<void> {
    client.close();
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
    });
}

/** A gRPC error as the client sees it, with the decoded per-property errors (InputPropertiesError). */
export interface CallError extends Error {
    code: number;
    details: string;
    metadata: grpc.Metadata;
}

/** The per-property errors of a failed call (`grpc-status-details-bin` with a pulumirpc.InputPropertiesError). */
export function propertyErrors(e: CallError): { propertyPath: string; reason: string }[] {
    const bins = e.metadata?.get("grpc-status-details-bin") ?? [];
    const out: { propertyPath: string; reason: string }[] = [];
    for (const bin of bins) {
        const status = statuspb.Status.deserializeBinary(new Uint8Array(bin as Buffer));
        for (const any of status.getDetailsList()) {
            if (!String(any.getTypeUrl()).endsWith("pulumirpc.InputPropertiesError")) continue;
            const details = errorspb.InputPropertiesError.deserializeBinary(any.getValue_asU8());
            for (const pe of details.getErrorsList()) out.push({ propertyPath: pe.getPropertyPath(), reason: pe.getReason() });
        }
    }
    return out;
}

/** Promise wrappers for the ResourceProvider service. */
export class ProviderClient {
    readonly raw: any;
    constructor(address: string) {
        this.raw = new provrpc.ResourceProviderClient(address, grpc.credentials.createInsecure());
    }

    private unary<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            this.raw[method](request, (e: CallError | null, resp: T) => (e ? reject(e) : resolve(resp)));
        });
    }

    getPluginInfo(): Promise<any> {
        return this.unary("getPluginInfo", new Empty());
    }

    async getSchema(): Promise<string> {
        const req = new provpb.GetSchemaRequest();
        req.setVersion(0);
        const resp: any = await this.unary("getSchema", req);
        return resp.getSchema();
    }

    construct(req: unknown): Promise<any> {
        return this.unary("construct", req);
    }

    call(req: unknown): Promise<any> {
        return this.unary("call", req);
    }

    close(): void {
        this.raw.close();
    }
}

export interface ConstructOptions {
    project?: string;
    stack?: string;
    dryRun?: boolean;
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** package -> provider reference (`<urn>::<id>`). */
    providers?: { [pkg: string]: string };
    dependencies?: string[];
    aliases?: string[];
}

/** A ConstructRequest as the engine sends it for a remote component. */
export function constructRequest(monitor: string, type: string, name: string, inputs: object, o: ConstructOptions = {}): any {
    const req = new provpb.ConstructRequest();
    req.setProject(o.project ?? "project");
    req.setStack(o.stack ?? "stack");
    req.setParallel(16);
    req.setDryrun(o.dryRun ?? false);
    req.setMonitorendpoint(monitor);
    req.setType(type);
    req.setName(name);
    req.setInputs(Struct.fromJavaScript(inputs as any));
    if (o.parent) req.setParent(o.parent);
    if (o.protect !== undefined) req.setProtect(o.protect);
    if (o.retainOnDelete !== undefined) req.setRetainondelete(o.retainOnDelete);
    for (const [pkg, ref] of Object.entries(o.providers ?? {})) req.getProvidersMap().set(pkg, ref);
    if (o.dependencies) req.setDependenciesList(o.dependencies);
    if (o.aliases) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const aliaspb = require("@pulumi/pulumi/proto/alias_pb");
        req.setAliasesList(o.aliases.map((urn) => {
            const a = new aliaspb.Alias();
            a.setUrn(urn);
            return a;
        }));
    }
    return req;
}

/** A CallRequest for a method: `__self__` is a resource reference to the component's URN. */
export function callRequest(monitor: string, token: string, selfUrn: string, args: object, o: { dryRun?: boolean } = {}): any {
    const req = new provpb.CallRequest();
    req.setTok(token);
    req.setProject("project");
    req.setStack("stack");
    req.setParallel(16);
    req.setDryrun(o.dryRun ?? false);
    req.setMonitorendpoint(monitor);
    req.setArgs(Struct.fromJavaScript({ __self__: resourceRef(selfUrn), ...args } as any));
    return req;
}

export function resourceRef(urn: string, id?: string): object {
    return { [SPECIAL_SIG]: RESOURCE_SIG, urn, ...(id !== undefined ? { id } : {}), packageVersion: "" };
}

/** The response struct as JavaScript. */
export function structOf(s: any): { [key: string]: any } {
    return s ? s.toJavaScript() : {};
}
