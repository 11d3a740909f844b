// Checks that the components run on their inputs before anything is registered: the same schema checks the
// provider runs on construct inputs (so the TypeScript library refuses what every other language refuses),
// after making sure the inputs can be walked at all (no cycles, bounded depth).
import * as pulumi from "@pulumi/pulumi";
import { deploymentKey } from "./env";
import { checkResourceInputs } from "./inputChecks";
import { KmsKeyError, checkFiniteTree, isKmsKeyError, show } from "./policy";
import { schemaSpec } from "./schema";

const opaque = (v: object) => pulumi.Output.isInstance(v) || pulumi.Resource.isInstance(v) || v instanceof Promise;

/**
 * Checks a component's args: an object whose inputs can be walked, plain inputs plain, then the component's
 * own checks (`core`, whose messages are the most precise), then every input against schema.json (unknown
 * inputs, wrong types). The first failure is a KmsKeyError naming the input.
 */
export function checkComponentArgs<T, R>(token: string, args: unknown, what: string, core: (args: T) => R): R {
    if (args === undefined) args = {};
    if (args === null || typeof args !== "object" || Array.isArray(args) || opaque(args)) {
        throw new KmsKeyError("args", `args: ${what} takes an object of inputs, got ${show(args)}`);
    }
    const properties = schemaSpec().resources?.[token]?.inputProperties ?? {};
    for (const [name, value] of Object.entries(args)) {
        checkFiniteTree(value, name, opaque);
        if (properties[name]?.plain && value !== undefined && opaque(value as object)) {
            throw new KmsKeyError(name, `${name}: must be a plain value, known when the component is created (not an Output or a Promise)`);
        }
    }
    const result = core(args as T);
    const [failure] = checkResourceInputs(schemaSpec(), token, args as pulumi.Inputs);
    if (failure) throw new KmsKeyError(failure.propertyPath, failure.reason);
    return result;
}

// One alias name, one key: per deployment and AWS provider (so per account and region). The plugin serves
// each Construct with fresh runtime settings and freshly rehydrated provider objects, so the deployment is
// env.ts's deploymentKey() and a provider is its type and name (unique in a stack), "default" for the default.
const aliasOwners = new Map<unknown, Map<string, Map<string, string>>>();

function providerKey(provider: unknown): string {
    if (!provider) return "default";
    const p = provider as { __pulumiType?: string; __name?: string };
    return `${p.__pulumiType ?? "provider"}::${p.__name ?? ""}`;
}

/**
 * The AWS provider (of package `pkg`: aws, or aws-native for that backend) a component's children will use, from its
 * options (explicit, or inherited from the parent).
 */
export function awsProviderOf(opts: pulumi.ComponentResourceOptions, pkg: "aws" | "aws-native" = "aws"): string {
    // ProviderResource.getPackage() is public in the SDK's JavaScript but not in its typings.
    const isAws = (p: unknown) => (p as { getPackage?(): string } | undefined)?.getPackage?.() === pkg;
    const providers = opts.providers;
    const listed = Array.isArray(providers) ? providers.find(isAws) : (providers as { [pkg: string]: unknown } | undefined)?.[pkg];
    if (listed) return providerKey(listed);
    if (isAws(opts.provider)) return providerKey(opts.provider);
    return providerKey((opts.parent as pulumi.Resource | undefined)?.getProvider?.(pkg === "aws" ? "aws:kms/alias:Alias" : "aws-native:kms:Alias"));
}

/** Claims alias names for a key; a name already claimed by another key of this program is an error naming both. */
export function claimAliases(names: readonly string[], owner: string, provider: string, properties: readonly string[]): void {
    const deployment = deploymentKey();
    let byProvider = aliasOwners.get(deployment);
    if (!byProvider) aliasOwners.set(deployment, (byProvider = new Map()));
    let owners = byProvider.get(provider);
    if (!owners) byProvider.set(provider, (owners = new Map()));
    names.forEach((name, i) => {
        const other = owners!.get(name);
        if (other !== undefined && other !== owner) {
            throw new KmsKeyError(properties[i], `${properties[i]}: alias ${name} is already given to key ${show(other)} in this program; ` +
                `an alias name belongs to one key per account and region, so KMS would refuse the second`);
        }
    });
    for (const name of names) owners.set(name, owner);
}

// KMS keeps alias names unique per account and Region, and keys on different providers (above) can still meet in
// one: a replica's Region, or two providers of the same account and Region. So once a key's account and Region are
// known (its provider's invokes), its aliases are also claimed in its own Region and in each replica's.
const aliasOwnersInRegions = new Map<unknown, Map<string, string>>();

/** Where a key's aliases go: its own Region, then each replica's (`via` names the input that put them there). */
export interface AliasRegion {
    region: string;
    via?: string;
}

/** Claims alias names in an account's Regions; a name another key of this program has there is an error naming both and the Region. */
export function claimAliasesInRegions(names: readonly string[], owner: string, account: string, regions: readonly AliasRegion[], properties: readonly string[]): void {
    const deployment = deploymentKey();
    let owners = aliasOwnersInRegions.get(deployment);
    if (!owners) aliasOwnersInRegions.set(deployment, (owners = new Map()));
    const where = (name: string, region: string) => `${account} ${region} ${name}`;
    names.forEach((name, i) => {
        for (const { region, via } of regions) {
            const other = owners!.get(where(name, region));
            if (other !== undefined && other !== owner) {
                throw new KmsKeyError(properties[i], `${properties[i]}: alias ${name} is already given to key ${show(other)} in ${region}` +
                    `${via ? ` (${via})` : ""}, account ${account}, in this program; an alias name belongs to one key per account and region, so KMS would refuse the second`);
            }
        }
    });
    for (const name of names) for (const { region } of regions) owners.set(where(name, region), owner);
}

/**
 * Runs a check that needs a deployment value (the account, a lookup). A KmsKeyError it throws is also marked
 * as a Pulumi ResourceError on `resource` (the SDK recognizes one by its __pulumResourceError field, see
 * @pulumi/pulumi errors.ts isInstance), which the Node.js runtime prints as its message alone, naming the
 * resource. Unmarked, an error thrown in an apply is printed with util.inspect of the whole error, which
 * took 45 s in a real preview.
 */
export function checkedOn<T>(resource: pulumi.Resource, check: () => T): T {
    try {
        return check();
    } catch (e) {
        if (isKmsKeyError(e)) Object.assign(e, { __pulumResourceError: true, resource, hideStack: true });
        throw e;
    }
}
