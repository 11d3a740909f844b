import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedOn } from "./componentInputs";
import { DeploymentEnv } from "./env";
import { isPlain } from "./plain";
import { KmsGrantKey, KmsGrantPlan, KmsKeyError, resolveKmsGrant, resolveKmsGrants, show } from "./policy";

/**
 * Checks `kmsGrants` before anything is registered: a plain list (its length decides the resources); each grant
 * fully known is checked now, before the partition is known, and again with it once the account is looked up.
 */
export function checkKmsGrantsInput(value: unknown, key: KmsGrantKey): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) throw new KmsKeyError("kmsGrants", `kmsGrants: expected a list of grants, got ${show(value)}`);
    if (isPlain(value)) resolveKmsGrants(value, key);
    else value.forEach((grant, i) => { if (isPlain(grant)) resolveKmsGrant(grant, `kmsGrants[${i}]`, key); });
}

/**
 * One `aws.kms.Grant` per grant, on the key's id, under `parent`, in the order given: named `<key>-kmsgrant-<i>`.
 * Each grant's inputs are its checked plan (with the key's partition), so a grant that fails its checks (a field
 * given as an Output) fails its own inputs and is pushed to `checks`.
 */
export function createKmsGrants(parent: pulumi.Resource, name: string, keyId: pulumi.Output<string>, given: unknown, key: KmsGrantKey,
    env: pulumi.Output<DeploymentEnv>, checks: pulumi.Output<unknown>[]): aws.kms.Grant[] {
    const list = Array.isArray(given) ? given : [];
    // Most keys have no KMS grants: then no Output at all (each costs the SDK promises and stack traces per key).
    if (list.length === 0) return [];
    const all = pulumi.all([env, pulumi.output(list)]).apply(([e, resolved]) =>
        checkedOn(parent, () => resolveKmsGrants(resolved, { ...key, partition: e.partition })));
    return list.map((_, i) => {
        const plan: pulumi.Output<KmsGrantPlan> = all.apply((plans) => plans[i]);
        checks.push(plan);
        return new aws.kms.Grant(`${name}-kmsgrant-${i}`, {
            keyId,
            granteePrincipal: plan.granteePrincipal,
            operations: plan.operations,
            constraints: plan.apply((p) => (p.constraints ? [p.constraints] : undefined)),
            retiringPrincipal: plan.retiringPrincipal,
            name: plan.name,
            grantCreationTokens: plan.grantCreationTokens,
            retireOnDelete: plan.retireOnDelete,
        }, { parent });
    });
}

/** The outputs of the grants: their ids, and their tokens as one secret. */
export function kmsGrantOutputs(grants: aws.kms.Grant[]): { kmsGrantIds: pulumi.Output<string[]>; kmsGrantTokens: pulumi.Output<string[]> } {
    // No grants (most keys): known empty values, without the SDK's all() over nothing (promises and traces per key).
    if (grants.length === 0) return { kmsGrantIds: pulumi.output([]), kmsGrantTokens: pulumi.secret([]) };
    return {
        kmsGrantIds: pulumi.all(grants.map((g) => g.grantId)),
        kmsGrantTokens: pulumi.secret(pulumi.all(grants.map((g) => g.grantToken))),
    };
}
