// Command yamlcheck type-checks Pulumi YAML programs that use the kmskey package against schema.json, with the
// same code the YAML language host (pulumi-language-yaml) runs before deploying: github.com/pulumi/pulumi-yaml's
// template loader and PrepareTemplate/TypeCheck. The package schema is bound from the file instead of being asked
// from the provider plugin, so nothing is started and nothing is deployed.
//
//	yamlcheck -schema schema.json DIR...          each DIR holds a Pulumi YAML project (Main.yaml or Pulumi.yaml)
//	yamlcheck -schema schema.json -expect-fail DIR...   every DIR must be rejected (tests of the checker itself)
//
// Besides the host's own checks (unknown resource types, unknown properties, property and output types, references
// to resources, variables, config and outputs), every string given for an enum-typed property must be one of the
// enum's values: the host itself leaves that to the provider.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/ast"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// staticLoader serves one bound package.
type staticLoader struct{ pkg *schema.Package }

func (l staticLoader) get(name string) (*schema.Package, error) {
	if name != l.pkg.Name {
		return nil, fmt.Errorf("unknown package %q (only %q is known here)", name, l.pkg.Name)
	}
	return l.pkg, nil
}

func (l staticLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return l.get(name)
}
func (l staticLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.get(d.Name)
}
func (l staticLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	p, err := l.get(name)
	if err != nil {
		return nil, err
	}
	return p.Reference(), nil
}
func (l staticLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

func main() {
	schemaPath := flag.String("schema", "schema.json", "the package schema")
	expectFail := flag.Bool("expect-fail", false, "every directory must be rejected")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: yamlcheck -schema schema.json [-expect-fail] DIR...")
		os.Exit(2)
	}
	pkg, err := bind(*schemaPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "yamlcheck: %v\n", err)
		os.Exit(1)
	}
	failed := 0
	for _, dir := range flag.Args() {
		problems := check(pkg, dir)
		switch {
		case *expectFail && len(problems) == 0:
			fmt.Printf("FAIL %s: accepted, but it must be rejected\n", dir)
			failed++
		case *expectFail:
			fmt.Printf("ok   %s: rejected (%s)\n", dir, firstLine(problems[0]))
		case len(problems) > 0:
			fmt.Printf("FAIL %s:\n", dir)
			for _, p := range problems {
				fmt.Printf("  %s\n", p)
			}
			failed++
		default:
			fmt.Printf("ok   %s: type-checks against %s\n", dir, *schemaPath)
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func bind(path string) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", path, diags.Error())
	}
	return pkg, nil
}

// check returns the problems found in the YAML program in dir.
func check(pkg *schema.Package, dir string) []string {
	var problems []string
	tmpl, diags, err := pulumiyaml.LoadDir(dir)
	for _, d := range diags {
		if d.Severity == 1 { // hcl.DiagError
			problems = append(problems, diagString(d.Summary, d.Detail, d.Subject))
		}
	}
	if err != nil || tmpl == nil {
		if len(problems) == 0 {
			problems = append(problems, fmt.Sprintf("loading the template: %v", err))
		}
		return problems
	}
	_, tdiags, err := pulumiyaml.PrepareTemplate(tmpl, nil, pulumiyaml.NewPackageLoaderFromSchemaLoader(staticLoader{pkg}))
	if err != nil {
		return append(problems, err.Error())
	}
	for _, d := range tdiags {
		if d.Severity == 1 {
			problems = append(problems, diagString(d.Summary, d.Detail, d.Subject))
		}
	}
	return append(problems, checkEnums(pkg, tmpl)...)
}

func diagString(summary, detail string, subject interface{ String() string }) string {
	s := summary
	if detail != "" && detail != summary {
		s += ": " + detail
	}
	if subject != nil && !isNilRange(subject) {
		s = subject.String() + ": " + s
	}
	return s
}

func isNilRange(v interface{ String() string }) (isNil bool) {
	defer func() {
		if recover() != nil {
			isNil = true
		}
	}()
	_ = v.String()
	return false
}

// checkEnums checks every literal string given for an enum-typed input (also inside objects and arrays).
func checkEnums(pkg *schema.Package, tmpl *ast.TemplateDecl) []string {
	var problems []string
	for _, entry := range tmpl.Resources.Entries {
		r := entry.Value
		if r == nil || r.Type == nil {
			continue
		}
		token := canonicalToken(r.Type.Value)
		res, ok := pkg.GetResource(token)
		if !ok {
			continue // reported by the type checker
		}
		props := r.Properties.PropertyMap
		if props == nil {
			continue
		}
		for _, kv := range props.Entries {
			name := kv.Key.Value
			for _, p := range res.InputProperties {
				if p.Name == name {
					problems = append(problems, checkValue(entry.Key.Value+"."+name, p.Type, kv.Value)...)
				}
			}
		}
	}
	return problems
}

// canonicalToken turns the YAML short forms pkg:Type and pkg:mod:Type into pkg:index:Type where needed.
func canonicalToken(t string) string {
	parts := strings.Split(t, ":")
	if len(parts) == 2 {
		return parts[0] + ":index:" + parts[1]
	}
	return t
}

func checkValue(path string, t schema.Type, e ast.Expr) []string {
	switch t := t.(type) {
	case *schema.InputType:
		return checkValue(path, t.ElementType, e)
	case *schema.OptionalType:
		return checkValue(path, t.ElementType, e)
	case *schema.EnumType:
		s, ok := e.(*ast.StringExpr)
		if !ok {
			return nil // an interpolation or reference: checked by type, known at run time
		}
		var allowed []string
		for _, el := range t.Elements {
			v := fmt.Sprint(el.Value)
			if v == s.Value {
				return nil
			}
			allowed = append(allowed, v)
		}
		sort.Strings(allowed)
		return []string{fmt.Sprintf("%s: %q is not a %s value (allowed: %s)", path, s.Value, t.Token, strings.Join(allowed, ", "))}
	case *schema.ArrayType:
		list, ok := e.(*ast.ListExpr)
		if !ok {
			return nil
		}
		var out []string
		for i, el := range list.Elements {
			out = append(out, checkValue(fmt.Sprintf("%s[%d]", path, i), t.ElementType, el)...)
		}
		return out
	case *schema.ObjectType:
		obj, ok := e.(*ast.ObjectExpr)
		if !ok {
			return nil
		}
		var out []string
		for _, kv := range obj.Entries {
			k, ok := kv.Key.(*ast.StringExpr)
			if !ok {
				continue
			}
			if p, ok := t.Property(k.Value); ok {
				out = append(out, checkValue(path+"."+k.Value, p.Type, kv.Value)...)
			}
		}
		return out
	}
	return nil
}
