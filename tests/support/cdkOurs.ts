// Runs a scenario through KmsKey: the pure policy core, and the component under Pulumi mocks.
import { KmsKey } from "../../provider/src/kmsKey";
import { KeyConfig, KeyPolicy, KmsKeyError, buildKeyPolicy, isKmsKeyError, resolveKeyConfig } from "../../provider/src/policy";
import { KmsKeyArgs } from "../../provider/src/schemaTypes";
import { POLICY_ENV, ScenarioInput } from "./cdkScenario";
import { RecordingMocks, settled, useMocks } from "./mocks";

export type CoreResult = { ok: true; config: KeyConfig; policy: KeyPolicy } | { ok: false; error: KmsKeyError };

/** The pure core, as KmsKey calls it: resolveKeyConfig, then buildKeyPolicy in the deployment env. */
export function runCore(input: ScenarioInput): CoreResult {
    try {
        const config = resolveKeyConfig({
            multiRegion: input.multiRegion, alias: input.alias, aliases: input.aliases, keySpec: input.keySpec, keyUsage: input.keyUsage,
            enableKeyRotation: input.enableKeyRotation, rotationPeriodInDays: input.rotationPeriodInDays,
            pendingWindowInDays: input.pendingWindowInDays, removalPolicy: input.removalPolicy,
            trustAccountIdentities: input.trustAccountIdentities, bypassPolicyLockoutSafetyCheck: input.bypassPolicyLockoutSafetyCheck,
        });
        const policy = buildKeyPolicy({
            ...config, policy: input.policy, policyStatements: input.policyStatements, admins: input.admins, grants: input.grants,
        }, POLICY_ENV);
        return { ok: true, config, policy };
    } catch (error) {
        if (isKmsKeyError(error)) return { ok: false, error };
        throw error;
    }
}

export interface ComponentKey {
    /** The inputs of the registered aws:kms/key:Key. */
    key: { [key: string]: any };
    /** The retainOnDelete option the aws:kms/key:Key was registered with, as the mocks recorded it (undefined: not set, or not recorded). */
    retainOnDelete?: boolean;
    /** The `name` input of every aws:kms/alias:Alias, in registration order. */
    aliasNames: string[];
    config: KeyConfig;
    mocks: RecordingMocks;
}

export type ComponentResult = { ok: true; value: ComponentKey } | { ok: false; error: Error };

/** The KmsKey component under mocks (account 111122223333, deployer assumed-role/Deployer). */
export async function runComponent(input: ScenarioInput, name: string): Promise<ComponentResult> {
    const mocks = await useMocks({ callerArn: POLICY_ENV.callerArn });
    let component: KmsKey;
    try {
        component = new KmsKey(name, input as KmsKeyArgs);
        await component.whenValid();
    } catch (error) {
        await new Promise((r) => setTimeout(r, 10));
        return { ok: false, error: error as Error };
    }
    await settled(component);
    const keys = mocks.ofType("aws:kms/key:Key");
    if (keys.length !== 1) throw new Error(`expected one aws:kms/key:Key, got ${keys.length}`);
    const options = (keys[0] as { options?: { retainOnDelete?: boolean } }).options;
    return {
        ok: true,
        value: {
            key: keys[0].inputs,
            retainOnDelete: options?.retainOnDelete,
            aliasNames: mocks.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name),
            config: component.config,
            mocks,
        },
    };
}
