// Generated from schema.json by scripts/gen-types.js: do not edit by hand.
// Run `make schema-types` after changing schema.json; a test fails when this file is stale.
import * as pulumi from "@pulumi/pulumi";

export const packageName = "kmskey";
export const packageVersion = "0.1.0";

/**
 * Who can do what with the key: one principal's capabilities, evaluated from the final key policy (wildcards, NotAction and Deny as IAM evaluates them), the identity policies the grant methods attached, and the KMS grants of `kmsGrants` (a grant's operations give their capabilities, e.g. Decrypt gives decrypt).
 */
export interface AccessEntry {
    /**
     * What the principal may do: admin (every key-management action), encrypt, decrypt (kms:ReEncryptFrom counts), sign, verify, generateMac, verifyMac, createGrant, changePolicy, scheduleDeletion.
     */
    capabilities: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The Condition blocks of the statements that grant these capabilities: each limits what its statement gives. For a KMS grant, its constraint as KMS names it (`{EncryptionContextEquals: {...}}` or `{EncryptionContextSubset: {...}}`).
     */
    conditions: pulumi.Input<pulumi.Input<any>[]>;
    /**
     * A principal of another account: its own account's IAM policies must also allow what is listed.
     */
    crossAccount: pulumi.Input<boolean>;
    /**
     * The account root: the key policy lets the account's IAM policies grant these; by itself it allows nobody.
     */
    delegatedToIam: pulumi.Input<boolean>;
    /**
     * The Conditions of Deny statements that may take some of these capabilities away.
     */
    limitedByDeny: pulumi.Input<pulumi.Input<any>[]>;
    /**
     * The principal as the policy names it: an ARN, a service principal, a federated provider, or `*`.
     */
    principal: pulumi.Input<string>;
    /**
     * `keyPolicy`, `identityPolicy` (a grant method's inline policy) or `kmsGrant` (one of `kmsGrants`).
     */
    source: pulumi.Input<string>;
    /**
     * The principal type: AWS, Service, Federated, CanonicalUser, or `*` for everyone.
     */
    type: pulumi.Input<string>;
}

/**
 * Which Pulumi AWS provider the component's resources belong to. Defaults to `aws`. It decides the resource types, so changing it replaces the key (which is retained unless `removalPolicy` is `destroy`).
 */
export const Backend = {
    /**
     * `@pulumi/aws` 7.48.0 (the Terraform-based provider): `aws.kms.Key`, `aws.kms.Alias`, `aws.kms.ReplicaKey`, `aws.iam.RolePolicy` (the default).
     */
    Aws: "aws",
    /**
     * `@pulumi/aws-native` 1.79.0 (AWS Cloud Control): `aws-native:kms:Key` (the key policy as an object, tags as key/value pairs), `aws-native:kms:Alias`, `aws-native:kms:ReplicaKey` on a provider of the replica's Region, `aws-native:iam:RolePolicy`. No KMS grants (`kmsGrants`), imported key material (`keyMaterialBase64`, `validTo`) or custom key stores (`AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`), which are refused naming `backend`.
     */
    AwsNative: "aws-native",
} as const;
/**
 * Which Pulumi AWS provider the component's resources belong to. Defaults to `aws`. It decides the resource types, so changing it replaces the key (which is retained unless `removalPolicy` is `destroy`).
 */
export type Backend = (typeof Backend)[keyof typeof Backend];
export const backendValues: readonly Backend[] = Object.values(Backend);

/**
 * Route 53 DNSSEC signing with this key: terraform-aws-kms's two key-policy statements for the service principal `dnssec-route53.<dns suffix>` (`kms:DescribeKey`, `kms:GetPublicKey`, `kms:Sign`; and `kms:CreateGrant` with `Bool kms:GrantIsForAWSResource = "true"`), both limited with `StringEquals aws:SourceAccount` and `ArnLike aws:SourceArn` against the confused deputy. Route 53 requires the key to be `ECC_NIST_P256` with `SIGN_VERIFY`, in us-east-1; any other key is refused. `{}` takes both defaults.
 */
export interface Dnssec {
    /**
     * The hosted zones Route 53 may sign for with this key (`aws:SourceArn`), e.g. `arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ` (the zone id may use `*` and `?`); in the key's partition, distinct, at least one. Default: every hosted zone, `arn:<partition>:route53:::hostedzone/*`.
     */
    hostedZoneArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The 12-digit accounts whose hosted zones Route 53 may sign for with this key (`aws:SourceAccount`); distinct, at least one. Default: the key's account.
     */
    sourceAccounts?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A named set of KMS actions, as in CDK's grant methods and terraform-aws-kms's role lists.
 */
export const GrantKind = {
    /**
     * kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey* (CDK grantEncrypt).
     */
    Encrypt: "encrypt",
    /**
     * kms:Decrypt (CDK grantDecrypt).
     */
    Decrypt: "decrypt",
    /**
     * kms:Decrypt, kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey* (CDK grantEncryptDecrypt).
     */
    EncryptDecrypt: "encryptDecrypt",
    /**
     * kms:Sign (CDK grantSign).
     */
    Sign: "sign",
    /**
     * kms:Verify (CDK grantVerify).
     */
    Verify: "verify",
    /**
     * kms:Sign, kms:Verify (CDK grantSignVerify).
     */
    SignVerify: "signVerify",
    /**
     * kms:GenerateMac (CDK grantGenerateMac).
     */
    GenerateMac: "generateMac",
    /**
     * kms:VerifyMac (CDK grantVerifyMac).
     */
    VerifyMac: "verifyMac",
    /**
     * The 14 key-administration actions of CDK's grantAdmin: kms:Create*, kms:Describe*, kms:Enable*, kms:List*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:TagResource, kms:UntagResource, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion. No data-plane (cryptographic) actions.
     */
    Admin: "admin",
    /**
     * kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey (terraform-aws-kms's key users).
     */
    Use: "use",
    /**
     * kms:CreateGrant, kms:ListGrants, kms:RevokeGrant with the condition `Bool kms:GrantIsForAWSResource = "true"` (terraform-aws-kms's key service users): the grantee may create grants only for AWS services acting on its resources (EBS volumes, RDS instances, ...), in the key policy and in identity policies alike.
     */
    ServiceGrants: "serviceGrants",
} as const;
/**
 * A named set of KMS actions, as in CDK's grant methods and terraform-aws-kms's role lists.
 */
export type GrantKind = (typeof GrantKind)[keyof typeof GrantKind];
export const grantKindValues: readonly GrantKind[] = Object.values(GrantKind);

/**
 * Permissions for one principal, written into the key policy as one statement (`Resource: "*"`), as CDK does for a principal given by ARN. Give exactly one of `kind` and `actions`; `conditions` and `viaService` restrict the statement. Unknown fields are refused.
 */
export interface KeyGrant {
    /**
     * Explicit KMS actions to allow, e.g. `["kms:DescribeKey"]`: each must be a real KMS action (case-insensitive; a wildcard must match at least one action, e.g. `kms:Get*`), or `*`.
     */
    actions?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * An IAM `Condition` block for the statement: operator -> {condition key: value or list of values}, e.g. `{"StringEquals": {"aws:SourceAccount": "111122223333"}}`. Checked like any statement's (known operators, with `IfExists` and `ForAnyValue:`/`ForAllValues:`). A grant to `*` needs a condition that restricts who can use it.
     */
    conditions?: pulumi.Input<{ [key: string]: pulumi.Input<{ [key: string]: pulumi.Input<any> }> }>;
    /**
     * Who gets the permissions. A principal string: an IAM role or user ARN, an assumed-role session ARN, an account root ARN, a 12-digit AWS account id (meaning that account's root), an IAM identity provider ARN (saml-provider/oidc-provider, as a federated principal), a service principal of the key's partition (ending in `.amazonaws.com`, or `.amazonaws.com.cn` in China), or `*` (only with `conditions` or `viaService` that restrict it). IAM groups, instance profiles, other resources and wildcards inside ARNs are refused, as KMS refuses them.
     */
    grantee: pulumi.Input<string>;
    /**
     * The named set of actions to allow.
     */
    kind?: pulumi.Input<GrantKind>;
    /**
     * Only through this AWS service, the pattern of AWS managed keys: adds `kms:ViaService = <service>.<key region>.amazonaws.com` (or the full name, as given, e.g. `s3.us-east-1.amazonaws.com`) and `kms:CallerAccount = <key account>` to the statement's conditions.
     */
    viaService?: pulumi.Input<string>;
}

/**
 * The type of key material (KMS `KeySpec`). Defaults to `SYMMETRIC_DEFAULT`. It cannot be changed after the key is created.
 */
export const KeySpec = {
    /**
     * 256-bit AES-GCM symmetric key for encryption and decryption (the default). Only this spec supports automatic rotation.
     */
    SymmetricDefault: "SYMMETRIC_DEFAULT",
    /**
     * 2048-bit RSA key pair, for ENCRYPT_DECRYPT or SIGN_VERIFY.
     */
    Rsa2048: "RSA_2048",
    /**
     * 3072-bit RSA key pair, for ENCRYPT_DECRYPT or SIGN_VERIFY.
     */
    Rsa3072: "RSA_3072",
    /**
     * 4096-bit RSA key pair, for ENCRYPT_DECRYPT or SIGN_VERIFY.
     */
    Rsa4096: "RSA_4096",
    /**
     * NIST P-256 (secp256r1) elliptic-curve key pair, for SIGN_VERIFY or KEY_AGREEMENT.
     */
    EccNistP256: "ECC_NIST_P256",
    /**
     * NIST P-384 (secp384r1) elliptic-curve key pair, for SIGN_VERIFY or KEY_AGREEMENT.
     */
    EccNistP384: "ECC_NIST_P384",
    /**
     * NIST P-521 (secp521r1) elliptic-curve key pair, for SIGN_VERIFY or KEY_AGREEMENT.
     */
    EccNistP521: "ECC_NIST_P521",
    /**
     * SECG secp256k1 elliptic-curve key pair (used for cryptocurrencies), for SIGN_VERIFY only.
     */
    EccSecgP256k1: "ECC_SECG_P256K1",
    /**
     * Ed25519 (EdDSA) key pair, for SIGN_VERIFY only.
     */
    EccNistEdwards25519: "ECC_NIST_EDWARDS25519",
    /**
     * 224-bit HMAC key, for GENERATE_VERIFY_MAC only.
     */
    Hmac224: "HMAC_224",
    /**
     * 256-bit HMAC key, for GENERATE_VERIFY_MAC only.
     */
    Hmac256: "HMAC_256",
    /**
     * 384-bit HMAC key, for GENERATE_VERIFY_MAC only.
     */
    Hmac384: "HMAC_384",
    /**
     * 512-bit HMAC key, for GENERATE_VERIFY_MAC only.
     */
    Hmac512: "HMAC_512",
    /**
     * SM2 elliptic-curve key pair (China Regions only), for ENCRYPT_DECRYPT, SIGN_VERIFY or KEY_AGREEMENT.
     */
    Sm2: "SM2",
    /**
     * ML-DSA-44 post-quantum signing key pair, for SIGN_VERIFY only.
     */
    MlDsa44: "ML_DSA_44",
    /**
     * ML-DSA-65 post-quantum signing key pair, for SIGN_VERIFY only.
     */
    MlDsa65: "ML_DSA_65",
    /**
     * ML-DSA-87 post-quantum signing key pair, for SIGN_VERIFY only.
     */
    MlDsa87: "ML_DSA_87",
} as const;
/**
 * The type of key material (KMS `KeySpec`). Defaults to `SYMMETRIC_DEFAULT`. It cannot be changed after the key is created.
 */
export type KeySpec = (typeof KeySpec)[keyof typeof KeySpec];
export const keySpecValues: readonly KeySpec[] = Object.values(KeySpec);

/**
 * The cryptographic operations the key is for (KMS `KeyUsage`). Defaults to `ENCRYPT_DECRYPT`. It cannot be changed after the key is created.
 */
export const KeyUsage = {
    /**
     * Encrypt and decrypt data (the default). Valid with SYMMETRIC_DEFAULT, RSA_* and SM2.
     */
    EncryptDecrypt: "ENCRYPT_DECRYPT",
    /**
     * Sign messages and verify signatures. Valid with RSA_*, ECC_*, SM2 and ML_DSA_*.
     */
    SignVerify: "SIGN_VERIFY",
    /**
     * Generate and verify HMAC tags. Valid with HMAC_* only.
     */
    GenerateVerifyMac: "GENERATE_VERIFY_MAC",
    /**
     * Derive shared secrets (ECDH). Valid with ECC_NIST_P256/P384/P521 and SM2.
     */
    KeyAgreement: "KEY_AGREEMENT",
} as const;
/**
 * The cryptographic operations the key is for (KMS `KeyUsage`). Defaults to `ENCRYPT_DECRYPT`. It cannot be changed after the key is created.
 */
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];
export const keyUsageValues: readonly KeyUsage[] = Object.values(KeyUsage);

/**
 * A KMS grant on the key (one `aws.kms.Grant`): lets `grantee` call `operations` on the key, within `constraints`, without a key-policy statement. KMS grants allow, never deny, and are checked along with the key policy and IAM policies.
 */
export interface KmsGrant {
    /**
     * Allow the operations only with this encryption context (exactly one of `encryptionContextEquals` and `encryptionContextSubset`); symmetric encryption keys only.
     */
    constraints?: pulumi.Input<KmsGrantConstraints>;
    /**
     * Grant tokens for creating the grant (at most 10, each of 1 to 8192 characters), for a grant made right after another.
     */
    grantCreationTokens?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The principal that gets the operations: an IAM role or user ARN, an assumed-role or federated-user session ARN, an account root ARN, a 12-digit account id (its root ARN is passed to KMS) or a service principal of the key's partition. Never `*`: a KMS grant names one specific principal.
     */
    grantee: pulumi.Input<string>;
    /**
     * A friendly name for the grant: 1 to 256 of `a-zA-Z0-9:/_-`, distinct within `kmsGrants`.
     */
    name?: pulumi.Input<string>;
    /**
     * The grant operations, at least one, each once: Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, ReEncryptTo, Sign, Verify, GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, VerifyMac, DeriveSharedSecret. Each must be supported by the key (e.g. `Sign` needs a `SIGN_VERIFY` key, `GenerateDataKey` a symmetric encryption key; `DescribeKey`, `CreateGrant` and `RetireGrant` fit every key). An unknown one is refused with the nearest operation.
     */
    operations: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Retire the grant instead of revoking it when it is deleted (the aws provider's default is to revoke).
     */
    retireOnDelete?: pulumi.Input<boolean>;
    /**
     * The principal that may retire the grant, written like `grantee`.
     */
    retiringPrincipal?: pulumi.Input<string>;
}

/**
 * An encryption-context constraint on a KMS grant (CreateGrant's GrantConstraints): exactly one of `encryptionContextEquals` and `encryptionContextSubset`. Only for symmetric encryption keys (asymmetric and HMAC keys take no encryption context); it does not apply to `DescribeKey` and `RetireGrant`.
 */
export interface KmsGrantConstraints {
    /**
     * The grant allows an operation only when its request's encryption context is exactly these pairs (1 to 8; values of at most 384 characters; keys are matched case-insensitively, values case-sensitively).
     */
    encryptionContextEquals?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * The grant allows an operation only when its request's encryption context includes these pairs (1 to 8; values of at most 384 characters; keys are matched case-insensitively, values case-sensitively).
     */
    encryptionContextSubset?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * Where the key material comes from (KMS `Origin`). Defaults to `AWS_KMS`. It cannot be changed after the key is created.
 */
export const Origin = {
    /**
     * KMS generates the key material (the default): an `aws.kms.Key`.
     */
    AwsKms: "AWS_KMS",
    /**
     * You import the key material (`keyMaterialBase64`, expiring at `validTo` if given): an `aws.kms.ExternalKey` (replicas: `aws.kms.ReplicaExternalKey`). No automatic rotation; admins also get `kms:ImportKeyMaterial`.
     */
    External: "EXTERNAL",
    /**
     * KMS generates the key material in the AWS CloudHSM key store `customKeyStoreId`. A symmetric encryption key in one Region, without automatic rotation.
     */
    AwsCloudhsm: "AWS_CLOUDHSM",
    /**
     * The key material is the key `xksKeyId` in the external key store `customKeyStoreId`, outside AWS. A symmetric encryption key in one Region, without automatic rotation.
     */
    ExternalKeyStore: "EXTERNAL_KEY_STORE",
} as const;
/**
 * Where the key material comes from (KMS `Origin`). Defaults to `AWS_KMS`. It cannot be changed after the key is created.
 */
export type Origin = (typeof Origin)[keyof typeof Origin];
export const originValues: readonly Origin[] = Object.values(Origin);

/**
 * What happens to the KMS key when it leaves the stack (destroy, or replacement).
 */
export const RemovalPolicy = {
    /**
     * Keep the key in the account when it leaves the stack (the default, as in CDK). Nothing ever schedules its deletion.
     */
    Retain: "retain",
    /**
     * Schedule the key's deletion, after the pending window (`pendingWindowInDays`), when it leaves the stack.
     */
    Destroy: "destroy",
} as const;
/**
 * What happens to the KMS key when it leaves the stack (destroy, or replacement).
 */
export type RemovalPolicy = (typeof RemovalPolicy)[keyof typeof RemovalPolicy];
export const removalPolicyValues: readonly RemovalPolicy[] = Object.values(RemovalPolicy);

export const importedKeyToken = "kmskey:index:ImportedKey";

/**
 * The arguments of ImportedKey. An existing KMS key that this stack does not own, like CDK's `Key.fromKeyArn`, `Alias.fromAliasName` and `Key.fromLookup`: give exactly one of `keyArn`, `aliasName` and `lookupAliasName`. Nothing is created for the key itself; the grant methods attach identity policies to roles and users, and nothing ever changes the key's own policy.
 */
export interface ImportedKeyArgs {
    /**
     * Import by alias name (`alias/...`), like CDK's `Alias.fromAliasName`. Nothing is looked up; grants are scoped to keys carrying this alias with the `kms:ResourceAliases` condition, as current CDK does.
     */
    aliasName?: string;
    /**
     * Which Pulumi AWS provider the grant methods' identity policies, `addAlias`'s aliases and the lookups use: `aws` (the default) or `aws-native` (`aws-native:iam:RolePolicy`, `aws-native:kms:Alias`, `aws-native:kms:getAlias`).
     */
    backend?: Backend;
    /**
     * Import by key ARN (`arn:<partition>:kms:<region>:<account>:key/<keyId>`), like CDK's `Key.fromKeyArn`.
     */
    keyArn?: string;
    /**
     * Look the key up by alias name at deploy and preview time, like CDK's `Key.fromLookup`. A missing alias is an error naming it, unless `returnDummyKeyOnMissing`.
     */
    lookupAliasName?: string;
    /**
     * With `lookupAliasName`: when the alias does not exist, return CDK's dummy key id `1234abcd-12ab-34cd-56ef-1234567890ab` and set `isLookupDummy` instead of failing. Defaults to `false`.
     */
    returnDummyKeyOnMissing?: boolean;
}

/**
 * The outputs of ImportedKey, as returned by the provider's construct.
 */
export interface ImportedKeyOutputs {
    /**
     * The alias name the key was imported or looked up by, if any.
     */
    readonly aliasName?: pulumi.Output<string>;
    /**
     * Whether a lookup found no alias and returned CDK's dummy key (`returnDummyKeyOnMissing`).
     */
    readonly isLookupDummy?: pulumi.Output<boolean>;
    /**
     * The key ARN, or for a key imported by alias name, the alias ARN (as in CDK).
     */
    readonly keyArn?: pulumi.Output<string>;
    /**
     * The key id, or for a key imported by alias name, the alias name (as in CDK).
     */
    readonly keyId?: pulumi.Output<string>;
}

/** The names of ImportedKey's inputs, in schema order. */
export const importedKeyInputNames = ["aliasName","backend","keyArn","lookupAliasName","returnDummyKeyOnMissing"] as const;
/** The names of ImportedKey's outputs, in schema order. */
export const importedKeyOutputNames = ["aliasName","isLookupDummy","keyArn","keyId"] as const;

/** The arguments of each ImportedKey method (`__self__` aside), by method name. */
export interface ImportedKeyMethodArgs {
    /**
     * Add an alias to this key (`alias/` is prepended when missing), validated like `alias`. Not possible on a key imported by alias name.
     */
    addAlias: {
        /**
         * The alias name.
         */
        name: pulumi.Input<string>;
    };
    /**
     * Allow the grantee the given KMS actions on this key, through an inline identity policy on that role or user (CDK's behaviour for a role in the key's account; the key policy is untouched). A grantee in another account needs a key-policy statement that must exist when the key is created: put it in `grants`.
     */
    grant: {
        /**
         * The KMS actions, e.g. `["kms:DescribeKey"]`.
         */
        actions: pulumi.Input<pulumi.Input<string>[]>;
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant The 14 key-administration actions of CDK's grantAdmin: kms:Create*, kms:Describe*, kms:Enable*, kms:List*, kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:TagResource, kms:UntagResource, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion. No data-plane (cryptographic) actions on this key to the grantee, as `grant` does.
     */
    grantAdmin: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Decrypt (CDK grantDecrypt) on this key to the grantee, as `grant` does.
     */
    grantDecrypt: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey* (CDK grantEncrypt) on this key to the grantee, as `grant` does.
     */
    grantEncrypt: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Decrypt, kms:Encrypt, kms:ReEncrypt*, kms:GenerateDataKey* (CDK grantEncryptDecrypt) on this key to the grantee, as `grant` does.
     */
    grantEncryptDecrypt: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:GenerateMac (CDK grantGenerateMac) on this key to the grantee, as `grant` does.
     */
    grantGenerateMac: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:CreateGrant, kms:ListGrants and kms:RevokeGrant on this key to the grantee, only for grants to AWS resources (`Bool kms:GrantIsForAWSResource = "true"`, terraform-aws-kms's key service users), as `grant` does.
     */
    grantServiceGrants: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Sign (CDK grantSign) on this key to the grantee, as `grant` does.
     */
    grantSign: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Sign, kms:Verify (CDK grantSignVerify) on this key to the grantee, as `grant` does.
     */
    grantSignVerify: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey* and kms:DescribeKey (terraform-aws-kms's key users) on this key to the grantee, as `grant` does.
     */
    grantUse: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:Verify (CDK grantVerify) on this key to the grantee, as `grant` does.
     */
    grantVerify: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
    /**
     * Grant kms:VerifyMac (CDK grantVerifyMac) on this key to the grantee, as `grant` does.
     */
    grantVerifyMac: {
        /**
         * An IAM role or user ARN in the key's account, e.g. `arn:aws:iam::111122223333:role/App`.
         */
        grantee: pulumi.Input<string>;
    };
}

/** The results of each ImportedKey method, by method name. */
export interface ImportedKeyMethodResults {
    addAlias: {
        /**
         * The full alias name (`alias/...`).
         */
        aliasName: pulumi.Input<string>;
    };
    grant: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantAdmin: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantDecrypt: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantEncrypt: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantEncryptDecrypt: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantGenerateMac: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantServiceGrants: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantSign: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantSignVerify: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantUse: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantVerify: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
    grantVerifyMac: {
        /**
         * The name of the inline IAM policy attached to the grantee.
         */
        policyName: pulumi.Input<string>;
    };
}

/** The function token of each ImportedKey method. */
export const importedKeyMethodTokens: { readonly [M in keyof ImportedKeyMethodArgs]: string } = {
    "addAlias": "kmskey:index:ImportedKey/addAlias",
    "grant": "kmskey:index:ImportedKey/grant",
    "grantAdmin": "kmskey:index:ImportedKey/grantAdmin",
    "grantDecrypt": "kmskey:index:ImportedKey/grantDecrypt",
    "grantEncrypt": "kmskey:index:ImportedKey/grantEncrypt",
    "grantEncryptDecrypt": "kmskey:index:ImportedKey/grantEncryptDecrypt",
    "grantGenerateMac": "kmskey:index:ImportedKey/grantGenerateMac",
    "grantServiceGrants": "kmskey:index:ImportedKey/grantServiceGrants",
    "grantSign": "kmskey:index:ImportedKey/grantSign",
    "grantSignVerify": "kmskey:index:ImportedKey/grantSignVerify",
    "grantUse": "kmskey:index:ImportedKey/grantUse",
    "grantVerify": "kmskey:index:ImportedKey/grantVerify",
    "grantVerifyMac": "kmskey:index:ImportedKey/grantVerifyMac"
};

export const kmsKeyToken = "kmskey:index:KmsKey";

/**
 * The arguments of KmsKey. An AWS KMS key (`aws.kms.Key`) and its aliases (`aws.kms.Alias`), with the semantics of AWS CDK's `aws-kms` `Key`: the default key policy, admins and grants with CDK's action lists, alias rules, key spec and usage checks, the 7-30 day waiting period and retain-by-default. Bad input is rejected before anything is deployed, and a policy that would lock the account out of its key, or that exceeds KMS's 32 KB limit, is refused.
 */
export interface KmsKeyArgs {
    /**
     * Principals that may administer the key: one statement with CDK's 14 admin actions, plus `kms:ReplicateKey` for a multi-Region key. They hold no cryptographic action, but `kms:Create*` includes `kms:CreateGrant` and `kms:Put*` includes `kms:PutKeyPolicy`, so an admin can gain use of the key. A principal string: an IAM role or user ARN, an assumed-role session ARN, an account root ARN, a 12-digit AWS account id (meaning that account's root) or a service principal of the key's partition. `*` is always refused.
     */
    admins?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * An alias for the key (CDK's `alias`). `alias/` is prepended when missing. Names may use `a-zA-Z0-9:/_-`, must have something after `alias/`, must not start with `alias/aws/` (in any case) and must be at most 256 characters in all.
     */
    alias?: string;
    /**
     * More aliases for the key, with the same rules as `alias`. One `aws.kms.Alias` is created for each distinct name; a name given twice is an error.
     */
    aliases?: string[];
    /**
     * Which Pulumi AWS provider creates the key: `aws` (the default, `@pulumi/aws`) or `aws-native` (`@pulumi/aws-native` 1.79.0, the engine installs its plugin). The same inputs, checks and key policy either way; with `aws-native` the features it lacks (`kmsGrants`, `keyMaterialBase64`, `validTo`, `customKeyStoreId`, `xksKeyId`, origins `AWS_CLOUDHSM` and `EXTERNAL_KEY_STORE`, `bypassPolicyLockoutSafetyCheck` with `replicaRegions`, `origin` `EXTERNAL` with `replicaRegions`, and a `pendingWindowInDays` other than 30, since Cloud Control deletes a key with KMS's default waiting period) are refused, naming `backend` and the input. Replicas get a `pulumi:providers:aws-native` of their Region, with the stack's `aws-native` config.
     */
    backend?: Backend;
    /**
     * Passed to KMS: skip its check that the policy lets the caller change the policy again. Defaults to `false`. Also turns off KmsKey's own lockout guard; use with great care.
     */
    bypassPolicyLockoutSafetyCheck?: boolean;
    /**
     * With `origin: AWS_CLOUDHSM` or `EXTERNAL_KEY_STORE` (and required there): the id of the custom key store (e.g. `cks-1234567890abcdef0`, 1 to 64 characters), e.g. an `aws.kms.CustomKeyStore`'s id. Refused with any other origin.
     */
    customKeyStoreId?: pulumi.Input<string>;
    /**
     * A description of the key, shown in the KMS console.
     */
    description?: pulumi.Input<string>;
    /**
     * Let Route 53 sign DNSSEC records with this key (a key-signing key): adds terraform-aws-kms's two statements for `dnssec-route53.<dns suffix>`, limited to `sourceAccounts` and `hostedZoneArns`. The key must be `keySpec: ECC_NIST_P256` with `keyUsage: SIGN_VERIFY`, created in us-east-1 (read from the AWS provider at preview); anything else is refused, saying why.
     */
    dnssec?: pulumi.Input<Dnssec>;
    /**
     * Rotate the key material automatically. Defaults to `true` for `SYMMETRIC_DEFAULT` keys (unlike CDK, which defaults to `false`: AWS Security Hub KMS.4 and cdk-nag KMS5 require rotation) and `false` otherwise; `true` is rejected on HMAC and asymmetric keys.
     */
    enableKeyRotation?: boolean;
    /**
     * Whether the key is enabled. Defaults to `true`. A disabled key cannot be used for cryptographic operations.
     */
    enabled?: pulumi.Input<boolean>;
    /**
     * Key-policy grants: for each, one statement allowing the grantee the named actions. Use these for principals in other accounts, services and accounts; for roles and users in the key's account the `grant*` methods attach identity policies instead.
     */
    grants?: pulumi.Input<pulumi.Input<KeyGrant>[]>;
    /**
     * With `origin: EXTERNAL`: the key material to import, base64-encoded (for `SYMMETRIC_DEFAULT`, 256 bits: 32 bytes). A secret: never shown in errors, kept secret in the state. Omitted, the key waits in `PendingImport` (then `enabled` must not be `true`). Refused with any other origin.
     */
    keyMaterialBase64?: pulumi.Input<string>;
    /**
     * The key spec. Defaults to `SYMMETRIC_DEFAULT`. Checked against `keyUsage` with CDK's rules.
     */
    keySpec?: KeySpec;
    /**
     * The key usage. Defaults to `ENCRYPT_DECRYPT`. Checked against `keySpec` with CDK's rules.
     */
    keyUsage?: KeyUsage;
    /**
     * KMS grants on the key: one `aws.kms.Grant` each, on the key's id, with its operations, constraints, retiring principal, name and grant tokens (the fields may be Outputs; the list and its grants are plain). Validated at preview: operations against KMS's grant operations and the key's usage, principals like any principal (never `*`), constraints, names, unknown fields. Their ids are `kmsGrantIds`, their tokens the secret `kmsGrantTokens`. Grants are not in the key policy, so neither `policy` nor `accessSummary` shows them.
     */
    kmsGrants?: pulumi.Input<KmsGrant>[];
    /**
     * Create a multi-Region primary key. Defaults to `false`, or `true` with `replicaRegions` (then `false` is refused). It cannot be changed after the key is created.
     */
    multiRegion?: boolean;
    /**
     * Where the key material comes from: `AWS_KMS` (the default), `EXTERNAL` (imported: `keyMaterialBase64`, `validTo`), `AWS_CLOUDHSM` (`customKeyStoreId`) or `EXTERNAL_KEY_STORE` (`customKeyStoreId` and `xksKeyId`). Keys of any origin but `AWS_KMS` have no automatic rotation (`enableKeyRotation` defaults to `false`; `true` and `rotationPeriodInDays` are refused); keys in a custom key store are also symmetric encryption keys (`SYMMETRIC_DEFAULT`, `ENCRYPT_DECRYPT`) in one Region (no `multiRegion`, no `replicaRegions`).
     */
    origin?: Origin;
    /**
     * The waiting period, in days, before a scheduled deletion completes: a whole number from 7 to 30. Defaults to 30. Only applies with `removalPolicy: destroy`.
     */
    pendingWindowInDays?: number;
    /**
     * A key policy document, as an object or a JSON string. With `trustAccountIdentities` (the default) it replaces the default policy; with `trustAccountIdentities: false` it is appended to the legacy statement. `admins`, `grants` and `policyStatements` are appended after it.
     */
    policy?: pulumi.Input<any>;
    /**
     * Extra key-policy statements appended to the policy (CDK's `addToResourcePolicy`), as IAM statement objects. Each must name a `Principal`, an `Action` and a `Resource` (in a key policy `"*"` means this key), as CDK v2 requires.
     */
    policyStatements?: pulumi.Input<pulumi.Input<any>[]>;
    /**
     * What happens to the key when it leaves the stack. Defaults to `retain` (as in CDK): the key resource gets `retainOnDelete`, so neither `pulumi destroy` nor a replacement schedules its deletion. With `destroy`, deletion is scheduled after `pendingWindowInDays`. Aliases are always deleted with the stack.
     */
    removalPolicy?: RemovalPolicy;
    /**
     * Regions to replicate the key to: one `aws.kms.ReplicaKey` per Region (Pulumi aws v7's per-resource `region`, no extra provider), with the same key policy (built for the replica's Region where a statement depends on it, e.g. `viaService`), description, tags, enabled state, bypass flag and waiting period, retained like the key unless `removalPolicy` is `destroy`. Every alias of the key is also created in each replica's Region. Implies `multiRegion: true` (`multiRegion: false` is refused), and admins then also get `kms:ReplicateKey`. Distinct AWS Region names in the key's partition, other than the primary's own Region (read from the AWS provider at preview).
     */
    replicaRegions?: string[];
    /**
     * Days between automatic rotations, a whole number from 90 to 2560. Implies `enableKeyRotation`; rejected with `enableKeyRotation: false` and on non-symmetric keys. AWS defaults to 365.
     */
    rotationPeriodInDays?: number;
    /**
     * Tags to put on the key.
     */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Defaults to `true`, the CDK v2 default key policy: one statement giving the account root `kms:*`, so IAM policies in the account can grant access; a given `policy` replaces it. `false` is the CDK v1 legacy mode: a 15-action root statement (admin actions plus `kms:GenerateDataKey`) with the given `policy` appended.
     */
    trustAccountIdentities?: boolean;
    /**
     * With `origin: EXTERNAL` and `keyMaterialBase64`: when the imported key material expires, an RFC 3339 date-time with a time zone (e.g. `2030-01-01T00:00:00Z`); then KMS deletes the key material and the key becomes unusable. Omitted, it does not expire. Refused with any other origin or without `keyMaterialBase64`.
     */
    validTo?: string;
    /**
     * With `origin: EXTERNAL_KEY_STORE` (and required there): the id of the key in the external key manager that is the key material (1 to 128 characters: letters, digits, `-`, `_`, `.`). Refused with any other origin.
     */
    xksKeyId?: pulumi.Input<string>;
}

/**
 * The outputs of KmsKey, as returned by the provider's construct.
 */
export interface KmsKeyOutputs {
    /**
     * Who can do what with this key, per principal (see AccessEntry), from the final key policy and the identity policies attached by grant methods called right after the constructor (TypeScript). Method calls from other languages cannot change it after the key is created.
     */
    readonly accessSummary?: pulumi.Output<AccessEntry[]>;
    /**
     * The full names (`alias/...`) of the key's aliases: `alias`, then `aliases`, in the order given. A method call cannot change a component's outputs, so an alias added with `addAlias` is not listed here: the method returns its name (`aliasName`). (The TypeScript library also lists those added with `addAlias` right after the constructor.)
     */
    readonly aliasNames?: pulumi.Output<string[]>;
    /**
     * The key ARN.
     */
    readonly keyArn?: pulumi.Output<string>;
    /**
     * The key id, e.g. `1234abcd-12ab-34cd-56ef-1234567890ab`.
     */
    readonly keyId?: pulumi.Output<string>;
    /**
     * The id of each of `kmsGrants`' grants, in the order given (`[]` without `kmsGrants`).
     */
    readonly kmsGrantIds?: pulumi.Output<string[]>;
    /**
     * The grant token of each of `kmsGrants`' grants, in the order given: a grantee can use a grant with its token before the grant is available throughout KMS. The provider returns the list as a secret (not flagged secret in the schema: pulumi-java's 1.0.0 SDK, which the generated Java SDK builds against, has no additionalSecretOutputs for components).
     */
    readonly kmsGrantTokens?: pulumi.Output<string[]>;
    /**
     * The final key policy, as JSON.
     */
    readonly policy?: pulumi.Output<string>;
    /**
     * The ARN of each replica, by Region (`{}` without `replicaRegions`).
     */
    readonly replicaKeyArns?: pulumi.Output<{ [key: string]: string }>;
}

/** The names of KmsKey's inputs, in schema order. */
export const kmsKeyInputNames = ["admins","alias","aliases","backend","bypassPolicyLockoutSafetyCheck","customKeyStoreId","description","dnssec","enableKeyRotation","enabled","grants","keyMaterialBase64","keySpec","keyUsage","kmsGrants","multiRegion","origin","pendingWindowInDays","policy","policyStatements","removalPolicy","replicaRegions","rotationPeriodInDays","tags","trustAccountIdentities","validTo","xksKeyId"] as const;
/** The names of KmsKey's outputs, in schema order. */
export const kmsKeyOutputNames = ["accessSummary","aliasNames","keyArn","keyId","kmsGrantIds","kmsGrantTokens","policy","replicaKeyArns"] as const;

/** The arguments of each KmsKey method: the same as ImportedKey's. */
export type KmsKeyMethodArgs = ImportedKeyMethodArgs;
/** The results of each KmsKey method: the same as ImportedKey's. */
export type KmsKeyMethodResults = ImportedKeyMethodResults;

/** The function token of each KmsKey method. */
export const kmsKeyMethodTokens: { readonly [M in keyof KmsKeyMethodArgs]: string } = {
    "addAlias": "kmskey:index:KmsKey/addAlias",
    "grant": "kmskey:index:KmsKey/grant",
    "grantAdmin": "kmskey:index:KmsKey/grantAdmin",
    "grantDecrypt": "kmskey:index:KmsKey/grantDecrypt",
    "grantEncrypt": "kmskey:index:KmsKey/grantEncrypt",
    "grantEncryptDecrypt": "kmskey:index:KmsKey/grantEncryptDecrypt",
    "grantGenerateMac": "kmskey:index:KmsKey/grantGenerateMac",
    "grantServiceGrants": "kmskey:index:KmsKey/grantServiceGrants",
    "grantSign": "kmskey:index:KmsKey/grantSign",
    "grantSignVerify": "kmskey:index:KmsKey/grantSignVerify",
    "grantUse": "kmskey:index:KmsKey/grantUse",
    "grantVerify": "kmskey:index:KmsKey/grantVerify",
    "grantVerifyMac": "kmskey:index:KmsKey/grantVerifyMac"
};

