// A test engine: the ResourceMonitor and Engine gRPC services a provider talks back to during Construct and
// Call (the pulumi CLI cannot run here). It records every registration with its options (parent, protect,
// retainOnDelete, providers, ...), answers `pulumi:pulumi:getResource` (method `__self__` rehydration) from
// what was registered, and answers the AWS invokes through RecordingMocks (account 111122223333, us-east-1).
// Like the real engine it refuses a second registration of the same URN, and a second RegisterResourceOutputs
// for one (pulumi/pulumi pkg/resource/deploy/step_executor.go, executeRegisterResourceOutputs: the registration
// is no longer pending), so a method call cannot change a component's outputs after its Construct.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { MockOptions, RecordingMocks } from "./mocks";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const respb = require("@pulumi/pulumi/proto/resource_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const engpb = require("@pulumi/pulumi/proto/engine_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const provpb = require("@pulumi/pulumi/proto/provider_pb");

/** One RegisterResource request, as the engine saw it. */
export interface EngineRegistration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    remote: boolean;
    parent: string;
    /** undefined when the request left it unset (engine-side inheritance applies). */
    protect?: boolean;
    retainOnDelete?: boolean;
    provider: string;
    providers: { [pkg: string]: string };
    dependencies: string[];
    aliases: unknown[];
    ignoreChanges: string[];
    deletedWith: string;
    /** The inputs, as sent (raw protobuf JSON: secrets and resource references in their wire form). */
    inputs: { [key: string]: unknown };
}

export interface EngineInvoke {
    token: string;
    args: { [key: string]: unknown };
    provider: string;
}

export interface FakeEngineOptions extends MockOptions {
    project?: string;
    stack?: string;
    /** Answer as in a preview: custom resources get no id and no outputs beyond their inputs (unknown). */
    preview?: boolean;
    /** The features it says it supports (SupportsFeature); default FEATURES. */
    features?: string[];
}

interface StoredResource {
    urn: string;
    id: string;
    state: { [key: string]: unknown };
}

/** Features the real engine supports and this one emulates. */
const FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);

type Callback = (error: grpc.ServiceError | Error | null, response?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

export class FakeEngine {
    readonly registrations: EngineRegistration[] = [];
    readonly invokes: EngineInvoke[] = [];
    readonly logs: { severity: number; message: string; urn: string }[] = [];
    /** The feature of every SupportsFeature request, in order. */
    readonly featureQueries: string[] = [];
    readonly mocks: RecordingMocks;
    readonly project: string;
    readonly stack: string;
    readonly preview: boolean;
    private readonly features: Set<string>;
    private readonly resources = new Map<string, StoredResource>();
    private readonly outputsRegistered = new Set<string>();
    private server?: grpc.Server;
    port = 0;

    constructor(options: FakeEngineOptions = {}) {
        this.mocks = new RecordingMocks(options);
        this.project = options.project ?? "project";
        this.stack = options.stack ?? "stack";
        this.preview = options.preview ?? false;
        this.features = options.features ? new Set(options.features) : FEATURES;
    }

    /** Adds a resource the program registered earlier (e.g. an explicit provider), so getResource finds it. */
    seed(urn: string, id: string, state: { [key: string]: unknown } = {}): void {
        this.resources.set(urn, { urn, id, state });
    }

    get address(): string {
        return `127.0.0.1:${this.port}`;
    }

    async start(): Promise<this> {
        const server = new grpc.Server();
        const safe = (f: (request: any) => Promise<unknown> | unknown): Handler => (call, callback) => {
            Promise.resolve().then(() => f(call.request)).then((r) => callback(null, r), (e) => callback(toServiceError(e)));
        };
        server.addService(resrpc.ResourceMonitorService, {
            supportsFeature: safe((req) => {
                this.featureQueries.push(req.getId());
                const resp = new respb.SupportsFeatureResponse();
                resp.setHassupport(this.features.has(req.getId()));
                return resp;
            }),
            registerResource: safe((req) => this.registerResource(req)),
            registerResourceOutputs: safe((req) => {
                const stored = this.resources.get(req.getUrn());
                if (!stored) throw new Error(`unknown resource ${req.getUrn()}`);
                if (this.outputsRegistered.has(stored.urn)) throw new Error(`cannot complete a resource '${stored.urn}' whose registration isn't pending`);
                this.outputsRegistered.add(stored.urn);
                stored.state = { ...stored.state, ...(req.getOutputs()?.toJavaScript() ?? {}) };
                return new Empty();
            }),
            invoke: safe((req) => this.invoke(req)),
            readResource: safe(() => {
                throw new Error("ReadResource is not supported by the fake engine");
            }),
            registerPackage: safe((req) => {
                const resp = new respb.RegisterPackageResponse();
                resp.setRef(`${req.getName()}@${req.getVersion()}`);
                return resp;
            }),
            signalAndWaitForShutdown: safe(() => new Empty()),
        });
        server.addService(engrpc.EngineService, {
            log: safe((req) => {
                this.logs.push({ severity: req.getSeverity(), message: req.getMessage(), urn: req.getUrn() });
                return new Empty();
            }),
            getRootResource: safe(() => {
                const resp = new engpb.GetRootResourceResponse();
                resp.setUrn("");
                return resp;
            }),
            setRootResource: safe(() => new engpb.SetRootResourceResponse()),
        });
        this.port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))));
        this.server = server;
        return this;
    }

    stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (!server) return Promise.resolve();
        return new Promise((resolve) => server.tryShutdown(() => resolve()));
    }

    /** Forgets what was registered and invoked (resources stay, so earlier components can still be rehydrated). */
    clearRecords(): void {
        this.registrations.length = 0;
        this.invokes.length = 0;
        this.logs.length = 0;
        this.mocks.registrations.length = 0;
        this.mocks.invokes.length = 0;
    }

    ofType(type: string): EngineRegistration[] {
        return this.registrations.filter((r) => r.type === type);
    }

    /** The children registered under `parentUrn` (directly). */
    childrenOf(parentUrn: string): EngineRegistration[] {
        return this.registrations.filter((r) => r.parent === parentUrn);
    }

    /** The state the engine holds for a URN (registration result plus registered outputs). */
    stateOf(urn: string): { [key: string]: unknown } | undefined {
        return this.resources.get(urn)?.state;
    }

    urnOf(type: string, name: string, parentUrn?: string): string {
        let qualified = type;
        if (parentUrn) {
            const parentType = parentUrn.split("::")[2];
            qualified = `${parentType}$${type}`;
        }
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }

    private async registerResource(req: any) {
        const type: string = req.getType();
        const name: string = req.getName();
        const parent: string = req.getParent();
        const urn = this.urnOf(type, name, parent || undefined);
        if (this.resources.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
        const inputs = (req.getObject()?.toJavaScript() ?? {}) as { [key: string]: unknown };
        const providers: { [pkg: string]: string } = {};
        for (const [pkg, ref] of req.getProvidersMap().entries()) providers[pkg] = ref;
        this.registrations.push({
            urn, type, name, parent,
            custom: req.getCustom(),
            remote: req.getRemote(),
            protect: req.hasProtect() ? req.getProtect() : undefined,
            retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
            provider: req.getProvider(),
            providers,
            dependencies: req.getDependenciesList(),
            aliases: req.getAliasesList().map((a: any) => a.toObject()),
            ignoreChanges: req.getIgnorechangesList(),
            deletedWith: req.getDeletedwith(),
            inputs,
        });
        // States come from the shared AWS mocks (keyId/arn for keys, names for policies, ...).
        const result = this.mocks.newResource({ type, name, inputs: plainInputs(inputs), custom: req.getCustom(), provider: req.getProvider() });
        const id = req.getCustom() && !this.preview ? result.id ?? `${name}-id` : "";
        const state = req.getCustom() ? (this.preview ? inputs : { ...inputs, ...result.state }) : {};
        this.resources.set(urn, { urn, id, state });
        const resp = new respb.RegisterResourceResponse();
        resp.setUrn(urn);
        resp.setId(id);
        resp.setObject(Struct.fromJavaScript(state as any));
        return resp;
    }

    private async invoke(req: any) {
        const token: string = req.getTok();
        const args = (req.getArgs()?.toJavaScript() ?? {}) as { [key: string]: unknown };
        this.invokes.push({ token, args, provider: req.getProvider() });
        let result: unknown;
        if (token === "pulumi:pulumi:getResource") {
            const stored = this.resources.get(args.urn as string);
            if (!stored) throw new Error(`unknown resource ${args.urn}`);
            result = { urn: stored.urn, id: stored.id, state: stored.state };
        } else {
            result = await this.mocks.call({ token, inputs: args, provider: req.getProvider() });
        }
        const resp = new provpb.InvokeResponse();
        resp.setReturn(Struct.fromJavaScript(result as any));
        return resp;
    }
}

/** Inputs as a program would see them: secrets unwrapped. */
function plainInputs(value: any): any {
    if (Array.isArray(value)) return value.map(plainInputs);
    if (value && typeof value === "object") {
        if (value["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") return plainInputs(value.value);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainInputs(v)]));
    }
    return value;
}

function toServiceError(e: unknown): grpc.ServiceError {
    const message = e instanceof Error ? e.message : String(e);
    return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() });
}

/** Starts a fake engine on 127.0.0.1 (a free port). */
export function startFakeEngine(options: FakeEngineOptions = {}): Promise<FakeEngine> {
    return new FakeEngine(options).start();
}
