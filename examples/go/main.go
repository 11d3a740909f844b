// A realistic KmsKey program in Go: a data key with admins, aliases and grants; a signing key; keys imported by
// alias. The same scenario as ../typescript/index.ts, through the generated SDK
// github.com/kmskey/kmskey/sdk/go/kmskey (go.mod replaces the module with ../../sdk).
// Deploy it with `pulumi up` (AWS credentials in the environment).
package main

import (
	"fmt"

	"github.com/kmskey/kmskey/sdk/go/kmskey"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const account = "111122223333"

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func main() {
	pulumi.Run(program)
}

// program declares the stack; main_test.go runs it under Pulumi's mocks.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	adminRole := orDefault(cfg.Get("adminRoleArn"), fmt.Sprintf("arn:aws:iam::%s:role/KeyAdministrators", account))
	appRole := orDefault(cfg.Get("appRoleArn"), fmt.Sprintf("arn:aws:iam::%s:role/orders-service", account))
	partnerAccount := orDefault(cfg.Get("partnerAccount"), "444455556666")
	verifier := orDefault(cfg.Get("verifierRoleArn"), fmt.Sprintf("arn:aws:iam::%s:role/receipt-verifier", account))
	auditor := orDefault(cfg.Get("auditorRoleArn"), fmt.Sprintf("arn:aws:iam::%s:role/auditor", account))

	// The data key: CDK's default policy (account root kms:*), an admin statement, grants in the key policy for
	// a service and a partner account, and an identity policy on the application role (same account: key
	// policy untouched).
	dataKey, err := kmskey.NewKmsKey(ctx, "orders-data", &kmskey.KmsKeyArgs{
		Description: pulumi.String("Encrypts order records at rest"),
		Alias:       pulumi.StringRef("orders/data"),
		Aliases:     []string{"orders/data-v1"},
		Admins:      pulumi.StringArray{pulumi.String(adminRole)},
		Grants: kmskey.KeyGrantArray{
			kmskey.KeyGrantArgs{Grantee: pulumi.String("logs.amazonaws.com"), Kind: kmskey.GrantKindEncryptDecrypt},
			kmskey.KeyGrantArgs{Grantee: pulumi.String(partnerAccount), Kind: kmskey.GrantKindDecrypt},
		},
		PendingWindowInDays: pulumi.IntRef(7),
		Tags:                pulumi.StringMap{"team": pulumi.String("orders"), "dataClassification": pulumi.String("confidential")},
	})
	if err != nil {
		return err
	}
	if _, err := dataKey.GrantEncryptDecrypt(ctx, &kmskey.KmsKeyGrantEncryptDecryptArgs{Grantee: pulumi.String(appRole)}); err != nil {
		return err
	}

	// A signing key: asymmetric, so no rotation; the app signs, a verifier role only verifies.
	keySpec, keyUsage, removal := kmskey.KeySpecEccNistP256, kmskey.KeyUsageSignVerify, kmskey.RemovalPolicyDestroy
	signingKey, err := kmskey.NewKmsKey(ctx, "orders-signing", &kmskey.KmsKeyArgs{
		Description:         pulumi.String("Signs order receipts"),
		Alias:               pulumi.StringRef("orders/signing"),
		KeySpec:             &keySpec,
		KeyUsage:            &keyUsage,
		Admins:              pulumi.StringArray{pulumi.String(adminRole)},
		RemovalPolicy:       &removal,
		PendingWindowInDays: pulumi.IntRef(30),
	})
	if err != nil {
		return err
	}
	if _, err := signingKey.GrantSign(ctx, &kmskey.KmsKeyGrantSignArgs{Grantee: pulumi.String(appRole)}); err != nil {
		return err
	}
	if _, err := signingKey.GrantVerify(ctx, &kmskey.KmsKeyGrantVerifyArgs{Grantee: pulumi.String(verifier)}); err != nil {
		return err
	}

	// A key owned elsewhere, imported by alias: grants are identity policies scoped with kms:ResourceAliases.
	auditKey, err := kmskey.NewImportedKey(ctx, "audit", &kmskey.ImportedKeyArgs{AliasName: pulumi.StringRef("alias/security/audit")})
	if err != nil {
		return err
	}
	if _, err := auditKey.GrantDecrypt(ctx, &kmskey.ImportedKeyGrantDecryptArgs{Grantee: pulumi.String(auditor)}); err != nil {
		return err
	}

	// A key looked up by alias; the dummy key stands in when it does not exist yet.
	legacyKey, err := kmskey.NewImportedKey(ctx, "legacy", &kmskey.ImportedKeyArgs{
		LookupAliasName:         pulumi.StringRef("alias/legacy-orders"),
		ReturnDummyKeyOnMissing: pulumi.BoolRef(true),
	})
	if err != nil {
		return err
	}

	ctx.Export("dataKeyArn", dataKey.KeyArn)
	ctx.Export("dataKeyAliases", dataKey.AliasNames)
	ctx.Export("signingKeyId", signingKey.KeyId)
	ctx.Export("auditKeyArn", auditKey.KeyArn)
	ctx.Export("legacyKeyIsDummy", legacyKey.IsLookupDummy)
	return nil
}
