import { fail, show } from "./errors";

// AWS Region names and their partitions, for multi-Region replicas (replicaRegions): the partitions' Region
// patterns of the AWS SDKs' endpoint rules (partitions.json; @aws-sdk/core 3.981 util-endpoints), in their order,
// with the words narrowed to lower-case letters and the number to 1-99 (every Region so far). They admit Regions
// that do not exist yet (e.g. us-west-3), and refuse an availability zone (us-east-1a), a location name, another
// case, and an unknown area such as xx-fake-1.
const REGION_PARTITIONS: readonly { partition: string; pattern: RegExp }[] = [
    { partition: "aws", pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-cn", pattern: /^cn-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-eusc", pattern: /^eusc-(de)-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-iso", pattern: /^us-iso-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-iso-b", pattern: /^us-isob-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-iso-e", pattern: /^eu-isoe-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-iso-f", pattern: /^us-isof-[a-z]+-[1-9][0-9]?$/ },
    { partition: "aws-us-gov", pattern: /^us-gov-[a-z]+-[1-9][0-9]?$/ },
];

/** The partition of a Region name, or undefined when it is not one. */
export function partitionOfRegion(region: string): string | undefined {
    return REGION_PARTITIONS.find((p) => p.pattern.test(region))?.partition;
}

/** Checks replicaRegions: a list of distinct Region names (the Regions they replicate the key to). */
export function checkReplicaRegions(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) fail("replicaRegions", `replicaRegions: expected a list of AWS Region names (e.g. ["eu-west-1"]), got ${show(value)}`);
    const seen = new Map<string, number>();
    return (value as unknown[]).map((region, i) => {
        const property = `replicaRegions[${i}]`;
        if (typeof region !== "string" || partitionOfRegion(region) === undefined) {
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
        const partition = partitionOfRegion(region)!; // checkReplicaRegions passed
        if (partition !== primary.partition) {
            fail(property, `${property}: ${show(region)} is in partition ${partition}, but the primary key is in ${primary.partition}; KMS replicates a multi-Region key only within its partition`);
        }
    });
}
