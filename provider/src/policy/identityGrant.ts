import { IamIdentity, iamIdentityOf, parseArn } from "./arns";
import { KmsKeyError, show } from "./errors";
import { KindCondition } from "./actions";
import { ConditionBlock, POLICY_VERSION, PolicyDocument, Statement } from "./document";

/** What a grant method needs to know about the key. */
export interface GrantTarget {
    /** The key ARN, or for a key imported by alias name, the alias ARN. */
    keyArn: string;
    /** The key's account and partition. */
    account: string;
    partition: string;
    /** Whether this stack owns the key (and so could have put a statement in its key policy). */
    owned: boolean;
    /** Set for a key imported by alias name: grants are scoped with kms:ResourceAliases, as current CDK does. */
    aliasName?: string;
}

function whereToGrant(owned: boolean): string {
    return owned
        ? "put it in the key's grants input ({grantee, kind} or {grantee, actions}), which writes the key policy when the key is created"
        : "this stack does not own the key, so it cannot change the key's policy: add a statement for the grantee to the policy where the key is defined";
}

/** The role or user a grant method attaches its policy to; anything else needs the key policy instead. */
export function granteeIdentity(grantee: unknown, owned: boolean): IamIdentity {
    const identity = typeof grantee === "string" ? iamIdentityOf(grantee) : undefined;
    if (!identity) {
        throw new KmsKeyError("grantee",
            `grantee: ${show(grantee)} is not an IAM role or user ARN (e.g. arn:aws:iam::111122223333:role/Name). ` +
            `The grant methods attach an identity policy to a role or user in the key's account; for a service, an account or another principal, ${whereToGrant(owned)}.`);
    }
    return identity;
}

/**
 * Plans a grant to a role or user in the key's account: an inline identity policy allowing exactly the
 * actions on this key, with the key policy untouched (CDK's behaviour for a role in the same account).
 * A grantee in another account would also need the key policy, which a method call cannot change.
 */
export function planIdentityGrant(
    target: GrantTarget, grantee: unknown, actions: readonly string[], condition?: KindCondition,
): { identity: IamIdentity; document: PolicyDocument } {
    const identity = granteeIdentity(grantee, target.owned);
    if (identity.account !== target.account || identity.partition !== target.partition) {
        throw new KmsKeyError("grantee",
            `grantee: ${grantee} is in account ${identity.account} (partition ${identity.partition}), not the key's account ${target.account} (partition ${target.partition}); ` +
            `a principal in another account also needs a key-policy statement, which must exist when the key is created: ${whereToGrant(target.owned)}.`);
    }
    const Action = actions.length === 1 ? actions[0] : [...actions];
    // A kind's condition (serviceGrants: Bool kms:GrantIsForAWSResource) holds in an identity policy as in the key policy.
    const Condition: ConditionBlock = JSON.parse(JSON.stringify(condition ?? {}));
    let Resource = target.keyArn;
    if (target.aliasName) {
        const arn = parseArn(target.keyArn);
        Condition["ForAnyValue:StringEquals"] = { "kms:ResourceAliases": target.aliasName };
        Resource = `arn:${target.partition}:kms:${arn?.region ?? "*"}:${target.account}:key/*`;
    }
    const statement: Statement = Object.keys(Condition).length
        ? { Action, Condition, Effect: "Allow", Resource }
        : { Action, Effect: "Allow", Resource };
    return { identity, document: { Version: POLICY_VERSION, Statement: [statement] } };
}
