import { fail, show } from "./errors";

// AWS Region names and their partitions, for multi-Region replicas (replicaRegions). A Region name is
// <area>[-<isolated/gov partition>]-<direction>-<number>, e.g. us-east-1, us-gov-west-1, cn-northwest-1,
// us-isob-east-1, eusc-de-east-1. An availability zone (us-east-1a), a location name or another case is not one.
const REGION_NAME = /^([a-z]{2,4})(-(gov|iso|isob|isoe|isof))?(-[a-z]+){1,2}-[1-9][0-9]?$/;

/** The partition of a Region, from its name (the prefix that the partitions' Region patterns use). */
export function partitionOfRegion(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("eusc-")) return "aws-eusc";
    const isolated = /^[a-z]{2}-(iso|isob|isoe|isof)-/.exec(region);
    if (isolated) return { iso: "aws-iso", isob: "aws-iso-b", isoe: "aws-iso-e", isof: "aws-iso-f" }[isolated[1]]!;
    return "aws";
}

/** Checks replicaRegions: a list of distinct Region names (the Regions they replicate the key to). */
export function checkReplicaRegions(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) fail("replicaRegions", `replicaRegions: expected a list of AWS Region names (e.g. ["eu-west-1"]), got ${show(value)}`);
    const seen = new Map<string, number>();
    return (value as unknown[]).map((region, i) => {
        const property = `replicaRegions[${i}]`;
        if (typeof region !== "string" || !REGION_NAME.test(region)) {
            fail(property, `${property}: ${show(region)} is not an AWS Region name; write it as KMS does, e.g. "eu-west-1", "us-gov-west-1" (not an availability zone or a location)`);
        }
        const first = seen.get(region);
        if (first !== undefined) fail(property, `${property}: ${show(region)} is already replicaRegions[${first}]; a key has at most one replica per Region`);
        seen.set(region, i);
        return region;
    });
}

/**
 * Checks the replicas' Regions against the primary's, once the provider's Region is known: a replica cannot be in
 * the primary's own Region, and multi-Region keys replicate only within their partition.
 */
export function checkReplicaPlacement(regions: readonly string[], primary: { region: string; partition: string }): void {
    regions.forEach((region, i) => {
        const property = `replicaRegions[${i}]`;
        if (region === primary.region) {
            fail(property, `${property}: ${show(region)} is the primary key's own Region (the AWS provider's region); a replica must be in another Region`);
        }
        const partition = partitionOfRegion(region);
        if (partition !== primary.partition) {
            fail(property, `${property}: ${show(region)} is in partition ${partition}, but the primary key is in ${primary.partition}; KMS replicates a multi-Region key only within its partition`);
        }
    });
}
