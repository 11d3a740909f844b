// Shared by the Link implementations of the stand-in hosts (python.go, golang.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// linkLoader is the engine's schema loader of a LinkRequest (req.LoaderTarget), cached; close it when done.
func linkLoader(req *pulumirpc.LinkRequest) (schema.ReferenceLoader, io.Closer, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, nil, err
	}
	return schema.NewCachedLoader(client), client, nil
}

// linkedPackage loads the schema of a package to link from its descriptor, with the given language sections
// imported, as the real hosts' Link do (sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
// sdk/python/cmd/pulumi-language-python/main.go and sdk/go/pulumi-language-go/main.go in pulumi/pulumi).
func linkedPackage(ctx context.Context, loader schema.ReferenceLoader, dep *pulumirpc.LinkRequest_LinkDependency,
	languages map[string]schema.Language,
) (schema.PackageReference, *schema.Package, error) {
	if dep.Package == nil {
		return nil, nil, fmt.Errorf("link dependency %q has no package descriptor", dep.Path)
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
		return nil, nil, fmt.Errorf("load the schema of %s: %w", dep.Package.Name, err)
	}
	pkg, err := ref.Definition()
	if err != nil {
		return nil, nil, err
	}
	if err := pkg.ImportLanguages(languages); err != nil {
		return nil, nil, err
	}
	return ref, pkg, nil
}

// forEachLinkedPackage calls fn for each package of a LinkRequest with its schema (linkedPackage). The Python and
// Go hosts link a `pulumi` package (a core SDK) without a schema: fn gets nil for it.
func forEachLinkedPackage(ctx context.Context, req *pulumirpc.LinkRequest, languages map[string]schema.Language,
	fn func(dep *pulumirpc.LinkRequest_LinkDependency, ref schema.PackageReference, pkg *schema.Package) error,
) error {
	loader, closer, err := linkLoader(req)
	if err != nil {
		return err
	}
	defer closer.Close()
	for _, dep := range req.Packages {
		if dep.Package != nil && dep.Package.Name == "pulumi" {
			if err := fn(dep, nil, nil); err != nil {
				return err
			}
			continue
		}
		ref, pkg, err := linkedPackage(ctx, loader, dep, languages)
		if err != nil {
			return err
		}
		if err := fn(dep, ref, pkg); err != nil {
			return err
		}
	}
	return nil
}

var errNoProgramInfo = errors.New("link request without program info")

// stringOption reads a string runtime option (Pulumi.yaml runtime.options); ok is false when it is not set.
func stringOption(options map[string]any, name string) (value string, ok bool, err error) {
	v, ok := options[name]
	if !ok {
		return "", false, nil
	}
	s, isString := v.(string)
	if !isString {
		return "", true, fmt.Errorf("%s option must be a string", name)
	}
	return s, true, nil
}
