import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { settle } from "./plain";
import type { Backend } from "./schemaTypes";

/** Where a key lives, from the invokes of the parent's AWS provider (never hard-coded). */
export interface DeploymentEnv {
    accountId: string;
    partition: string;
    region: string;
    /** The deploying principal, for the lockout guard (undefined with aws-native, which has no caller identity). */
    callerArn?: string;
}

// One lookup per AWS provider and deployment: a thousand keys on one provider share three invokes, in a
// program and in the provider plugin alike. A plugin serves every Construct of a deployment, but the SDK's
// provider server gives each Construct its own runtime state and monitor client
// (@pulumi/pulumi provider/server.js: withLocalStorage, configureRuntime), and each Construct's `providers`
// are new objects rebuilt from their references. So the deployment is the engine's monitor address (under
// mocks: the mock monitor), and a provider is its URN and ID; the default provider is `undefined`.
const envByDeployment = new Map<unknown, Map<string | undefined, pulumi.Output<DeploymentEnv>>>();

/** The deployment being run, the same for every Construct of one preview or update (see above). */
export function deploymentKey(): unknown {
    const settings = require("@pulumi/pulumi/runtime/settings") as typeof import("@pulumi/pulumi/runtime/settings");
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings: { options: { monitorAddr?: string } } } };
    const address = state.getStore().settings.options.monitorAddr;
    return address && address !== "mock" ? `${address} ${settings.isDryRun()}` : settings.getMonitor() ?? envByDeployment;
}

/** Per backend: the token its provider is found by, and its invokes (aws-native's module is loaded only when used). */
const LOOKUPS: { [backend in Backend]: { token: string; lookUp(opts: pulumi.InvokeOutputOptions): pulumi.Output<DeploymentEnv> } } = {
    aws: { token: "aws::getCallerIdentity", lookUp: (opts) => lookUpEnv(opts) },
    "aws-native": { token: "aws-native:index:getAccountId", lookUp: (opts) => (require("./backends/awsNative") as typeof import("./backends/awsNative")).lookUpNativeEnv(opts) },
};

/**
 * Reads the account, partition, region and caller through `parent`'s providers of `backend` (respects
 * opts.provider(s)): aws's invokes, or aws-native's.
 */
export function deploymentEnv(parent: pulumi.Resource, backend: Backend = "aws"): pulumi.Output<DeploymentEnv> {
    const lookups = LOOKUPS[backend];
    const provider = (parent as unknown as { getProvider(token: string): pulumi.ProviderResource | undefined }).getProvider(lookups.token);
    const deployment = deploymentKey();
    let byProvider = envByDeployment.get(deployment);
    if (!byProvider) envByDeployment.set(deployment, (byProvider = new Map()));
    const cache = byProvider;
    // The default providers of the two backends are two providers; an explicit one is its own URN and ID.
    const cached = (key: string | undefined, opts: pulumi.InvokeOutputOptions) => {
        const k = key ?? (backend === "aws" ? undefined : backend);
        let env = cache.get(k);
        if (!env) cache.set(k, (env = lookups.lookUp(opts)));
        return env;
    };
    if (!provider) return cached(undefined, { parent });
    const key = Promise.all([settle(provider.urn), settle(provider.id)]).then(([urn, id]) => `${urn}::${id}`);
    return pulumi.output(key).apply((k) => cached(k, { provider }));
}

function lookUpEnv(opts: pulumi.InvokeOutputOptions): pulumi.Output<DeploymentEnv> {
    return pulumi.all([aws.getCallerIdentityOutput({}, opts), aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts)])
        .apply(([identity, partition, region]) => ({
            accountId: identity.accountId,
            partition: partition.partition,
            region: region.region,
            callerArn: identity.arn,
        }));
}
