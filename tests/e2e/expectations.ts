// What the end-to-end specs expect, written out literally (not taken from the library under test).
import { expect } from "chai";
import { AwsStandIn, Project, expectSuccess } from "./harness";
import { customerAliases, describeKey } from "../support/motoState";

export const ACCOUNT = "123456789012";

/** CDK v2's default key policy statement: the account root gets kms:*. */
export const ROOT = { Action: "kms:*", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Resource: "*" };

/** CDK's admin actions, in CDK's order. */
export const ADMIN_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
];

/** CDK's grantEncryptDecrypt actions. */
export const ENCRYPT_DECRYPT_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

/** A DeletionDate `days` after the destroy started (within its duration and a minute of clock slack). */
export function expectDeletionWindow(deletionDate: Date, destroyStartedMs: number, days: number): void {
    const day = 24 * 3600 * 1000;
    const t = deletionDate.getTime();
    expect(t, `DeletionDate ${deletionDate.toISOString()}`).to.be.within(destroyStartedMs + days * day - 60000, Date.now() + days * day + 60000);
}

export interface StateResource {
    urn: string;
    type: string;
    name: string;
    id?: string;
    inputs: { [key: string]: any };
    outputs: { [key: string]: any };
    retainOnDelete?: boolean;
    parent?: string;
    /** The provider reference `<urn>::<id>` a custom resource was created with. */
    provider?: string;
}

/** The stack's resources as the engine recorded them (`pulumi stack export`). */
export async function stackState(project: Project): Promise<StateResource[]> {
    const r = expectSuccess(await project.pulumi("stack", "export"), "pulumi stack export");
    const resources: any[] = JSON.parse(r.stdout).deployment?.resources ?? [];
    return resources.map((res) => ({ ...res, name: String(res.urn).split("::").pop(), inputs: res.inputs ?? {}, outputs: res.outputs ?? {} }));
}

/** The one resource of `type` named `name` in the state. */
export function stateResource(state: StateResource[], type: string, name: string): StateResource {
    const found = state.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name} in ${state.map((r) => r.urn).join(", ")}`).to.have.length(1);
    return found[0];
}

/** The resources left in the stack's state (`pulumi stack export`). */
export async function stackResources(project: Project): Promise<string[]> {
    const r = expectSuccess(await project.pulumi("stack", "export"), "pulumi stack export");
    const resources: { urn: string }[] = JSON.parse(r.stdout).deployment?.resources ?? [];
    return resources.map((res) => res.urn);
}

/**
 * `pulumi destroy`, then the safety rule: the key with the default removalPolicy (retain) is still Enabled and
 * was never asked to be deleted; the key with removalPolicy "destroy" is PendingDeletion for its waiting period
 * (`days`, 7 unless given); no alias is left and the stack is empty.
 */
export async function expectDestroyKeepsRetainedKey(project: Project, standIn: AwsStandIn,
    keys: { retained: string; destroyed: string }, deleted: number, days = 7): Promise<void> {
    const { moto, aws } = standIn;
    aws.clearCalls();
    const before = Date.now();
    const r = expectSuccess(await project.pulumi("destroy", "--yes", "--skip-preview"), "pulumi destroy");
    expect(r.stdout).to.match(new RegExp(`- ${deleted} deleted`));
    expect(await stackResources(project)).to.deep.equal([]);

    const retained = await describeKey(moto, keys.retained);
    expect(retained.KeyState).to.equal("Enabled");
    expect(retained.DeletionDate).to.equal(undefined);
    const keyDeletes = aws.calls().filter((c) => c.method === "Delete" && c.type === "aws:kms/key:Key");
    expect(keyDeletes.map((c) => c.id)).to.deep.equal([keys.destroyed]);

    const destroyed = await describeKey(moto, keys.destroyed);
    expect(destroyed.KeyState).to.equal("PendingDeletion");
    expectDeletionWindow(destroyed.DeletionDate!, before, days);
    expect([...(await customerAliases(moto)).keys()]).to.deep.equal([]);
}
