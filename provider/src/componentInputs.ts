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

// One alias name, one key. KMS keeps alias names unique per account and Region, so they are claimed in two scopes:
// per AWS provider (known at once), and, once a key's account and Region are known (its provider's invokes), per
// account and Region, which keys on different providers can share (a replica's Region, two providers of one
// account). The plugin serves each Construct with fresh runtime settings and freshly rehydrated provider objects,
// so the registry is per deployment (env.ts's deploymentKey()) and a provider is its type and name (unique in a
// stack), "default" for the default. A slot is "<scope> <alias name>"; its value is the key that holds it.
const aliasOwners = new Map<unknown, Map<string, string>>();

interface AliasSlot { slot: string; name: string; property: string; where: string }

/** Claims every slot for `owner`, or none: a slot another key holds is an error naming the input and that key. */
function claimSlots(slots: readonly AliasSlot[], owner: string): void {
    const deployment = deploymentKey();
    let owners = aliasOwners.get(deployment);
    if (!owners) aliasOwners.set(deployment, (owners = new Map()));
    for (const { slot, name, property, where } of slots) {
        const other = owners.get(slot);
        if (other !== undefined && other !== owner) {
            throw new KmsKeyError(property, `${property}: alias ${name} is already given to key ${show(other)}${where} in this program; ` +
                `an alias name belongs to one key per account and region, so KMS would refuse the second`);
        }
    }
    for (const { slot } of slots) owners.set(slot, owner);
}

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

/** Claims alias names for a key on an AWS provider; a name already claimed by another key of this program is an error naming both. */
export function claimAliases(names: readonly string[], owner: string, provider: string, properties: readonly string[]): void {
    claimSlots(names.map((name, i) => ({ slot: `provider ${provider} ${name}`, name, property: properties[i], where: "" })), owner);
}

/** Where a key's aliases go: its own Region, then each replica's (`via` names the input that put them there). */
export interface AliasRegion {
    region: string;
    via?: string;
}

/** Claims alias names in an account's Regions; a name another key of this program has there is an error naming both and the Region. */
export function claimAliasesInRegions(names: readonly string[], owner: string, account: string, regions: readonly AliasRegion[], properties: readonly string[]): void {
    claimSlots(names.flatMap((name, i) => regions.map(({ region, via }) => ({
        slot: `region ${account} ${region} ${name}`, name, property: properties[i], where: ` in ${region}${via ? ` (${via})` : ""}, account ${account},`,
    }))), owner);
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
