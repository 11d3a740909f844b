// Command pulumi-kmskey-gen is this repository's stand-in for the Pulumi
// language hosts that cannot be built or used offline: the Go module proxy this
// project can reach does not serve the pulumi-language-{nodejs,python,go}
// modules (they are only published as untagged sub-modules of pulumi/pulumi),
// and the real pulumi-language-dotnet downloads the package icon from the
// internet while generating an SDK.
//
// It calls the SDK code generators of github.com/pulumi/pulumi/pkg/v3/codegen
// (nodejs, python, go) and github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen
// (dotnet) at the versions pinned in ../go.mod, and has two modes:
//
//  1. Language host: when started under the name pulumi-language-<lang>
//     (scripts/build-tools.sh installs it under those names in .tools/bin),
//     it serves the LanguageRuntime gRPC protocol for the subset needed by
//     `pulumi package gen-sdk` (GeneratePackage, all four languages) and, for
//     nodejs only, by `pulumi package get-schema <dir>` / running a local
//     Node.js provider plugin (InstallDependencies, RunPlugin) and running
//     Node.js programs (Run), and by `pulumi package add` (Link, nodejs only:
//     adds the generated SDK to the program's package.json as a file:
//     dependency with the program's package manager, like the real host).
//     For python and go, python.go and golang.go run programs, install their
//     dependencies and link SDKs (Run, InstallDependencies, Link) as the real
//     hosts do. Everything else answers Unimplemented.
//
//  2. Direct generator (no engine involved):
//     pulumi-kmskey-gen --language nodejs|python|go|dotnet|all --out DIR schema.json
//     writes the SDK to DIR/<lang>, like `pulumi package gen-sdk`.
//
// Offline detail: the dotnet generator fetches the schema's logoUrl (or a
// default Pulumi logo) over HTTP to embed it as the NuGet icon. Here a
// file:// logoUrl is read from disk and any other URL is answered with a
// generated placeholder PNG, without touching the network.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	dotnetgen "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen"
	"github.com/pulumi/pulumi/pkg/v3/codegen/cgstrings"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/fsutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

var languages = []string{"dotnet", "go", "nodejs", "python"}

func main() {
	http.DefaultTransport = offlineLogoTransport{}
	http.DefaultClient.Transport = offlineLogoTransport{}
	base := filepath.Base(os.Args[0])
	if lang, ok := strings.CutPrefix(base, "pulumi-language-"); ok {
		if err := serveHost(lang, os.Args[1:]); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", base, err)
			os.Exit(1)
		}
		return
	}
	if err := cli(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-kmskey-gen: %v\n", err)
		os.Exit(1)
	}
}

func supported(lang string) bool {
	for _, l := range languages {
		if l == lang {
			return true
		}
	}
	return false
}

// generate runs the code generator for lang on an already bound package.
func generate(lang string, pkg *schema.Package, extraFiles map[string][]byte,
	localDeps map[string]string, local bool, loader schema.ReferenceLoader,
) (map[string][]byte, error) {
	tool := "pulumi-language-" + lang
	switch lang {
	case "nodejs":
		return nodejsgen.GeneratePackage(tool, pkg, extraFiles, localDeps, local, loader)
	case "python":
		return pythongen.GeneratePackage(tool, pkg, extraFiles, loader)
	case "dotnet":
		return dotnetgen.GeneratePackage(tool, pkg, extraFiles, localDeps)
	case "go":
		if len(extraFiles) > 0 {
			return nil, errors.New("overlays are not supported for Go")
		}
		return gogen.GeneratePackage(tool, pkg, localDeps)
	}
	return nil, fmt.Errorf("unsupported language %q (supported: %s)", lang, strings.Join(languages, ", "))
}

func bind(schemaJSON []byte, loader schema.ReferenceLoader) (*schema.Package, hcl.Diagnostics, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		return nil, nil, fmt.Errorf("parse schema: %w", err)
	}
	return schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
}

func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ---------------------------------------------------------------- CLI mode

func cli(args []string) error {
	fs := flag.NewFlagSet("pulumi-kmskey-gen", flag.ContinueOnError)
	lang := fs.String("language", "", "nodejs, python, go, dotnet or all")
	out := fs.String("out", "sdk", "output directory; the SDK is written to <out>/<language>")
	showVersion := fs.Bool("version", false, "print the pulumi codegen version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Println(version.Version)
		return nil
	}
	if fs.NArg() != 1 || *lang == "" {
		return errors.New("usage: pulumi-kmskey-gen --language nodejs|python|go|dotnet|all [--out DIR] schema.json")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	langs := []string{*lang}
	if *lang == "all" {
		langs = languages
	}
	for _, l := range langs {
		if !supported(l) {
			return fmt.Errorf("unsupported language %q (supported: %s)", l, strings.Join(languages, ", "))
		}
		// A fresh, offline loader: the schema must not reference other packages' schemas.
		pkg, diags, err := bind(data, schema.NewCachedLoader(offlineLoader{}))
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return diags
		}
		files, err := generate(l, pkg, nil, nil, false, schema.NewCachedLoader(offlineLoader{}))
		if err != nil {
			return fmt.Errorf("%s: %w", l, err)
		}
		dir := filepath.Join(*out, l)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := writeFiles(dir, files); err != nil {
			return err
		}
		fmt.Printf("generated %d %s files in %s\n", len(files), l, dir)
	}
	return nil
}

// offlineLoader refuses every external schema reference.
type offlineLoader struct{}

func offlineErr(name string) error {
	return fmt.Errorf("offline generator cannot load the schema of package %q; use `pulumi package gen-sdk`", name)
}

func (offlineLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, offlineErr(name)
}

func (offlineLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, offlineErr(d.Name)
}

func (offlineLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, offlineErr(name)
}

func (offlineLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, offlineErr(d.Name)
}

// offlineLogoTransport replaces HTTP for the dotnet generator's icon download.
type offlineLogoTransport struct{}

func (offlineLogoTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.URL.Scheme == "file" {
		p, err := url.PathUnescape(req.URL.Path)
		if err != nil {
			return nil, err
		}
		if body, err = os.ReadFile(p); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(os.Stderr, "pulumi-kmskey-gen: offline, using a placeholder icon instead of %s\n", req.URL)
		body = placeholderPNG()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": []string{"image/png"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// placeholderPNG draws a plain 64x64 icon.
func placeholderPNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.NRGBA{R: 0x4d, G: 0x5b, B: 0xd9, A: 0xff})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// ---------------------------------------------------------------- host mode

// languageHosts wraps the host for languages whose programs it runs besides nodejs (python.go, golang.go).
var languageHosts = map[string]func(*host) pulumirpc.LanguageRuntimeServer{}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	lang          string
	engineAddress string
}

func serveHost(lang string, args []string) error {
	fs := flag.NewFlagSet("pulumi-language-"+lang, flag.ContinueOnError)
	fs.String("tracing", "", "ignored")
	fs.String("runtime", "", "ignored")
	fs.String("root", "", "ignored")
	fs.Bool("binary", false, "ignored")
	fs.String("buildTarget", "", "ignored")
	fs.String("toolchain", "", "ignored")
	fs.String("virtualenv", "", "ignored")
	fs.String("typechecker", "", "ignored")
	// The nodejs runtime options of a plugin's PulumiPlugin.yaml, passed as flags when the engine runs the
	// plugin for a deployment (e.g. a YAML program's packages:); RunPlugin reads them from the request too.
	fs.Bool("typescript", true, "ignored")
	fs.String("packagemanager", "", "ignored")
	fs.String("nodeargs", "", "ignored")
	fs.String("tsconfig", "", "ignored")
	fs.Bool("production", false, "ignored")
	showVersion := fs.Bool("version", false, "print the plugin version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Println(version.Version)
		return nil
	}
	if !supported(lang) {
		return fmt.Errorf("unsupported language %q", lang)
	}
	h := &host{lang: lang}
	if fs.NArg() > 0 {
		h.engineAddress = fs.Arg(0)
	}
	// python.go and golang.go register hosts that run programs of their language; the rest is this host.
	var server pulumirpc.LanguageRuntimeServer = h
	if wrap, ok := languageHosts[lang]; ok {
		server = wrap(h)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancelChannel)
	}()
	if h.engineAddress != "" {
		// Exit when the engine goes away, checking every 5 minutes as the real hosts do
		// (sdk/nodejs/cmd/pulumi-language-nodejs/main.go of pulumi/pulumi). The interval is the delay between
		// checks: 0 made this a busy loop of Health.Check RPCs, costing the host and the engine a core between them.
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			return fmt.Errorf("could not start health check: %w", err)
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, server)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}

func (h *host) Handshake(ctx context.Context,
	req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		h.engineAddress = req.EngineAddress
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPackages(ctx context.Context,
	req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	// Best effort in the engine; plugins are never downloaded offline anyway.
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetRequiredPlugins(ctx context.Context,
	req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GeneratePackage(ctx context.Context,
	req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)

	pkg, diags, err := bind([]byte(req.Schema), loader)
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	files, err := generate(h.lang, pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	if err != nil {
		return nil, err
	}
	if err := writeFiles(req.Directory, files); err != nil {
		return nil, err
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// InstallDependencies does for nodejs what the real host does (pulumi/pulumi v3.276.0,
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go InstallDependencies and installcache.go installShared):
// every time, with no check of what is already installed, it installs in the npm/yarn workspace root
// containing the program directory, or else in the program directory itself (for a plugin: the plugin
// directory), with npm.Install of sdk/v3/nodejs/npm, the same code the real host calls. For npm that is
// `npm install --loglevel=error`, plus `--production` when the runtime option `production` is true
// (npm.go installCmd), lifecycle scripts on, so a package's `prepare` script runs. The real host's
// conformance-test install cache is off outside its test harness, so it has no counterpart here. For the
// other languages this host only generates code: nothing to install (python.go and golang.go serve their own).
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	if h.lang != "nodejs" {
		fmt.Fprintf(stdout, "pulumi-language-%s (kmskey stand-in): nothing to install\n", h.lang)
		return closer.Close()
	}
	opts, err := parseNodeOptions(req.Info)
	if err != nil {
		return fmt.Errorf("failed to parse options: %w", err)
	}
	fmt.Fprintf(stdout, "Installing dependencies...\n\n")
	workspaceRoot := req.Info.ProgramDirectory
	if root, err := npm.FindWorkspaceRoot(workspaceRoot); err == nil {
		fmt.Fprintf(stdout, "Detected workspace root at %s\n", root)
		workspaceRoot = root
	} else if !errors.Is(err, npm.ErrNotInWorkspace) {
		return fmt.Errorf("failure while trying to find workspace root: %w", err)
	}
	if _, err := npm.Install(server.Context(), opts.packagemanager, workspaceRoot, opts.production, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

// nodeOptions reads the runtime options of Pulumi.yaml / PulumiPlugin.yaml, with the real host's types
// and defaults (main.go parseOptions): a value of the wrong type is an error, as there.
type nodeOptions struct {
	typescript     bool
	tsconfigpath   string
	nodeargs       []string
	packagemanager npm.PackageManagerType
	// Skip devDependencies when installing (npm install --production).
	production bool
}

func parseNodeOptions(info *pulumirpc.ProgramInfo) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	if info == nil || info.Options == nil {
		return opts, nil
	}
	m := info.Options.AsMap()
	option := func(name string, set func(v any) bool, want string) error {
		if v, ok := m[name]; ok && !set(v) {
			return fmt.Errorf("%s option must be %s", name, want)
		}
		return nil
	}
	return opts, errors.Join(
		option("typescript", func(v any) (ok bool) { opts.typescript, ok = v.(bool); return }, "a boolean"),
		option("tsconfig", func(v any) (ok bool) { opts.tsconfigpath, ok = v.(string); return }, "a string"),
		option("nodeargs", func(v any) bool { s, ok := v.(string); opts.nodeargs = strings.Fields(s); return ok }, "a string"),
		option("production", func(v any) (ok bool) { opts.production, ok = v.(bool); return }, "a boolean"),
		option("packagemanager", func(v any) bool {
			s, ok := v.(string)
			opts.packagemanager = npm.PackageManagerType(s)
			return ok && slices.Contains([]npm.PackageManagerType{npm.AutoPackageManager, npm.NpmPackageManager,
				npm.YarnPackageManager, npm.PnpmPackageManager, npm.BunPackageManager}, opts.packagemanager)
		}, "one of auto, npm, yarn, pnpm or bun"),
	)
}

func (o nodeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigpath)
	}
	return env
}

// resolveNodeModule asks node to resolve mod (e.g. "@pulumi/pulumi/cmd/run")
// starting from dir, so the program's own @pulumi/pulumi is used.
func resolveNodeModule(ctx context.Context, nodeBin, mod, dir string) (string, error) {
	script := "process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))"
	out, err := exec.CommandContext(ctx, nodeBin, "-e", script, mod, dir).Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s (is @pulumi/pulumi installed there?): %w", mod, dir, err)
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

// RunPlugin runs a Node.js source plugin as the real host does (sdk/nodejs/cmd/pulumi-language-nodejs/main.go
// RunPlugin): `node <@pulumi/pulumi/cmd/run-plugin resolved from the plugin directory> [nodeargs] <plugin dir>
// <args>` in the engine's working directory (the consumer project), with the engine's environment plus
// PULUMI_NODEJS_TYPESCRIPT / PULUMI_NODEJS_TSCONFIG_PATH. run-plugin then require()s the plugin directory, so
// its package.json#main decides what runs. Nothing is installed or built here: InstallDependencies did that.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if h.lang != "nodejs" {
		return fmt.Errorf("pulumi-language-%s (kmskey stand-in) cannot run plugins; only nodejs can", h.lang)
	}
	if req.Kind == "analyzer" {
		return errors.New("policy packs are not supported by the kmskey stand-in nodejs host")
	}
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run-plugin"
	}
	runPath, err = resolveNodeModule(ctx, nodeBin, runPath, req.Info.ProgramDirectory)
	if err != nil {
		return err
	}
	opts, err := parseNodeOptions(req.Info)
	if err != nil {
		return err
	}
	args := append([]string{runPath}, opts.nodeargs...)
	args = append(args, req.Info.ProgramDirectory)
	args = append(args, req.Args...)

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = req.Pwd
	cmd.Env = append(append([]string{}, req.Env...), opts.env()...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode())
		}
		return fmt.Errorf("could not run plugin program: %w", err)
	}
	return closer.Close()
}

// Run runs a Node.js Pulumi program (no synchronous-invoke pipes, no debugger).
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.lang != "nodejs" {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("pulumi-language-%s (kmskey stand-in) can only generate SDKs, not run programs", h.lang),
		}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	runPath, err = resolveNodeModule(ctx, nodeBin, runPath, req.Info.ProgramDirectory)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := []string{runPath}
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.MonitorAddress)
	add("engine", h.engineAddress)
	add("organization", req.Organization)
	add("project", req.Project)
	add("root-directory", req.Info.RootDirectory)
	add("stack", req.Stack)
	add("pwd", req.Info.ProgramDirectory)
	if req.DryRun {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.Parallel)))
	entry := req.Info.EntryPoint
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.Args...)

	// The Node.js SDK still understands the old "<pkg>:config:<key>" form.
	cfg := make(map[string]string, len(req.Config))
	for k, v := range req.Config {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.ConfigSecretKeys
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	opts, err := parseNodeOptions(req.Info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	env = append(env, opts.env()...)

	cmd := exec.CommandContext(ctx, nodeBin, append(append([]string{}, opts.nodeargs...), args...)...)
	cmd.Dir = req.Pwd
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == 32 { // the SDK already reported a user-actionable error
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// Link adds locally generated SDKs (`pulumi package add`) to a Node.js program,
// as the real nodejs host does: the Node package name comes from the package's
// schema, loaded through the engine's schema loader (req.LoaderTarget), and the
// program's package manager (runtime option packagemanager, else detected from
// lock files) adds it to package.json as a file: dependency. Installing it is
// left to the engine's following InstallDependencies call.
func (h *host) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if h.lang != "nodejs" {
		return nil, status.Errorf(codes.Unimplemented,
			"pulumi-language-%s (kmskey stand-in) cannot link packages into a program; only nodejs can "+
				"(add the SDK generated in %s to the project by hand)", h.lang, linkPaths(req))
	}
	if req.Info == nil {
		return nil, errNoProgramInfo
	}
	programDir := req.Info.ProgramDirectory
	opts, err := parseNodeOptions(req.Info)
	if err != nil {
		return nil, err
	}

	loader, closer, err := linkLoader(req)
	if err != nil {
		return nil, err
	}
	defer closer.Close()

	pm, err := npm.ResolvePackageManager(opts.packagemanager, programDir)
	if err != nil {
		return nil, err
	}

	// TypeScript when run through ts-node (the typescript option, on by default) or with a tsconfig.json;
	// module syntax for TypeScript or a package.json with "type": "module".
	isTypeScript := opts.typescript || opts.tsconfigpath != ""
	if !isTypeScript {
		if _, err := fsutil.Searchup(programDir, "tsconfig.json"); err == nil {
			isTypeScript = true
		}
	}
	usesModuleSyntax := isTypeScript
	if !usesModuleSyntax {
		if p, err := npm.SearchupPackageManifest(programDir); err == nil {
			if data, _, err := npm.ReadPackageManifest(filepath.Dir(p)); err == nil {
				if typ, ok := data["type"].(string); ok && typ == "module" {
					usesModuleSyntax = true
				}
			}
		}
	}

	instructions := "You can import the SDK in your JavaScript code with:\n\n"
	if isTypeScript {
		instructions = "You can import the SDK in your TypeScript code with:\n\n"
	}
	var imports strings.Builder
	for _, dep := range req.Packages {
		ref, pkg, err := linkedPackage(ctx, loader, dep, map[string]schema.Language{"nodejs": nodejsgen.Importer})
		if err != nil {
			return nil, err
		}
		packageName := nodePackageName(pkg)
		if err := pm.Link(ctx, programDir, packageName, dep.Path); err != nil {
			return nil, err
		}
		importName := cgstrings.Camel(ref.Name())
		if usesModuleSyntax {
			fmt.Fprintf(&imports, "  import * as %s from \"%s\";\n", importName, packageName)
		} else {
			fmt.Fprintf(&imports, "  const %s = require(\"%s\");\n", importName, packageName)
		}
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions + imports.String()}, nil
}

// nodePackageName is the npm name of a package's Node.js SDK: language.nodejs.packageName,
// else @<namespace>/<name>, else @pulumi/<name> (as the nodejs code generator names it).
func nodePackageName(pkg *schema.Package) string {
	if info, ok := pkg.Language["nodejs"].(nodejsgen.NodePackageInfo); ok && info.PackageName != "" {
		return info.PackageName
	}
	if pkg.Namespace != "" {
		return "@" + pkg.Namespace + "/" + pkg.Name
	}
	return "@pulumi/" + pkg.Name
}

func linkPaths(req *pulumirpc.LinkRequest) string {
	paths := make([]string, 0, len(req.Packages))
	for _, dep := range req.Packages {
		paths = append(paths, dep.Path)
	}
	return strings.Join(paths, ", ")
}
