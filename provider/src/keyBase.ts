import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import {
    GRANT_ACTIONS, GrantTarget, checkActions, fail, granteeIdentity, normalizeAliasName, parseArn, planIdentityGrant,
} from "./policy";
import { awsProviderOf, claimAliases } from "./componentInputs";
import { settle } from "./plain";

export const ALIAS_OF_ALIAS = "Cannot call addAlias on a key imported by alias name (aliasName); import it by keyArn or lookupAliasName to add aliases";

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
    private readonly aliasesByName = new Map<string, aws.kms.Alias>();

    /** Rebuilt from its URN for a method call: the Call carries no providers, so the key's ARN says where it is. */
    protected readonly rebuilt: boolean;

    protected constructor(type: string, protected readonly keyName: string, props: pulumi.Inputs, opts?: pulumi.ComponentResourceOptions) {
        super(type, keyName, props, opts);
        this.rebuilt = opts?.urn !== undefined;
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
    addAlias(name: string): aws.kms.Alias {
        const aliasName = normalizeAliasName(name, "name");
        const existing = this.aliasesByName.get(aliasName);
        if (existing) return existing;
        claimAliases([aliasName], this.keyName, awsProviderOf({ parent: this }), ["name"]);
        return this.createAlias(aliasName);
    }

    protected createAlias(aliasName: string): aws.kms.Alias {
        // Named by alias (not position) so reordering aliases never replaces one; targets the ARN, as CDK does.
        let targetKeyId = this.keyArn;
        if (!this.owned || this.rebuilt) {
            // A key imported by alias name has an alias ARN, which cannot be an alias target (known late when rebuilt).
            targetKeyId = this.keyArn.apply((arn) => arn.includes(":alias/") ? fail("name", ALIAS_OF_ALIAS) : arn);
            this.checks.push(targetKeyId);
        }
        // A rebuilt component's children get the default provider: keep the alias in the key's region.
        const region = this.rebuilt ? targetKeyId.apply((arn) => parseArn(arn)!.region) : undefined;
        const alias = new aws.kms.Alias(`${this.keyName}-${aliasName}`, { name: aliasName, targetKeyId, region }, { parent: this });
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

    private attachIdentityPolicy(grantee: string, actions: string[]): pulumi.Output<string> {
        // The grantee's form is checked now; its account needs the key's, so that check comes with the policy.
        const identity = granteeIdentity(grantee, this.owned);
        const hash = createHash("sha256").update(JSON.stringify([grantee, actions])).digest("hex").slice(0, 10);
        const resourceName = `${this.keyName}-grant-${hash}`;
        const existing = this.grantsByName.get(resourceName);
        if (existing) return existing; // the same grant twice is one policy, as CDK de-duplicates statements
        const policy = pulumi.all([this.grantTarget(), this.keyArn]).apply(([target, keyArn]) =>
            JSON.stringify(planIdentityGrant({ ...target, keyArn, owned: this.owned }, grantee, actions).document));
        this.checks.push(policy);
        const args = { policy };
        const opts = { parent: this };
        const created = identity.type === "role"
            ? new aws.iam.RolePolicy(resourceName, { ...args, role: identity.name }, opts).name
            : new aws.iam.UserPolicy(resourceName, { ...args, user: identity.name }, opts).name;
        // Through the policy, a refused grantee (e.g. in another account, known once the account is) fails the
        // Output this method returns, rather than only the policy resource's registration.
        const name = pulumi.all([policy, created]).apply(([, n]) => n);
        this.grantsByName.set(resourceName, name);
        return name;
    }
}
