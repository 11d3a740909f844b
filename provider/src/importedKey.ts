import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkComponentArgs } from "./componentInputs";
import { deploymentEnv } from "./env";
import { settle } from "./plain";
import { ALIAS_OF_ALIAS, KeyAlias, KeyBase } from "./keyBase";
import { KmsKeyError, parseKeyArn, resolveBackend, show } from "./policy";
import type * as AwsNative from "./backends/awsNative";
import { Backend, ImportedKeyArgs, ImportedKeyOutputs, importedKeyToken } from "./schemaTypes";

/** CDK's Key.DEFAULT_DUMMY_KEY_ID, returned by a lookup that found nothing with returnDummyKeyOnMissing. */
export const DEFAULT_DUMMY_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

export interface LookupOptions {
    aliasName: string;
    returnDummyKeyOnMissing?: boolean;
    /** Which provider looks the alias up and makes the grants' identity policies: aws (the default) or aws-native. */
    backend?: Backend;
}

const IMPORT_ALIAS = /^alias\/[a-zA-Z0-9:/_-]{1,250}$/;

/** An alias to import or look up: `alias/` is prepended when missing; AWS managed aliases (alias/aws/...) are fine here. */
function importAliasName(value: unknown, property: string): string {
    if (typeof value !== "string") throw new KmsKeyError(property, `${property}: an alias name must be a string, got ${show(value)}`);
    const name = value.startsWith("alias/") ? value : `alias/${value}`;
    if (!IMPORT_ALIAS.test(name)) {
        throw new KmsKeyError(property, `${property}: ${JSON.stringify(value)} is not an alias name; expected alias/<name> with a-zA-Z0-9:/_- and at most 256 characters in all`);
    }
    return name;
}

const MISSING = /not ?found|couldn't find|does not exist|no such/i;

/** Which of the three ways to import a key the inputs ask for, checked. */
function importSource(input: unknown) {
    return checkComponentArgs(importedKeyToken, input, "ImportedKey", checkImportArgs);
}

function checkImportArgs(args: ImportedKeyArgs) {
    const { keyArn, aliasName, lookupAliasName, returnDummyKeyOnMissing }: ImportedKeyArgs = args;
    const backend = resolveBackend(args.backend);
    const given = Object.entries({ keyArn, aliasName, lookupAliasName }).filter(([, v]) => v !== undefined);
    if (given.length !== 1) {
        throw new KmsKeyError(given[1]?.[0] ?? "keyArn",
            `give exactly one of keyArn, aliasName and lookupAliasName to import a key; got ${given.length ? given.map(([k]) => k).join(" and ") : "none"}`);
    }
    if (returnDummyKeyOnMissing !== undefined && typeof returnDummyKeyOnMissing !== "boolean") {
        throw new KmsKeyError("returnDummyKeyOnMissing", `returnDummyKeyOnMissing: expected true or false, got ${show(returnDummyKeyOnMissing)}`);
    }
    if (returnDummyKeyOnMissing !== undefined && lookupAliasName === undefined) {
        throw new KmsKeyError("returnDummyKeyOnMissing", "returnDummyKeyOnMissing only applies with lookupAliasName");
    }
    if (keyArn !== undefined) {
        if (typeof keyArn === "string" && /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(keyArn)) {
            throw new KmsKeyError("keyArn", `keyArn: ${keyArn} is an alias ARN, not a key ARN; import a key by its alias with fromAliasName (aliasName: "${keyArn.replace(/^.*?:alias\//, "alias/")}") or look it up with fromLookup (lookupAliasName)`);
        }
        return { by: "keyArn" as const, backend, keyArn, keyId: parseKeyArn(keyArn, "keyArn").keyId };
    }
    if (aliasName !== undefined) return { by: "aliasName" as const, backend, aliasName: importAliasName(aliasName, "aliasName") };
    return { by: "lookup" as const, backend, aliasName: importAliasName(lookupAliasName!, "lookupAliasName"), returnDummyKeyOnMissing: returnDummyKeyOnMissing ?? false };
}

/**
 * A key this stack does not own (CDK's Key.fromKeyArn, Alias.fromAliasName, Key.fromLookup). Nothing is
 * created for the key; grant methods attach identity policies and never change the key's policy.
 */
export class ImportedKey extends KeyBase implements ImportedKeyOutputs {
    public readonly keyId!: pulumi.Output<string>;
    public readonly keyArn!: pulumi.Output<string>;
    public readonly aliasName!: pulumi.Output<string>;
    public readonly isLookupDummy!: pulumi.Output<boolean>;
    protected readonly owned = false;

    constructor(name: string, args: ImportedKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Rebuilt from a URN: read the outputs back. Otherwise check the inputs before registering anything.
        const source = opts?.urn === undefined ? importSource(args) : undefined;
        super(importedKeyToken, name, source ? {} : { keyId: undefined, keyArn: undefined, aliasName: undefined, isLookupDummy: undefined }, opts ?? {});
        if (!source) return;
        this.keyBackend = source.backend;
        let outputs: { keyId: pulumi.Input<string>; keyArn: pulumi.Input<string>; aliasName?: pulumi.Input<string>; isLookupDummy: pulumi.Input<boolean> };
        if (source.by === "keyArn") {
            outputs = { keyId: source.keyId, keyArn: source.keyArn, isLookupDummy: false };
        } else if (source.by === "aliasName") {
            this.importedBy = "aliasName";
            const alias = source.aliasName;
            // As CDK: the alias ARN stands for the key, and the key id is the alias name.
            const arn = deploymentEnv(this, this.keyBackend).apply((env) => `arn:${env.partition}:kms:${env.region}:${env.accountId}:${alias}`);
            outputs = { keyId: alias, keyArn: arn, aliasName: alias, isLookupDummy: false };
        } else {
            const found = pulumi.output(this.lookup(source.aliasName, source.returnDummyKeyOnMissing));
            this.checks.push(found);
            outputs = { keyId: found.keyId, keyArn: found.keyArn, aliasName: source.aliasName, isLookupDummy: found.isLookupDummy };
        }
        Object.assign(this, {
            keyId: pulumi.output(outputs.keyId), keyArn: pulumi.output(outputs.keyArn),
            aliasName: pulumi.output(outputs.aliasName), isLookupDummy: pulumi.output(outputs.isLookupDummy),
        });
        this.registerOutputs({ keyId: this.keyId, keyArn: this.keyArn, aliasName: this.aliasName, isLookupDummy: this.isLookupDummy });
    }

    private async lookup(aliasName: string, returnDummy: boolean) {
        try {
            if (this.keyBackend === "aws-native") return await this.lookUpNative(aliasName);
            const alias = await aws.kms.getAlias({ name: aliasName }, { parent: this });
            return { keyId: alias.targetKeyId, keyArn: alias.targetKeyArn, isLookupDummy: false };
        } catch (e) {
            if (!MISSING.test(String((e as Error)?.message ?? e))) throw e;
            if (!returnDummy) {
                throw new KmsKeyError("lookupAliasName",
                    `lookupAliasName: no KMS alias named ${aliasName} exists in this account and region (${(e as Error).message}); ` +
                    `create it first, or set returnDummyKeyOnMissing to get CDK's dummy key ${DEFAULT_DUMMY_KEY_ID} instead`);
            }
            const env = (await settle(deploymentEnv(this, this.keyBackend)))!;
            return { keyId: DEFAULT_DUMMY_KEY_ID, keyArn: `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/${DEFAULT_DUMMY_KEY_ID}`, isLookupDummy: true };
        }
    }

    /**
     * aws-native:kms:getAlias gives the target's key id alone (no ARN): the ARN is built from the account and
     * Region of the same provider. An alias it does not find is an error as with aws.
     */
    private async lookUpNative(aliasName: string) {
        const { nativeAliasTarget } = require("./backends/awsNative") as typeof AwsNative;
        const keyId = await nativeAliasTarget(aliasName, { parent: this });
        if (!keyId) throw new Error(`alias ${aliasName} not found`);
        const env = (await settle(deploymentEnv(this, this.keyBackend)))!;
        return { keyId, keyArn: `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/${keyId}`, isLookupDummy: false };
    }

    protected grantTarget() {
        return this.grantTargetFromArn(this.aliasName);
    }

    addAlias(name: string): KeyAlias {
        if (this.importedBy === "aliasName") throw new KmsKeyError("name", ALIAS_OF_ALIAS);
        return super.addAlias(name);
    }

    private importedBy?: "aliasName";
}
