import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a key lives, from the invokes of the parent's AWS provider (never hard-coded). */
export interface DeploymentEnv {
    accountId: string;
    partition: string;
    region: string;
    /** The deploying principal, for the lockout guard. */
    callerArn: string;
}

// One lookup per AWS provider and deployment: a thousand keys on one provider share three invokes.
const envByDeployment = new WeakMap<object, Map<pulumi.ProviderResource | undefined, pulumi.Output<DeploymentEnv>>>();

/** Reads the account, partition, region and caller through `parent`'s providers (respects opts.provider(s)). */
export function deploymentEnv(parent: pulumi.Resource): pulumi.Output<DeploymentEnv> {
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor() ?? envByDeployment;
    const provider = (parent as unknown as { getProvider(token: string): pulumi.ProviderResource | undefined }).getProvider("aws::getCallerIdentity");
    let byProvider = envByDeployment.get(monitor);
    if (!byProvider) envByDeployment.set(monitor, (byProvider = new Map()));
    let env = byProvider.get(provider);
    if (!env) byProvider.set(provider, (env = lookUpEnv(provider ? { provider } : { parent })));
    return env;
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
