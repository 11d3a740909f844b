// A realistic KmsKey program in Java: a data key with admins, aliases and grants; a signing key; keys imported by
// alias. The same scenario as ../typescript/index.ts, through the generated SDK com.kmskey.kmskey (../../sdk/java).
//
// The Java SDK generator (pulumi-java) emits no component methods, so grantEncryptDecrypt/grantSign/grantVerify
// and the imported key's grantDecrypt cannot be called from Java: the application roles get key-policy grants
// (`grants`) instead, and the auditor's access to the imported key is left to an IAM policy on that role.
package kmskeyexample;

import com.kmskey.kmskey.ImportedKey;
import com.kmskey.kmskey.ImportedKeyArgs;
import com.kmskey.kmskey.KmsKey;
import com.kmskey.kmskey.KmsKeyArgs;
import com.kmskey.kmskey.enums.GrantKind;
import com.kmskey.kmskey.enums.KeySpec;
import com.kmskey.kmskey.enums.KeyUsage;
import com.kmskey.kmskey.enums.RemovalPolicy;
import com.kmskey.kmskey.inputs.KeyGrantArgs;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import java.util.Map;

public class App {
    static final String ACCOUNT = "111122223333";

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        var config = ctx.config();
        String adminRole = config.get("adminRoleArn").orElse("arn:aws:iam::" + ACCOUNT + ":role/KeyAdministrators");
        String appRole = config.get("appRoleArn").orElse("arn:aws:iam::" + ACCOUNT + ":role/orders-service");
        String partnerAccount = config.get("partnerAccount").orElse("444455556666");
        String verifierRole = config.get("verifierRoleArn").orElse("arn:aws:iam::" + ACCOUNT + ":role/receipt-verifier");

        // The data key: CDK's default policy (account root kms:*), an admin statement, and key-policy grants for a
        // service, a partner account and the application role.
        var dataKey = new KmsKey("orders-data", KmsKeyArgs.builder()
            .description("Encrypts order records at rest")
            .alias("orders/data")
            .aliases("orders/data-v1")
            .admins(adminRole)
            .grants(
                KeyGrantArgs.builder().grantee("logs.amazonaws.com").kind(GrantKind.EncryptDecrypt).build(),
                KeyGrantArgs.builder().grantee(partnerAccount).kind(GrantKind.Decrypt).build(),
                KeyGrantArgs.builder().grantee(appRole).kind(GrantKind.EncryptDecrypt).build())
            .pendingWindowInDays(7)
            .tags(Map.of("team", "orders", "dataClassification", "confidential"))
            .build());

        // A signing key: asymmetric, so no rotation; the app signs, a verifier role only verifies.
        var signingKey = new KmsKey("orders-signing", KmsKeyArgs.builder()
            .description("Signs order receipts")
            .alias("orders/signing")
            .keySpec(KeySpec.EccNistP256)
            .keyUsage(KeyUsage.SignVerify)
            .admins(adminRole)
            .grants(
                KeyGrantArgs.builder().grantee(appRole).kind(GrantKind.Sign).build(),
                KeyGrantArgs.builder().grantee(verifierRole).kind(GrantKind.Verify).build())
            .removalPolicy(RemovalPolicy.Destroy)
            .pendingWindowInDays(30)
            .build());

        // A key owned elsewhere, imported by alias.
        var auditKey = new ImportedKey("audit", ImportedKeyArgs.builder().aliasName("alias/security/audit").build());

        // A key looked up by alias; the dummy key stands in when it does not exist yet.
        var legacyKey = new ImportedKey("legacy", ImportedKeyArgs.builder()
            .lookupAliasName("alias/legacy-orders")
            .returnDummyKeyOnMissing(true)
            .build());

        ctx.export("dataKeyArn", dataKey.keyArn());
        ctx.export("dataKeyAliases", dataKey.aliasNames());
        ctx.export("signingKeyId", signingKey.keyId());
        ctx.export("auditKeyArn", auditKey.keyArn());
        ctx.export("legacyKeyIsDummy", legacyKey.isLookupDummy());
    }
}
