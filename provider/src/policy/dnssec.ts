import { ACCOUNT_ID } from "./arns";
import { GRANT_CONDITIONS } from "./actions";
import { fail, show } from "./errors";
import { Statement } from "./document";
import { PARTITIONS } from "./principals";

// Route 53 DNSSEC signing with this key: terraform-aws-kms's two statements (Route53DnssecService and
// Route53DnssecGrant) for the service principal dnssec-route53.<dns suffix>, and the requirements Route 53 puts
// on the key ("Working with customer managed keys for DNSSEC", Route 53 Developer Guide): ECC_NIST_P256,
// SIGN_VERIFY, in US East (N. Virginia).

/** What Route 53 DNSSEC requires of a key. */
export const DNSSEC_KEY = Object.freeze({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY", region: "us-east-1" });

/** The actions of each statement, as terraform-aws-kms v4.2 writes them. */
export const DNSSEC_SERVICE_ACTIONS = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"] as const;
export const DNSSEC_GRANT_ACTIONS = ["kms:CreateGrant"] as const;

export const DNSSEC_FIELDS = ["hostedZoneArns", "sourceAccounts"];

/** The key settings the requirements read, and where the key lives (region undefined: not known yet). */
export interface DnssecKey {
    keySpec?: string;
    keyUsage?: string;
    partition?: string;
    accountId?: string;
    region?: string;
    /** For a replica's policy: the primary's region, which is the one Route 53 requires. */
    primaryRegion?: string;
}

const HOSTED_ZONE_ARN = /^arn:([a-z-]+):route53:::hostedzone\/([A-Za-z0-9*?]{1,32})$/;

function dnsSuffix(partition: string): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** A non-empty list of distinct strings, each checked by `check`. */
function distinctList(value: unknown, property: string, what: string, check: (item: unknown, property: string) => string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) fail(property, `${property}: expected a list of ${what}, got ${show(value)}`);
    if (value.length === 0) fail(property, `${property}: an empty list would let Route 53 sign for no hosted zone; give at least one of ${what}, or leave ${property} out for the default`);
    const seen = new Map<string, number>();
    return (value as unknown[]).map((item, i) => {
        const checked = check(item, `${property}[${i}]`);
        const first = seen.get(checked);
        if (first !== undefined) fail(`${property}[${i}]`, `${property}[${i}]: ${show(checked)} is already ${property}[${first}]`);
        seen.set(checked, i);
        return checked;
    });
}

/** Refuses a key Route 53 cannot use for DNSSEC signing, saying why. */
function checkDnssecKey(key: DnssecKey): void {
    const spec = key.keySpec ?? "SYMMETRIC_DEFAULT";
    const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
    const need = `Route 53 DNSSEC (dnssec) signs with an asymmetric key of keySpec ${DNSSEC_KEY.keySpec} and keyUsage ${DNSSEC_KEY.keyUsage}`;
    if (spec !== DNSSEC_KEY.keySpec) {
        fail("keySpec", `keySpec: ${show(spec)}${key.keySpec === undefined ? " (the default)" : ""} cannot sign DNSSEC records; ${need}`);
    }
    if (usage !== DNSSEC_KEY.keyUsage) {
        fail("keyUsage", `keyUsage: ${show(usage)}${key.keyUsage === undefined ? " (the default)" : ""} cannot sign DNSSEC records; ${need}`);
    }
    const region = key.primaryRegion ?? key.region;
    if (region !== undefined && region !== DNSSEC_KEY.region) {
        fail("dnssec", `dnssec: Route 53 DNSSEC uses only keys in ${DNSSEC_KEY.region} (US East (N. Virginia)), and this key would be created in ${show(region)} ` +
            `(the AWS provider's region); create it with a provider for ${DNSSEC_KEY.region}`);
    }
}

/**
 * The two key-policy statements that let Route 53 sign a hosted zone's DNSSEC records with this key, each
 * limited to the source accounts (default: the key's account) and hosted zones (default: every hosted zone,
 * arn:<partition>:route53:::hostedzone/*) against the confused deputy. Checks the key first (spec, usage,
 * region). `key.partition`/`key.accountId` undefined check the inputs before the account is known.
 */
export function dnssecStatements(dnssec: unknown, key: DnssecKey): Statement[] {
    if (dnssec === undefined || dnssec === null) return [];
    if (typeof dnssec !== "object" || Array.isArray(dnssec)) {
        fail("dnssec", `dnssec: expected {hostedZoneArns?, sourceAccounts?} ({} for the defaults), got ${show(dnssec)}`);
    }
    const unknown = Object.keys(dnssec as object).find((k) => !DNSSEC_FIELDS.includes(k));
    if (unknown !== undefined) fail(`dnssec.${unknown}`, `dnssec: unknown field ${show(unknown)}; dnssec has ${DNSSEC_FIELDS.join(", ")}`);
    const given = dnssec as { hostedZoneArns?: unknown; sourceAccounts?: unknown };
    const zones = distinctList(given.hostedZoneArns, "dnssec.hostedZoneArns", "hosted zone ARNs (arn:aws:route53:::hostedzone/<zone id>)", (item, property) => {
        const match = typeof item === "string" ? HOSTED_ZONE_ARN.exec(item) : null;
        if (!match) {
            fail(property, `${property}: ${show(item)} is not a hosted zone ARN; write arn:<partition>:route53:::hostedzone/<zone id>, e.g. arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ (the id may use * and ?)`);
        }
        const partition = match[1];
        if (!Object.prototype.hasOwnProperty.call(PARTITIONS, partition)) fail(property, `${property}: ${show(partition)} is not an AWS partition (${Object.keys(PARTITIONS).join(", ")})`);
        if (key.partition !== undefined && partition !== key.partition) fail(property, `${property}: the hosted zone is in partition ${partition}, but the key is in ${key.partition}`);
        return item as string;
    });
    const accounts = distinctList(given.sourceAccounts, "dnssec.sourceAccounts", "12-digit AWS account ids", (item, property) => {
        if (typeof item !== "string" || !ACCOUNT_ID.test(item)) fail(property, `${property}: ${show(item)} is not a 12-digit AWS account id`);
        return item as string;
    });
    checkDnssecKey(key);
    const partition = key.partition ?? "aws";
    const Principal = { Service: `dnssec-route53.${dnsSuffix(partition)}` };
    const sourceAccount = accounts ?? [key.accountId ?? "000000000000"];
    const sourceArn = zones ?? [`arn:${partition}:route53:::hostedzone/*`];
    const one = (values: string[]) => (values.length === 1 ? values[0] : values);
    const sources = { ArnLike: { "aws:SourceArn": one(sourceArn) }, StringEquals: { "aws:SourceAccount": one(sourceAccount) } };
    return [
        { Sid: "Route53DnssecService", Action: [...DNSSEC_SERVICE_ACTIONS], Condition: sources, Effect: "Allow", Principal, Resource: "*" },
        {
            Sid: "Route53DnssecGrant", Action: DNSSEC_GRANT_ACTIONS[0],
            Condition: { ...sources, ...GRANT_CONDITIONS.serviceGrants }, Effect: "Allow", Principal, Resource: "*",
        },
    ];
}
