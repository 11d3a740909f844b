// Runs the program under Pulumi's mocks (no engine, no AWS): it must register the scenario's components, as remote
// components, and ask for the grants as method calls. `go test` here, as make test-sdk does.
package main

import (
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type mocks struct {
	mu            sync.Mutex
	registrations []string
	calls         []string
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	remote := args.RegisterRPC.GetRemote()
	m.registrations = append(m.registrations, args.TypeToken+" "+args.Name+map[bool]string{true: " remote", false: ""}[remote])
	return "", resource.PropertyMap{
		"keyId":  resource.NewProperty("1234abcd-12ab-34cd-56ef-1234567890ab"),
		"keyArn": resource.NewProperty("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
	}, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func (m *mocks) MethodCall(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, args.Token+" "+args.Args["grantee"].StringValue())
	return resource.PropertyMap{"policyName": resource.NewProperty("policy")}, nil
}

func TestProgramRegistersTheScenario(t *testing.T) {
	m := &mocks{}
	if err := pulumi.RunErr(program, pulumi.WithMocks("kmskey-example-go", "dev", m)); err != nil {
		t.Fatal(err)
	}
	sort.Strings(m.registrations)
	sort.Strings(m.calls)
	want := []string{
		"kmskey:index:ImportedKey audit remote",
		"kmskey:index:ImportedKey legacy remote",
		"kmskey:index:KmsKey orders-data remote",
		"kmskey:index:KmsKey orders-signing remote",
	}
	if got := strings.Join(m.registrations, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("registrations:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	wantCalls := []string{
		"kmskey:index:ImportedKey/grantDecrypt arn:aws:iam::111122223333:role/auditor",
		"kmskey:index:KmsKey/grantEncryptDecrypt arn:aws:iam::111122223333:role/orders-service",
		"kmskey:index:KmsKey/grantSign arn:aws:iam::111122223333:role/orders-service",
		"kmskey:index:KmsKey/grantVerify arn:aws:iam::111122223333:role/receipt-verifier",
	}
	if got := strings.Join(m.calls, "\n"); got != strings.Join(wantCalls, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", got, strings.Join(wantCalls, "\n"))
	}
}
