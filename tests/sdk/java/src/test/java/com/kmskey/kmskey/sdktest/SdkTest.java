// The generated Java SDK (sdk/java, package com.kmskey.kmskey) under Pulumi Java's mocks (com.pulumi.test): what it
// registers when a program creates a KmsKey or an ImportedKey. The components themselves run in the provider
// process, which mocks never start, so this checks the SDK's marshalling surface: the type token, the remote flag,
// the package version, every input under its schema name, enums as their string values, and outputs read back from
// what the mock engine answers. Mocks.ResourceArgs has no remote flag, so it is read from the registered resource
// (the `remote` field that the SDK turns into the request's remote flag). The Java generator (pulumi-java v1.12.0)
// emits no component methods, so there are no Calls to test here.
package com.kmskey.kmskey.sdktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kmskey.kmskey.ImportedKey;
import com.kmskey.kmskey.ImportedKeyArgs;
import com.kmskey.kmskey.KmsKey;
import com.kmskey.kmskey.KmsKeyArgs;
import com.kmskey.kmskey.Utilities;
import com.kmskey.kmskey.enums.GrantKind;
import com.kmskey.kmskey.enums.KeySpec;
import com.kmskey.kmskey.enums.KeyUsage;
import com.kmskey.kmskey.enums.RemovalPolicy;
import com.kmskey.kmskey.inputs.KeyGrantArgs;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SdkTest {
    static final String ACCOUNT = "111122223333";
    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":role/KeyAdministrators";

    /** Records every registration; answers with the outputs a deployed component would have. */
    static final class Engine implements Mocks {
        final List<Mocks.ResourceArgs> registrations = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<Mocks.ResourceResult> newResourceAsync(Mocks.ResourceArgs args) {
            registrations.add(args);
            Map<String, Object> state = new LinkedHashMap<>();
            switch (args.type) {
                case "kmskey:index:KmsKey":
                    state.put("keyId", KEY_ID);
                    state.put("keyArn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID);
                    state.put("aliasNames", List.of("alias/orders/data", "alias/orders/data-v1"));
                    state.put("policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
                    break;
                case "kmskey:index:ImportedKey":
                    Object alias = args.inputs.getOrDefault("aliasName", "alias/unknown");
                    state.put("keyId", alias);
                    state.put("keyArn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":" + alias);
                    state.put("aliasName", alias);
                    state.put("isLookupDummy", false);
                    break;
                default:
                    state.putAll(args.inputs);
            }
            return CompletableFuture.completedFuture(Mocks.ResourceResult.of(Optional.empty(), state));
        }

        Mocks.ResourceArgs only(String type, String name) {
            List<Mocks.ResourceArgs> found = new ArrayList<>();
            for (Mocks.ResourceArgs r : registrations) {
                if (r.type.equals(type) && r.name.equals(name)) found.add(r);
            }
            assertEquals(1, found.size(), "registrations of " + type + " " + name);
            return found.get(0);
        }
    }

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    /** Inputs as JSON with sorted keys and whole numbers without a fraction, to compare with the expected text. */
    static String json(Object value) {
        return new Gson().toJson(normalize(value));
    }

    @SuppressWarnings("unchecked")
    static Object normalize(Object value) {
        if (value instanceof Map) {
            Map<String, Object> sorted = new TreeMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> sorted.put(k, normalize(v)));
            return sorted;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<Object>) value) out.add(normalize(v));
            return out;
        }
        if (value instanceof Double && ((Double) value) == Math.rint((Double) value)) {
            return ((Double) value).longValue();
        }
        return value;
    }

    static boolean remote(Resource resource) throws ReflectiveOperationException {
        Field f = Resource.class.getDeclaredField("remote");
        f.setAccessible(true);
        return f.getBoolean(resource);
    }

    static <T> T value(com.pulumi.core.Output<T> output) {
        return PulumiTest.extractValue(output);
    }

    static String schemaVersion() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("kmskey.root", "../../.."), "schema.json"));
        return new Gson().fromJson(text, JsonObject.class).get("version").getAsString();
    }

    @Test
    void enumsAreTheirSchemaValues() {
        assertEquals("ECC_NIST_P256", KeySpec.EccNistP256.getValue());
        assertEquals("ML_DSA_87", KeySpec.MlDsa87.getValue());
        assertEquals("SIGN_VERIFY", KeyUsage.SignVerify.getValue());
        assertEquals("encryptDecrypt", GrantKind.EncryptDecrypt.getValue());
        assertEquals("destroy", RemovalPolicy.Destroy.getValue());
    }

    @Test
    void kmsKeyRegistersARemoteComponentWithEveryInput() throws Exception {
        Engine engine = new Engine();
        List<KmsKey> keys = new ArrayList<>();
        TestResult result = PulumiTest.withMocks(engine).runTest(ctx -> keys.add(new KmsKey("orders-data", KmsKeyArgs.builder()
            .description("Encrypts order records at rest")
            .alias("orders/data")
            .aliases("orders/data-v1")
            .admins(ADMIN)
            .grants(
                KeyGrantArgs.builder().grantee("logs.amazonaws.com").kind(GrantKind.EncryptDecrypt).build(),
                KeyGrantArgs.builder().grantee("444455556666").kind(GrantKind.Decrypt).build(),
                KeyGrantArgs.builder().grantee("arn:aws:iam::444455556666:role/Reader").actions("kms:Decrypt", "kms:DescribeKey").build())
            .keySpec(KeySpec.SymmetricDefault)
            .keyUsage(KeyUsage.EncryptDecrypt)
            .enableKeyRotation(true)
            .rotationPeriodInDays(180)
            .pendingWindowInDays(7)
            .removalPolicy(RemovalPolicy.Destroy)
            .multiRegion(false)
            .enabled(true)
            .trustAccountIdentities(true)
            .bypassPolicyLockoutSafetyCheck(false)
            .policyStatements(Map.of("Effect", "Allow", "Principal", Map.of("Service", "sns.amazonaws.com"),
                "Action", "kms:Decrypt", "Resource", "*"))
            .tags(Map.of("team", "orders", "dataClassification", "confidential"))
            .build())));
        result.throwOnError();
        Mocks.ResourceArgs reg = engine.only("kmskey:index:KmsKey", "orders-data");
        assertEquals(
            "{\"admins\":[\"" + ADMIN + "\"],\"alias\":\"orders/data\",\"aliases\":[\"orders/data-v1\"],"
                + "\"bypassPolicyLockoutSafetyCheck\":false,\"description\":\"Encrypts order records at rest\","
                + "\"enableKeyRotation\":true,\"enabled\":true,"
                + "\"grants\":[{\"grantee\":\"logs.amazonaws.com\",\"kind\":\"encryptDecrypt\"},"
                + "{\"grantee\":\"444455556666\",\"kind\":\"decrypt\"},"
                + "{\"actions\":[\"kms:Decrypt\",\"kms:DescribeKey\"],\"grantee\":\"arn:aws:iam::444455556666:role/Reader\"}],"
                + "\"keySpec\":\"SYMMETRIC_DEFAULT\",\"keyUsage\":\"ENCRYPT_DECRYPT\",\"multiRegion\":false,\"pendingWindowInDays\":7,"
                + "\"policyStatements\":[{\"Action\":\"kms:Decrypt\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Resource\":\"*\"}],"
                + "\"removalPolicy\":\"destroy\",\"rotationPeriodInDays\":180,"
                + "\"tags\":{\"dataClassification\":\"confidential\",\"team\":\"orders\"},\"trustAccountIdentities\":true}",
            json(reg.inputs));
        KmsKey key = keys.get(0);
        assertTrue(remote(key), "KmsKey is registered as a remote component");
        assertEquals(schemaVersion(), Utilities.getVersion());
        assertEquals("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID, value(key.keyArn()));
        assertEquals(KEY_ID, value(key.keyId()));
        assertEquals(List.of("alias/orders/data", "alias/orders/data-v1"), value(key.aliasNames()));
    }

    @Test
    void signingKeySendsEnumStringsAndLeavesUnsetInputsOut() {
        Engine engine = new Engine();
        PulumiTest.withMocks(engine).runTest(ctx -> new KmsKey("orders-signing", KmsKeyArgs.builder()
            .keySpec(KeySpec.EccNistP256)
            .keyUsage(KeyUsage.SignVerify)
            .policy(Map.of("Version", "2012-10-17", "Statement", List.of()))
            .build())).throwOnError();
        assertEquals("{\"keySpec\":\"ECC_NIST_P256\",\"keyUsage\":\"SIGN_VERIFY\",\"policy\":{\"Statement\":[],\"Version\":\"2012-10-17\"}}",
            json(engine.only("kmskey:index:KmsKey", "orders-signing").inputs));
    }

    @Test
    void importedKeyRegistersARemoteComponent() throws Exception {
        Engine engine = new Engine();
        List<ImportedKey> keys = new ArrayList<>();
        PulumiTest.withMocks(engine).runTest(ctx -> {
            keys.add(new ImportedKey("audit", ImportedKeyArgs.builder().aliasName("alias/security/audit").build()));
            keys.add(new ImportedKey("legacy", ImportedKeyArgs.builder().lookupAliasName("alias/legacy-orders").returnDummyKeyOnMissing(true).build()));
        }).throwOnError();
        assertEquals("{\"aliasName\":\"alias/security/audit\"}", json(engine.only("kmskey:index:ImportedKey", "audit").inputs));
        assertEquals("{\"lookupAliasName\":\"alias/legacy-orders\",\"returnDummyKeyOnMissing\":true}",
            json(engine.only("kmskey:index:ImportedKey", "legacy").inputs));
        for (ImportedKey key : keys) assertTrue(remote(key), "ImportedKey is registered as a remote component");
        assertEquals("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/security/audit", value(keys.get(0).keyArn()));
        assertEquals(false, value(keys.get(0).isLookupDummy()));
    }
}
