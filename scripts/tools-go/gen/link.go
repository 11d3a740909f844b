// Shared by the Link implementations of the stand-in hosts (python.go, golang.go).
package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// forEachLinkedPackage calls fn for each package of a LinkRequest with its schema, loaded through the engine's
// schema loader (req.LoaderTarget) from the package descriptor and with the given language sections imported,
// as the real hosts' Link do (sdk/python/cmd/pulumi-language-python/main.go and sdk/go/pulumi-language-go/main.go
// in pulumi/pulumi). The `pulumi` package itself (a linked core SDK) has no schema: fn gets nil for it.
func forEachLinkedPackage(ctx context.Context, req *pulumirpc.LinkRequest, languages map[string]schema.Language,
	fn func(dep *pulumirpc.LinkRequest_LinkDependency, ref schema.PackageReference, pkg *schema.Package) error,
) error {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)
	for _, dep := range req.Packages {
		if dep.Package == nil {
			return fmt.Errorf("link dependency %q has no package descriptor", dep.Path)
		}
		if dep.Package.Name == "pulumi" {
			if err := fn(dep, nil, nil); err != nil {
				return err
			}
			continue
		}
		desc := &schema.PackageDescriptor{Name: dep.Package.Name, DownloadURL: dep.Package.Server}
		if v, err := semver.New(dep.Package.Version); err == nil {
			desc.Version = v
		}
		if p := dep.Package.Parameterization; p != nil {
			desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.Name, Value: p.Value}
			if v, err := semver.New(p.Version); err == nil {
				desc.Parameterization.Version = *v
			}
		}
		ref, err := schema.LoadPackageReferenceV2(ctx, loader, desc)
		if err != nil {
			return fmt.Errorf("load the schema of %s: %w", dep.Package.Name, err)
		}
		pkg, err := ref.Definition()
		if err != nil {
			return err
		}
		if err := pkg.ImportLanguages(languages); err != nil {
			return err
		}
		if err := fn(dep, ref, pkg); err != nil {
			return err
		}
	}
	return nil
}

var errNoProgramInfo = errors.New("link request without program info")
