import { KmsKeyError, show } from "./errors";

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** The parts of an ARN: arn:partition:service:region:account:resource. */
export interface Arn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

export function parseArn(value: string): Arn | undefined {
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/**
 * Parses a KMS key ARN with CDK's Key.fromKeyArn rules and messages: a non-ARN is rejected, and so is an
 * ARN with nothing after the resource type. Unlike CDK we also reject a resource other than `key/`.
 */
export function parseKeyArn(keyArn: unknown, property: string): Arn & { keyId: string } {
    if (typeof keyArn !== "string") throw new KmsKeyError(property, `${property}: a key ARN must be a string, got ${show(keyArn)}`);
    const arn = parseArn(keyArn);
    if (!arn) {
        throw new KmsKeyError(property, `ARNs must start with "arn:" and have at least 6 components: ${keyArn} (${property})`);
    }
    const slash = arn.resource.indexOf("/");
    const keyId = slash < 0 ? "" : arn.resource.slice(slash + 1);
    if (!keyId || arn.service !== "kms" || arn.resource.slice(0, slash) !== "key") {
        throw new KmsKeyError(property, `KMS key ARN must be in the format 'arn:<partition>:kms:<region>:<account>:key/<keyId>', got: ${show(keyArn)} (${property})`);
    }
    return { ...arn, keyId };
}

/** An IAM identity that can carry an inline policy: a role or a user, by name, in an account. */
export interface IamIdentity {
    type: "role" | "user";
    name: string;
    account: string;
    partition: string;
}

/** Reads a role or user (or an assumed-role session, meaning its role) out of an ARN. */
export function iamIdentityOf(arnString: string): IamIdentity | undefined {
    const arn = parseArn(arnString);
    if (!arn) return undefined;
    const segments = arn.resource.split("/");
    if (arn.service === "iam" && (segments[0] === "role" || segments[0] === "user") && segments.length >= 2 && segments[segments.length - 1]) {
        return { type: segments[0], name: segments[segments.length - 1], account: arn.account, partition: arn.partition };
    }
    if (arn.service === "sts" && segments[0] === "assumed-role" && segments.length >= 3 && segments[1]) {
        return { type: "role", name: segments[1], account: arn.account, partition: arn.partition };
    }
    return undefined;
}
