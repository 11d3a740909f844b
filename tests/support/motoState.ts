// Reads (and seeds) what the end-to-end tests check in moto: keys, key policies, rotation, aliases and
// IAM inline role policies, through the AWS SDK v3 clients of tests/support/moto.ts.
import {
    DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListGrantsCommand, ListKeysCommand,
    KMSClient, ListResourceTagsCommand, type AliasListEntry, type GrantListEntry, type KeyMetadata,
} from "@aws-sdk/client-kms";
import { CreateRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { awsClientConfig, type Moto } from "./moto";

const regionClients = new Map<string, KMSClient>();

/** moto as seen from another Region (moto keeps each Region's keys and aliases apart): for the functions below. */
export function motoIn(moto: Moto, region: string): Moto {
    const id = `${moto.endpoint} ${region}`;
    let kms = regionClients.get(id);
    if (!kms) regionClients.set(id, (kms = new KMSClient({ ...awsClientConfig(moto.endpoint), region })));
    return { ...moto, kms };
}

export async function describeKey(moto: Moto, keyId: string): Promise<KeyMetadata> {
    return (await moto.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

export async function keyPolicy(moto: Moto, keyId: string): Promise<any> {
    return JSON.parse((await moto.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy!);
}

export async function rotationEnabled(moto: Moto, keyId: string): Promise<boolean> {
    return (await moto.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled ?? false;
}

export async function keyTags(moto: Moto, keyId: string): Promise<{ [key: string]: string }> {
    const tags = (await moto.kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags ?? [];
    return Object.fromEntries(tags.map((t) => [t.TagKey!, t.TagValue!]));
}

/** The KMS grants on a key (moto answers in one page). */
export async function keyGrants(moto: Moto, keyId: string): Promise<GrantListEntry[]> {
    return (await moto.kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants ?? [];
}

/** Every key id in the account. */
export async function keyIds(moto: Moto): Promise<string[]> {
    const ids: string[] = [];
    let marker: string | undefined;
    do {
        const page = await moto.kms.send(new ListKeysCommand({ Marker: marker }));
        ids.push(...(page.Keys ?? []).map((k) => k.KeyId!));
        marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return ids;
}

/** The customer aliases (not `alias/aws/...`), by name. */
export async function customerAliases(moto: Moto): Promise<Map<string, AliasListEntry>> {
    const out = new Map<string, AliasListEntry>();
    let marker: string | undefined;
    do {
        const page = await moto.kms.send(new ListAliasesCommand({ Marker: marker }));
        for (const a of page.Aliases ?? []) if (!a.AliasName!.startsWith("alias/aws/")) out.set(a.AliasName!, a);
        marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return out;
}

export async function createRole(moto: Moto, name: string): Promise<string> {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const r = await moto.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    return r.Role!.Arn!;
}

/** A role's inline policies: name -> document. */
export async function rolePolicies(moto: Moto, role: string): Promise<{ [name: string]: any }> {
    const names = (await moto.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
    const out: { [name: string]: any } = {};
    for (const name of names) {
        const doc = (await moto.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }))).PolicyDocument!;
        out[name] = JSON.parse(decodeURIComponent(doc));
    }
    return out;
}
