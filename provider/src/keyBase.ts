import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import type * as AwsNative from "./backends/awsNative";
import type { Backend } from "./schemaTypes";
import {
    BACKENDS, GRANT_ACTIONS, GrantTarget, KindCondition, checkActions, fail, granteeIdentity, kindCondition, normalizeAliasName, parseArn, planIdentityGrant,
} from "./policy";
import { awsProviderOf, claimAliases } from "./componentInputs";
import { settle } from "./plain";
import { framelessPromiseTraces } from "./promiseTraces";

export const ALIAS_OF_ALIAS = "Cannot call addAlias on a key imported by alias name (aliasName); import it by keyArn or lookupAliasName to add aliases";

/**
 * The output, registered with the engine but not in the schema (internal), that records the AWS provider a key
 * was built with: its reference `<urn>::<id>`, or "" for the default provider. A method call from another
 * language reaches the plugin without the component's providers (a CallRequest has no providers field, and
 * `__self__` is a resource reference holding only the URN), and rebuilds the key from these outputs
 * (pulumi:pulumi:getResource), so this is how the method's resources find the key's provider.
 */
export const PROVIDER_OUTPUT = "awsProvider";

/** Internal outputs too, for the same reason: the key's backend, and (aws-native) its replica Regions' providers. */
export const BACKEND_OUTPUT = "backend";
export const REPLICA_PROVIDERS_OUTPUT = "nativeReplicaProviders";

/** An alias of a key, of its backend's type. */
export type KeyAlias = aws.kms.Alias | AwsNative.NativeAlias;

/** The aws-native backend's module, loaded only for a key that asks for it (see backends/awsNative.ts). */
const native = () => require("./backends/awsNative") as typeof AwsNative;

/**
 * What KmsKey and ImportedKey share: aliases and the grant methods. A grant attaches an inline identity
 * policy to a role or user in the key's account (CDK's behaviour for a role in the same account); the key
 * policy is never touched, since it cannot change after the key is created from a method call.
 */
export abstract class KeyBase extends pulumi.ComponentResource {
    public abstract readonly keyArn: pulumi.Output<string>;
    /** Outputs whose failure is an input error (validation that needed the account or a lookup). */
    protected readonly checks: pulumi.Output<unknown>[] = [];
    private readonly grantsByName = new Map<string, pulumi.Output<string>>();
    /** The identity grants made so far (plain grantees), for the access summary. */
    protected readonly identityGrants: { grantee: string; actions: string[]; condition?: KindCondition }[] = [];
    private readonly aliasesByName = new Map<string, KeyAlias>();
    /** Which provider's resources the key and the methods' resources are (set by the subclass; rebuilt: restoreProvider). */
    protected keyBackend: Backend = "aws";

    /** Rebuilt from its URN for a method call: the Call carries no providers (see PROVIDER_OUTPUT). */
    protected readonly rebuilt: boolean;
    /** Rebuilt: the AWS provider recorded when the key was built (restoreProvider), for the methods' resources. */
    private methodProvider?: { provider: pulumi.ProviderResource; claimKey: string };
    /** Set once aliasNames has resolved: an alias added later is created but cannot be listed any more. */
    private aliasNamesListed = false;

    protected constructor(type: string, protected readonly keyName: string, props: pulumi.Inputs, opts?: pulumi.ComponentResourceOptions) {
        // Rebuilt, the recorded provider is read back with the other outputs.
        super(type, keyName, opts?.urn !== undefined ? { ...props, [PROVIDER_OUTPUT]: undefined, [BACKEND_OUTPUT]: undefined } : props, opts);
        this.rebuilt = opts?.urn !== undefined;
    }

    /** Registers the component's outputs plus the record of its AWS provider (PROVIDER_OUTPUT). */
    protected registerOutputs(outputs?: pulumi.Inputs): void {
        // The SDK's own later call (after `initialize`, with no outputs) is a no-op once outputs are registered.
        if (outputs === undefined) return super.registerOutputs();
        const provider = this.getProvider(BACKENDS[this.keyBackend].keyToken);
        // The reference as the SDK sends it to the engine for a child's provider (ProviderResource.register).
        const record = provider ? pulumi.output(pulumi.ProviderResource.register(provider)).apply((ref) => ref ?? "") : "";
        super.registerOutputs({ ...outputs, [PROVIDER_OUTPUT]: record, [BACKEND_OUTPUT]: this.keyBackend });
    }

    /**
     * For a key rebuilt from its URN (a method call from another language): makes the resources the methods create
     * use the AWS provider the key was built with, read from its recorded output (PROVIDER_OUTPUT). Without a
     * recorded explicit provider they use the default provider, as the key did. An aws provider given in the
     * rebuilt key's own options takes precedence. The plugin awaits this before it serves a method.
     */
    async restoreProvider(): Promise<void> {
        if (!this.rebuilt || this.methodProvider) return;
        // The recorded backend first (a key recorded before backends existed is an aws key).
        const recordedBackend = (this as unknown as { [BACKEND_OUTPUT]?: pulumi.Output<Backend | undefined> })[BACKEND_OUTPUT];
        this.keyBackend = (recordedBackend ? await settle(recordedBackend) : undefined) ?? "aws";
        if (this.getProvider(BACKENDS[this.keyBackend].keyToken)) return;
        const recorded = (this as unknown as { [PROVIDER_OUTPUT]?: pulumi.Output<string> })[PROVIDER_OUTPUT];
        const ref = recorded ? await settle(recorded) : undefined;
        if (!ref) return;
        // <urn>::<id>; the URN's last part is the provider's name (how componentInputs.ts tells providers apart).
        const urn = ref.slice(0, ref.lastIndexOf("::"));
        this.methodProvider = { provider: new pulumi.DependencyProviderResource(ref), claimKey: `pulumi:providers:${BACKENDS[this.keyBackend].pkg}::${urn.split("::")[3]}` };
    }

    /** Options for a resource a method creates: under the key, on the key's provider. */
    protected childOptions(): pulumi.CustomResourceOptions {
        return this.methodProvider ? { parent: this, provider: this.methodProvider.provider } : { parent: this };
    }

    /**
     * Every alias name of this key, the constructor's then addAlias's in call order, resolved once `registered` has
     * (the key's registration, which comes after the program's synchronous code: an addAlias right after the
     * constructor is listed). An alias added after that is still created, with a warning that aliasNames misses it.
     */
    protected allAliasNames(registered: pulumi.Output<unknown>): pulumi.Output<string[]> {
        return pulumi.output(settle(registered).catch(() => undefined).then(() => {
            this.aliasNamesListed = true;
            return [...this.aliasesByName.keys()];
        }));
    }

    /** Whether this stack owns the key (and could have written its key policy). */
    protected abstract readonly owned: boolean;

    /** The account and partition the grant methods check grantees against, and the alias scope. */
    protected abstract grantTarget(): pulumi.Output<Omit<GrantTarget, "keyArn" | "owned">>;

    /** The grant target read from the key's ARN (an alias ARN for a key imported by alias name). */
    protected grantTargetFromArn(aliasName: pulumi.Input<string | undefined>) {
        return pulumi.all([this.keyArn, aliasName]).apply(([keyArn, alias]) => {
            const arn = parseArn(keyArn)!;
            return { account: arn.account, partition: arn.partition, aliasName: alias && keyArn.includes(":alias/") ? alias : undefined };
        });
    }

    /** Resolves once every check has passed; rejects with the first failure (the provider reports it per property). */
    async whenValid(): Promise<void> {
        for (const check of this.checks) await settle(check);
    }

    /** Adds an alias targeting this key (`alias/` is prepended when missing), validated with CDK's rules. */
    addAlias(name: string): KeyAlias {
        const aliasName = normalizeAliasName(name, "name");
        const existing = this.aliasesByName.get(aliasName);
        if (existing) return existing;
        claimAliases([aliasName], this.keyName, this.methodProvider?.claimKey ?? awsProviderOf({ parent: this }, BACKENDS[this.keyBackend].pkg), ["name"]);
        if (this.aliasNamesListed) {
            pulumi.log.warn(`addAlias(${JSON.stringify(name)}): the alias is created, but aliasNames was already resolved and does not list it; ` +
                "call addAlias right after creating the key (before any await or apply) to have it listed", this);
        }
        const done = framelessPromiseTraces();
        try {
            return this.createAlias(aliasName);
        } finally {
            done();
        }
    }

    protected createAlias(aliasName: string): KeyAlias {
        // Named by alias (not position) so reordering aliases never replaces one; targets the ARN, as CDK does.
        let targetKeyId = this.keyArn;
        if (!this.owned || this.rebuilt) {
            // A key imported by alias name has an alias ARN, which cannot be an alias target (known late when rebuilt).
            targetKeyId = this.keyArn.apply((arn) => arn.includes(":alias/") ? fail("name", ALIAS_OF_ALIAS) : arn);
            this.checks.push(targetKeyId);
        }
        // Rebuilt with no recorded provider (or one not restored), pin the alias to the key's region, read from its ARN
        // (aws-native has no per-resource region: there the default provider's is the key's, as when it was built).
        const region = this.keyBackend === "aws" && this.rebuilt && !this.methodProvider ? targetKeyId.apply((arn) => parseArn(arn)!.region) : undefined;
        const alias = this.keyBackend === "aws-native"
            ? native().createNativeAlias(`${this.keyName}-${aliasName}`, aliasName, targetKeyId, this.childOptions())
            : new aws.kms.Alias(`${this.keyName}-${aliasName}`, { name: aliasName, targetKeyId, region }, this.childOptions());
        this.aliasesByName.set(aliasName, alias);
        return alias;
    }

    /**
     * Allows `grantee` (an IAM role or user ARN in the key's account) exactly `actions` on this key, through an
     * inline identity policy. Returns the policy's name. A grantee given as an unresolved Output gets its policy
     * once known (so it is not shown in a preview).
     */
    grant(grantee: pulumi.Input<string>, ...actions: string[]): pulumi.Output<string> {
        checkActions(actions, "actions");
        if (typeof grantee === "string") return this.attachIdentityPolicy(grantee, actions);
        return pulumi.output(grantee).apply((g) => this.attachIdentityPolicy(g, actions));
    }

    grantAdmin(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.admin); }
    grantEncrypt(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.encrypt); }
    grantDecrypt(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.decrypt); }
    grantEncryptDecrypt(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.encryptDecrypt); }
    grantSign(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.sign); }
    grantVerify(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.verify); }
    grantSignVerify(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.signVerify); }
    grantGenerateMac(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.generateMac); }
    grantVerifyMac(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.verifyMac); }
    grantUse(grantee: pulumi.Input<string>) { return this.grant(grantee, ...GRANT_ACTIONS.use); }
    /** kms:CreateGrant, ListGrants, RevokeGrant, only for grants to AWS resources (Bool kms:GrantIsForAWSResource). */
    grantServiceGrants(grantee: pulumi.Input<string>) { return this.grantKind(grantee, "serviceGrants"); }

    /** A kind's actions with the condition the kind carries (GRANT_CONDITIONS). */
    private grantKind(grantee: pulumi.Input<string>, kind: string): pulumi.Output<string> {
        const actions = [...GRANT_ACTIONS[kind]];
        if (typeof grantee === "string") return this.attachIdentityPolicy(grantee, actions, kindCondition(kind));
        return pulumi.output(grantee).apply((g) => this.attachIdentityPolicy(g, actions, kindCondition(kind)));
    }

    private attachIdentityPolicy(grantee: string, actions: string[], condition?: KindCondition): pulumi.Output<string> {
        // The grantee's form is checked now; its account needs the key's, so that check comes with the policy.
        const identity = granteeIdentity(grantee, this.owned);
        const hash = createHash("sha256").update(JSON.stringify(condition ? [grantee, actions, condition] : [grantee, actions])).digest("hex").slice(0, 10);
        const resourceName = `${this.keyName}-grant-${hash}`;
        const existing = this.grantsByName.get(resourceName);
        if (existing) return existing; // the same grant twice is one policy, as CDK de-duplicates statements
        this.identityGrants.push({ grantee, actions, condition });
        const policy = pulumi.all([this.grantTarget(), this.keyArn]).apply(([target, keyArn]) =>
            JSON.stringify(planIdentityGrant({ ...target, keyArn, owned: this.owned }, grantee, actions, condition).document));
        this.checks.push(policy);
        const args = { policy };
        const opts = this.childOptions();
        const done = framelessPromiseTraces();
        let created: pulumi.Output<string>;
        try {
            created = this.keyBackend === "aws-native"
                ? native().createNativeIdentityPolicy(resourceName, identity.type === "role" ? "role" : "user", identity.name, policy, opts)
                : identity.type === "role"
                    ? new aws.iam.RolePolicy(resourceName, { ...args, role: identity.name }, opts).name
                    : new aws.iam.UserPolicy(resourceName, { ...args, user: identity.name }, opts).name;
        } finally {
            done();
        }
        // Through the policy, a refused grantee (e.g. in another account, known once the account is) fails the
        // Output this method returns, rather than only the policy resource's registration.
        const name = pulumi.all([policy, created]).apply(([, n]) => n);
        this.grantsByName.set(resourceName, name);
        return name;
    }
}
