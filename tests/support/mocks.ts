// Pulumi runtime mocks standing in for the engine and the AWS provider (account 111122223333, us-east-1).
import * as pulumi from "@pulumi/pulumi";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const CALLER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/session`;

export interface Registration {
    type: string;
    name: string;
    inputs: any;
    custom: boolean;
    provider?: string;
    urn: string;
    /** Resource options as sent to the engine (MockResourceArgs lacks them). */
    options: { parent: string; protect?: boolean; retainOnDelete?: boolean; remote: boolean; dependsOn: string[]; version?: string; pluginDownloadURL?: string; replaceOnChanges?: string[] };
}

export interface MockOptions {
    /** Aliases that exist, by name, with the key id they target. */
    existingAliases?: { [name: string]: string };
    account?: string;
    partition?: string;
    /** The AWS provider's region (getRegion, and the region of the keys' ARNs); default us-east-1. */
    region?: string;
    callerArn?: string;
}

/** A key id in KMS's format, derived from the resource name so runs are repeatable. */
export function mockKeyId(name: string): string {
    const h = require("crypto").createHash("sha256").update(name).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** An invoke failure as the engine reports it: the SDK shows the gRPC error's details. */
function engineError(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

/** Records every registration and invoke; answers the AWS invokes the component makes. */
export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registrations: Registration[] = [];
    readonly invokes: pulumi.runtime.MockCallArgs[] = [];
    /** Options of each registration request, by "type::name", filled before newResource runs. */
    readonly requestOptions = new Map<string, Registration["options"]>();
    /** The inputs sent as secrets in each registration request, by "type::name" (the mock API unwraps them). */
    readonly secretInputs = new Map<string, string[]>();
    /** The plugin version each invoke asked for, in order (the mock API does not pass it on). */
    readonly invokeVersions: { token: string; version: string }[] = [];
    /** The aws-native providers registered, by name (a provider reference's next to last part): their inputs (a replica's Region). */
    private readonly nativeProviders = new Map<string, any>();
    /** The aws providers registered, by name: their inputs (getRegion through one answers its region). */
    private readonly awsProviders = new Map<string, any>();
    constructor(readonly options: MockOptions = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: any } {
        const urn = `urn:pulumi:stack::project::${args.type}::${args.name}`;
        const options = this.requestOptions.get(`${args.type}::${args.name}`) ?? { parent: "", remote: false, dependsOn: [] };
        this.registrations.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? false, provider: args.provider, urn, options });
        const account = this.options.account ?? ACCOUNT;
        const partition = this.options.partition ?? "aws";
        if (args.type === "aws:kms/key:Key" || args.type === "aws:kms/externalKey:ExternalKey") {
            const keyId = mockKeyId(args.name);
            return { id: keyId, state: { ...args.inputs, keyId, arn: `arn:${partition}:kms:${this.options.region ?? REGION}:${account}:key/${keyId}` } };
        }
        if (args.type === "aws:kms/replicaKey:ReplicaKey" || args.type === "aws:kms/replicaExternalKey:ReplicaExternalKey") {
            // A replica has its primary's key id, in its own Region.
            const keyId = String(args.inputs.primaryKeyArn).split("/").pop();
            return { id: keyId, state: { ...args.inputs, keyId, arn: `arn:${partition}:kms:${args.inputs.region}:${account}:key/${keyId}` } };
        }
        if (args.type === "aws:kms/grant:Grant") {
            // KMS's grant id is 64 hex digits; the aws provider's resource id is <key id>:<grant id>.
            const grantId = require("crypto").createHash("sha256").update(args.name).digest("hex");
            return { id: `${args.inputs.keyId}:${grantId}`, state: { ...args.inputs, grantId, grantToken: `token-of-${args.name}` } };
        }
        if (args.type === "aws-native:kms:Key") {
            const keyId = mockKeyId(args.name);
            return { id: keyId, state: { ...args.inputs, keyId, arn: `arn:${partition}:kms:${this.options.region ?? REGION}:${account}:key/${keyId}` } };
        }
        if (args.type === "aws-native:kms:ReplicaKey") {
            // aws-native has no per-resource region: the replica is in its provider's Region.
            const keyId = String(args.inputs.primaryKeyArn).split("/").pop();
            const region = this.nativeProviders.get((args.provider ?? "").split("::").slice(-2)[0])?.region ?? this.options.region ?? REGION;
            return { id: keyId, state: { ...args.inputs, keyId, arn: `arn:${partition}:kms:${region}:${account}:key/${keyId}` } };
        }
        if (args.type === "pulumi:providers:aws-native") this.nativeProviders.set(args.name, args.inputs);
        if (args.type === "pulumi:providers:aws") this.awsProviders.set(args.name, args.inputs);
        if (args.type === "aws:iam/rolePolicy:RolePolicy" || args.type === "aws:iam/userPolicy:UserPolicy") {
            return { id: `${args.name}-id`, state: { ...args.inputs, name: args.inputs.name ?? `${args.name}-1234567` } };
        }
        return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
    }

    call(args: pulumi.runtime.MockCallArgs): any {
        this.invokes.push(args);
        const account = this.options.account ?? ACCOUNT;
        const partition = this.options.partition ?? "aws";
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: account, arn: this.options.callerArn ?? CALLER_ARN, userId: "AROAEXAMPLE:session", id: account };
            case "aws:index/getPartition:getPartition":
                return { partition, dnsSuffix: "amazonaws.com", id: partition };
            case "aws:index/getRegion:getRegion": {
                // Through an explicit provider (reference <urn>::<id>, its name the URN's last part): its region.
                const region = this.awsProviders.get((args.provider ?? "").split("::").slice(-2)[0])?.region ?? this.options.region ?? REGION;
                return { region, name: region, id: region };
            }
            case "aws-native:index:getAccountId":
                return { accountId: account };
            case "aws-native:index:getPartition":
                return { partition, dnsSuffix: "amazonaws.com" };
            case "aws-native:index:getRegion":
                return { region: this.options.region ?? REGION };
            case "aws-native:kms:getAlias": {
                // Cloud Control's answer for a missing alias is an error.
                const target = this.options.existingAliases?.[args.inputs.aliasName];
                if (!target) throw engineError(`ResourceNotFoundException: Alias ${args.inputs.aliasName} does not exist`);
                return { targetKeyId: target };
            }
            case "aws:kms/getAlias:getAlias": {
                const target = this.options.existingAliases?.[args.inputs.name];
                if (!target) throw engineError(`reading KMS Alias (${args.inputs.name}): couldn't find resource`);
                return { name: args.inputs.name, arn: `arn:${partition}:kms:${REGION}:${account}:${args.inputs.name}`, targetKeyId: target,
                    targetKeyArn: `arn:${partition}:kms:${REGION}:${account}:key/${target}` };
            }
        }
        throw new Error(`unexpected invoke ${args.token}`);
    }

    ofType(type: string): Registration[] {
        return this.registrations.filter((r) => r.type === type);
    }
}

// The wire form of a secret (@pulumi/pulumi runtime/rpc.ts specialSigKey and specialSecretSig).
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Installs fresh mocks for one test. */
export async function useMocks(options: MockOptions = {}, preview = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks(options);
    await pulumi.runtime.setMocks(mocks, "project", "stack", preview);
    // Capture the resource options of each request, which the mock API does not pass on.
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        mocks.requestOptions.set(`${req.getType()}::${req.getName()}`, {
            parent: req.getParent(), protect: req.hasProtect?.() ? req.getProtect() : undefined,
            retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined, remote: req.getRemote(), dependsOn: req.getDependenciesList(),
            version: req.getVersion(), pluginDownloadURL: req.getPlugindownloadurl(), replaceOnChanges: req.getReplaceonchangesList(),
        });
        const object = req.getObject()?.toJavaScript() ?? {};
        mocks.secretInputs.set(`${req.getType()}::${req.getName()}`, Object.keys(object).filter((k) => object[k]?.[SECRET_SIG] === SECRET_VALUE_SIG));
        return register(req, callback);
    };
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req: any, callback: any) => {
        mocks.invokeVersions.push({ token: req.getTok(), version: req.getVersion() });
        return invoke(req, callback);
    };
    // MockMonitor keeps a component's outputs as a raw Struct, which breaks rebuilding it from its URN
    // (pulumi:pulumi:getResource); keep them as plain values, as the engine does.
    monitor.registerResourceOutputs = (req: any, callback: any) => {
        const registered = monitor.resources.get(req.getUrn());
        if (registered) registered.state = { ...registered.state, ...req.getOutputs().toJavaScript() };
        callback(null, new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
    };
    return mocks;
}

/** The value of an Output; rejects when the Output failed. Undefined while unknown. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as any).promise();
}

/** Waits for a KmsKey's key, replicas and aliases to be registered and its checks to pass; returns the key. */
export async function built<K extends pulumi.Resource & { key: pulumi.Resource; replicas: pulumi.Resource[]; aliases: pulumi.Resource[]; whenValid(): Promise<void> }>(key: K): Promise<K> {
    await settled(key, key.key, ...key.replicas, ...key.aliases);
    await key.whenValid();
    return key;
}

/** Waits for every resource registration the component started. */
export async function settled(...resources: pulumi.Resource[]): Promise<void> {
    await Promise.all(resources.map((r) => valueOf(r.urn)));
    await new Promise((r) => setTimeout(r, 10));
}
