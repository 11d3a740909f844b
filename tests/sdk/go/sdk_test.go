// The generated Go SDK (sdk/go/kmskey, import path github.com/kmskey/kmskey/sdk/go/kmskey) under Pulumi's runtime
// mocks: what it sends to the engine when a program creates a KmsKey or an ImportedKey and calls a method. The
// components themselves run in the provider process, which mocks never start, so this checks the SDK's
// marshalling surface: the type token, the remote flag (args.RegisterRPC.GetRemote()), the package version, every
// input under its schema name, enums as their string values, and outputs and method results read back from what
// the engine answers. Run by `make test-sdk` (go test in this module, which replaces the SDK module with ../../../sdk).
package sdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/kmskey/kmskey/sdk/go/kmskey"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	account = "111122223333"
	keyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
)

var (
	admin = "arn:aws:iam::" + account + ":role/KeyAdministrators"
	app   = "arn:aws:iam::" + account + ":role/orders-service"
)

// request is one RegisterResource request as the SDK sent it.
type request struct {
	Type, Name, Version string
	Custom, Remote      bool
	Wire                map[string]any // the inputs as they go over the wire (a protobuf Struct)
}

// call is one Call request (a method) as the SDK sent it.
type call struct {
	Tok  string
	Args resource.PropertyMap
}

type engine struct {
	mu       sync.Mutex
	requests []request
	calls    []call
}

func (e *engine) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	e.mu.Lock()
	e.requests = append(e.requests, request{
		Type: args.TypeToken, Name: args.Name, Version: rpc.GetVersion(), Custom: args.Custom, Remote: rpc.GetRemote(),
		Wire: rpc.GetObject().AsMap(),
	})
	e.mu.Unlock()
	switch args.TypeToken {
	case "kmskey:index:KmsKey":
		return "", resource.NewPropertyMapFromMap(map[string]any{
			"keyId":      keyID,
			"keyArn":     "arn:aws:kms:us-east-1:" + account + ":key/" + keyID,
			"aliasNames": []any{"alias/orders/data", "alias/orders/data-v1"},
			"policy":     `{"Version":"2012-10-17","Statement":[]}`,
		}), nil
	case "kmskey:index:ImportedKey":
		alias := "alias/unknown"
		if v, ok := args.Inputs["aliasName"]; ok && v.IsString() {
			alias = v.StringValue()
		}
		return "", resource.NewPropertyMapFromMap(map[string]any{
			"keyId": alias, "keyArn": "arn:aws:kms:us-east-1:" + account + ":" + alias, "aliasName": alias, "isLookupDummy": false,
		}), nil
	}
	return "", args.Inputs, nil
}

func (e *engine) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s", args.Token)
}

// MethodCall answers the components' methods (Call on the provider).
func (e *engine) MethodCall(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	e.mu.Lock()
	e.calls = append(e.calls, call{Tok: args.Token, Args: args.Args})
	e.mu.Unlock()
	method := args.Token[strings.LastIndex(args.Token, "/")+1:]
	if method == "addAlias" {
		return resource.NewPropertyMapFromMap(map[string]any{"aliasName": "alias/" + args.Args["name"].StringValue()}), nil
	}
	return resource.NewPropertyMapFromMap(map[string]any{"policyName": "kms-" + method + "-policy"}), nil
}

// run runs a program under fresh mocks; the program's check functions run once all outputs it waits for resolve.
func run(t *testing.T, program func(ctx *pulumi.Context, wg *sync.WaitGroup) error) *engine {
	t.Helper()
	e := &engine{}
	var wg sync.WaitGroup
	err := pulumi.RunErr(func(ctx *pulumi.Context) error { return program(ctx, &wg) }, pulumi.WithMocks("project", "stack", e))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	wg.Wait()
	return e
}

// jsonEqual compares two values by their JSON encodings (numbers in a protobuf Struct are float64).
func jsonEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got  %s\n want %s", what, g, w)
	}
}

func schemaVersion(t *testing.T) string {
	data, err := os.ReadFile("../../../schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Version string }
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s.Version
}

func TestEnumsAreTheirSchemaValues(t *testing.T) {
	jsonEqual(t, "enums", []string{
		string(kmskey.KeySpecEccNistP256), string(kmskey.KeySpecMlDsa87), string(kmskey.KeyUsageSignVerify),
		string(kmskey.GrantKindEncryptDecrypt), string(kmskey.RemovalPolicyDestroy),
	}, []string{"ECC_NIST_P256", "ML_DSA_87", "SIGN_VERIFY", "encryptDecrypt", "destroy"})
}

func TestKmsKeyRegistersARemoteComponentWithEveryInput(t *testing.T) {
	var keyArn, keyIDOut string
	var aliasNames []string
	e := run(t, func(ctx *pulumi.Context, wg *sync.WaitGroup) error {
		key, err := kmskey.NewKmsKey(ctx, "orders-data", &kmskey.KmsKeyArgs{
			Description: pulumi.String("Encrypts order records at rest"),
			Alias:       pulumi.StringRef("orders/data"),
			Aliases:     []string{"orders/data-v1"},
			Admins:      pulumi.StringArray{pulumi.String(admin)},
			Grants: kmskey.KeyGrantArray{
				kmskey.KeyGrantArgs{Grantee: pulumi.String("logs.amazonaws.com"), Kind: kmskey.GrantKindEncryptDecrypt},
				kmskey.KeyGrantArgs{Grantee: pulumi.String("444455556666"), Kind: kmskey.GrantKindDecrypt},
				kmskey.KeyGrantArgs{Grantee: pulumi.String("arn:aws:iam::444455556666:role/Reader"),
					Actions: pulumi.StringArray{pulumi.String("kms:Decrypt"), pulumi.String("kms:DescribeKey")}},
			},
			KeySpec:                        ptr(kmskey.KeySpecSymmetricDefault),
			KeyUsage:                       ptr(kmskey.KeyUsageEncryptDecrypt),
			EnableKeyRotation:              pulumi.BoolRef(true),
			RotationPeriodInDays:           pulumi.IntRef(180),
			PendingWindowInDays:            pulumi.IntRef(7),
			RemovalPolicy:                  ptr(kmskey.RemovalPolicyDestroy),
			MultiRegion:                    pulumi.BoolRef(false),
			Enabled:                        pulumi.Bool(true),
			TrustAccountIdentities:         pulumi.BoolRef(true),
			BypassPolicyLockoutSafetyCheck: pulumi.BoolRef(false),
			PolicyStatements: pulumi.Array{pulumi.Map{
				"Effect": pulumi.String("Allow"), "Principal": pulumi.Map{"Service": pulumi.String("sns.amazonaws.com")},
				"Action": pulumi.String("kms:Decrypt"), "Resource": pulumi.String("*"),
			}},
			Tags: pulumi.StringMap{"team": pulumi.String("orders"), "dataClassification": pulumi.String("confidential")},
		})
		if err != nil {
			return err
		}
		wg.Add(1)
		pulumi.All(key.KeyArn, key.KeyId, key.AliasNames).ApplyT(func(v []any) error {
			defer wg.Done()
			keyArn, keyIDOut, aliasNames = v[0].(string), v[1].(string), v[2].([]string)
			return nil
		})
		return nil
	})
	if len(e.requests) != 1 {
		t.Fatalf("want 1 registration, got %d", len(e.requests))
	}
	r := e.requests[0]
	jsonEqual(t, "registration", []any{r.Type, r.Name, r.Custom, r.Remote, r.Version},
		[]any{"kmskey:index:KmsKey", "orders-data", false, true, schemaVersion(t)})
	jsonEqual(t, "inputs", r.Wire, map[string]any{
		"description": "Encrypts order records at rest",
		"alias":       "orders/data",
		"aliases":     []string{"orders/data-v1"},
		"admins":      []string{admin},
		"grants": []map[string]any{
			{"grantee": "logs.amazonaws.com", "kind": "encryptDecrypt"},
			{"grantee": "444455556666", "kind": "decrypt"},
			{"grantee": "arn:aws:iam::444455556666:role/Reader", "actions": []string{"kms:Decrypt", "kms:DescribeKey"}},
		},
		"keySpec":                        "SYMMETRIC_DEFAULT",
		"keyUsage":                       "ENCRYPT_DECRYPT",
		"enableKeyRotation":              true,
		"rotationPeriodInDays":           180,
		"pendingWindowInDays":            7,
		"removalPolicy":                  "destroy",
		"multiRegion":                    false,
		"enabled":                        true,
		"trustAccountIdentities":         true,
		"bypassPolicyLockoutSafetyCheck": false,
		"policyStatements": []map[string]any{{"Effect": "Allow", "Principal": map[string]any{"Service": "sns.amazonaws.com"},
			"Action": "kms:Decrypt", "Resource": "*"}},
		"tags": map[string]string{"team": "orders", "dataClassification": "confidential"},
	})
	jsonEqual(t, "outputs", []any{keyArn, keyIDOut, aliasNames}, []any{
		"arn:aws:kms:us-east-1:" + account + ":key/" + keyID, keyID, []string{"alias/orders/data", "alias/orders/data-v1"},
	})
}

func ptr[T any](v T) *T { return &v }

func TestSigningKeySendsEnumStringsAndLeavesUnsetInputsOut(t *testing.T) {
	e := run(t, func(ctx *pulumi.Context, wg *sync.WaitGroup) error {
		_, err := kmskey.NewKmsKey(ctx, "orders-signing", &kmskey.KmsKeyArgs{
			KeySpec:  ptr(kmskey.KeySpecEccNistP256),
			KeyUsage: ptr(kmskey.KeyUsageSignVerify),
			Policy:   pulumi.Any(map[string]any{"Version": "2012-10-17", "Statement": []any{}}),
		})
		return err
	})
	jsonEqual(t, "inputs", e.requests[0].Wire, map[string]any{
		"keySpec": "ECC_NIST_P256", "keyUsage": "SIGN_VERIFY", "policy": map[string]any{"Version": "2012-10-17", "Statement": []any{}},
	})
}

func TestKmsKeyMethodsAreCalls(t *testing.T) {
	var urn, policyName, alias string
	e := run(t, func(ctx *pulumi.Context, wg *sync.WaitGroup) error {
		key, err := kmskey.NewKmsKey(ctx, "orders-data", &kmskey.KmsKeyArgs{Alias: pulumi.StringRef("orders/data")})
		if err != nil {
			return err
		}
		p, err := key.GrantEncryptDecrypt(ctx, &kmskey.KmsKeyGrantEncryptDecryptArgs{Grantee: pulumi.String(app)})
		if err != nil {
			return err
		}
		a, err := key.AddAlias(ctx, &kmskey.KmsKeyAddAliasArgs{Name: pulumi.String("orders/data-v2")})
		if err != nil {
			return err
		}
		wg.Add(1)
		pulumi.All(key.URN(), p, a).ApplyT(func(v []any) error {
			defer wg.Done()
			urn, policyName, alias = string(v[0].(pulumi.URN)), v[1].(string), v[2].(string)
			return nil
		})
		return nil
	})
	jsonEqual(t, "results", []string{policyName, alias}, []string{"kms-grantEncryptDecrypt-policy", "alias/orders/data-v2"})
	byTok := map[string]call{}
	for _, c := range e.calls {
		byTok[c.Tok] = c
	}
	grant, ok := byTok["kmskey:index:KmsKey/grantEncryptDecrypt"]
	if !ok || len(e.calls) != 2 {
		t.Fatalf("calls: %+v", e.calls)
	}
	if _, ok := byTok["kmskey:index:KmsKey/addAlias"]; !ok {
		t.Fatalf("no addAlias call: %+v", e.calls)
	}
	if g := grant.Args["grantee"].StringValue(); g != app {
		t.Errorf("grantee %q", g)
	}
	self := grant.Args["__self__"]
	if !self.IsResourceReference() || string(self.ResourceReferenceValue().URN) != urn {
		t.Errorf("__self__ %v, want a reference to %s", self, urn)
	}
}

func TestImportedKeyRegistersARemoteComponentAndGrantsThroughACall(t *testing.T) {
	var keyArn, policyName string
	var isDummy bool
	e := run(t, func(ctx *pulumi.Context, wg *sync.WaitGroup) error {
		audit, err := kmskey.NewImportedKey(ctx, "audit", &kmskey.ImportedKeyArgs{AliasName: pulumi.StringRef("alias/security/audit")})
		if err != nil {
			return err
		}
		if _, err := kmskey.NewImportedKey(ctx, "legacy", &kmskey.ImportedKeyArgs{
			LookupAliasName: pulumi.StringRef("alias/legacy-orders"), ReturnDummyKeyOnMissing: pulumi.BoolRef(true),
		}); err != nil {
			return err
		}
		p, err := audit.GrantDecrypt(ctx, &kmskey.ImportedKeyGrantDecryptArgs{Grantee: pulumi.String("arn:aws:iam::" + account + ":role/auditor")})
		if err != nil {
			return err
		}
		wg.Add(1)
		pulumi.All(audit.KeyArn, audit.IsLookupDummy, p).ApplyT(func(v []any) error {
			defer wg.Done()
			keyArn, isDummy, policyName = v[0].(string), v[1].(bool), v[2].(string)
			return nil
		})
		return nil
	})
	regs := map[string]request{}
	for _, r := range e.requests {
		regs[r.Name] = r
	}
	jsonEqual(t, "audit", regs["audit"], request{Type: "kmskey:index:ImportedKey", Name: "audit", Version: schemaVersion(t), Remote: true,
		Wire: map[string]any{"aliasName": "alias/security/audit"}})
	jsonEqual(t, "legacy", regs["legacy"], request{Type: "kmskey:index:ImportedKey", Name: "legacy", Version: schemaVersion(t), Remote: true,
		Wire: map[string]any{"lookupAliasName": "alias/legacy-orders", "returnDummyKeyOnMissing": true}})
	jsonEqual(t, "outputs", []any{keyArn, isDummy, policyName},
		[]any{"arn:aws:kms:us-east-1:" + account + ":alias/security/audit", false, "kms-grantDecrypt-policy"})
	if len(e.calls) != 1 || e.calls[0].Tok != "kmskey:index:ImportedKey/grantDecrypt" ||
		e.calls[0].Args["grantee"].StringValue() != "arn:aws:iam::"+account+":role/auditor" {
		t.Errorf("calls: %+v", e.calls)
	}
}
