// The Go language host of the stand-in (pulumi-language-go): builds and runs Go programs, installs their
// dependencies and links generated SDKs into them, the way the real host does. It follows
// sdk/go/pulumi-language-go/main.go of pulumi/pulumi (compileProgram, runProgram, Run, constructEnv,
// parseOptions, InstallDependencies, Link, Cancel) and its goversion package (CheckMinimumGoVersion):
//
//   - Run: `go build -buildvcs=false -o <temp file> -trimpath -ldflags "-w -s"` in the program directory
//     (or the runtime option buildTarget as the output; or the prebuilt runtime option binary; or `go run`
//     with PULUMI_GO_USE_RUN), then the binary in the engine's directory with the engine's environment:
//     PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_CONFIG, ... (the Go SDK's pulumi.Run
//     reads them).
//   - InstallDependencies: `go mod tidy -compat=1.18` in the program directory.
//   - Link (`pulumi package add`): a `replace <module> => ./<sdk path>` in the program's go.mod; the module
//     path is the schema's go.modulePath, else the directory of go.importBasePath, else the path derived
//     from the package reference. The import (and with it the require) comes with the program's code and
//     `go mod tidy`.
//
// Not implemented (as in the rest of the stand-in): the debugger attach of Run, RunPlugin (Go plugins),
// GetRequiredPackages (the engine treats it as best effort), program generation and Pack.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	goversion "github.com/hashicorp/go-version"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/constant"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/errutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/executable"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

func init() {
	languageHosts["go"] = func(h *host) pulumirpc.LanguageRuntimeServer { return newGoHost(h) }
}

// The oldest Go the real host accepts (goversion.minGoVersion).
var minGoVersion = goversion.Must(goversion.NewVersion("1.14.0"))

type goHost struct {
	*host
	cwd        string             // the host's working directory (where `go run` runs)
	cancelCtx  context.Context    // cancelled by the Cancel RPC
	cancelFunc context.CancelFunc //
}

func newGoHost(h *host) *goHost {
	cwd, _ := os.Getwd()
	ctx, cancel := context.WithCancel(context.Background())
	return &goHost{host: h, cwd: cwd, cancelCtx: ctx, cancelFunc: cancel}
}

type goOptions struct {
	binary      string // a prebuilt executable to run, looked up on PATH
	buildTarget string // where `go build` writes the program
}

func parseGoOptions(options map[string]any) (goOptions, error) {
	var opts goOptions
	var err error
	if opts.binary, _, err = stringOption(options, "binary"); err != nil {
		return opts, err
	}
	if opts.buildTarget, _, err = stringOption(options, "buildTarget"); err != nil {
		return opts, err
	}
	if opts.binary != "" && opts.buildTarget != "" {
		return opts, errors.New("binary and buildTarget cannot both be specified")
	}
	return opts, nil
}

func (h *goHost) engineLog(ctx context.Context, engine pulumirpc.EngineClient, message string) {
	_, _ = engine.Log(ctx, &pulumirpc.LogRequest{Severity: pulumirpc.LogSeverity_INFO, Message: message, Ephemeral: true})
}

// compileGoProgram runs `go build` in programDir and returns the binary (a temporary file unless outfile is set).
func (h *goHost) compileGoProgram(ctx context.Context, engine pulumirpc.EngineClient, programDir, outfile string,
	stdout, stderr io.Writer,
) (string, error) {
	h.engineLog(ctx, engine, "Compiling the program ...")
	pattern := filepath.Join(programDir, "*.go")
	if matches, err := filepath.Glob(pattern); err != nil || len(matches) == 0 {
		return "", fmt.Errorf("Failed to find go files for 'go build' matching %s", pattern)
	}
	if outfile == "" {
		f, err := os.CreateTemp("", "pulumi-go.*")
		if err != nil {
			return "", fmt.Errorf("unable to create go program temp file: %w", err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("unable to close go program temp file: %w", err)
		}
		outfile = f.Name()
	}
	gobin, err := executable.FindExecutable("go")
	if err != nil {
		return "", fmt.Errorf("unable to find 'go' executable: %w", err)
	}
	build := exec.Command(gobin, "build", "-buildvcs=false", "-o", outfile, "-trimpath", "-ldflags", "-w -s")
	build.Dir = programDir
	build.Stdout, build.Stderr = stdout, stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("unable to run `go build`: %w", err)
	}
	isExecutable, err := executable.IsExecutable(outfile)
	if err != nil {
		return "", fmt.Errorf("unable to check if go program is executable: %w", err)
	}
	if !isExecutable {
		return "", errors.New("go program is not executable, does your program have a 'main' package?")
	}
	h.engineLog(ctx, engine, "Finished compiling")
	return outfile, nil
}

// exitStatus runs cmd and returns its exit status; an error only when it could not run.
func exitStatus(cmd *exec.Cmd) (int, error) {
	err := cmd.Run()
	if err == nil {
		return 0, nil
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return 0, fmt.Errorf("command errored unexpectedly: %w", err)
	}
	status, ok := exitErr.Sys().(syscall.WaitStatus)
	if !ok {
		return 0, fmt.Errorf("program exited unexpectedly: %w", err)
	}
	return status.ExitStatus(), nil
}

func runGoBinary(ctx context.Context, pwd, bin string, env []string) *pulumirpc.RunResponse {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = pwd
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	status, err := exitStatus(cmd)
	switch {
	case err != nil:
		return &pulumirpc.RunResponse{Error: err.Error()}
	case status == 0:
		return &pulumirpc.RunResponse{}
	case status == constant.ExitStatusLoggedError: // the program already reported its error to the engine
		return &pulumirpc.RunResponse{Bail: true}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", status)}
	}
}

// Run builds the program and runs it with the engine's environment.
func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.engineAddress == "" {
		return nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "the kmskey stand-in go host cannot attach a debugger"}, nil
	}
	conn, err := grpc.NewClient(h.engineAddress, grpc.WithTransportCredentials(insecure.NewCredentials()),
		rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, fmt.Errorf("language host could not make connection to engine: %w", err)
	}
	defer conn.Close()
	engine := pulumirpc.NewEngineClient(conn)

	opts, err := parseGoOptions(infoOptions(req.Info))
	if err != nil {
		return nil, err
	}
	env, err := h.goEnv(req)
	if err != nil {
		return nil, fmt.Errorf("failed to prepare environment: %w", err)
	}
	// Cancelled by the Cancel RPC or when the request ends.
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)

	if opts.binary != "" {
		bin, err := executable.FindExecutable(opts.binary)
		if err != nil {
			return nil, fmt.Errorf("unable to find '%s' executable: %w", opts.binary, err)
		}
		return runGoBinary(cmdCtx, req.Pwd, bin, env), nil
	}
	if os.Getenv("PULUMI_GO_USE_RUN") != "" { // the deprecated `go run` mode
		gobin, err := executable.FindExecutable("go")
		if err != nil {
			return nil, fmt.Errorf("unable to find 'go' executable: %w", err)
		}
		cmd := exec.Command(gobin, "run", req.Info.ProgramDirectory)
		cmd.Dir, cmd.Env = h.cwd, env
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		status, err := exitStatus(cmd)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		// `go run` exits 1 or 2 whatever the program's status, which it prints.
		return &pulumirpc.RunResponse{Bail: status != 0}, nil
	}
	program, err := h.compileGoProgram(ctx, engine, req.Info.ProgramDirectory, opts.buildTarget, os.Stdout, os.Stderr)
	if err != nil {
		return nil, errutil.ErrorWithStderr(err, "error in compiling Go")
	}
	if opts.buildTarget == "" {
		defer os.Remove(program)
	}
	return runGoBinary(cmdCtx, req.Pwd, program, env), nil
}

// goEnv is the program's environment: the host's, plus the run's settings under the names pulumi.Run reads.
func (h *goHost) goEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := configJSON(req)
	if err != nil {
		return nil, err
	}
	secretKeys, err := configSecretKeysJSON(req)
	if err != nil {
		return nil, err
	}
	env := os.Environ()
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add(pulumi.EnvOrganization, req.GetOrganization())
	add(pulumi.EnvProject, req.GetProject())
	add(pulumi.EnvPulumiRootDirectory, req.GetInfo().RootDirectory)
	add(pulumi.EnvStack, req.GetStack())
	add(pulumi.EnvConfig, config)
	add(pulumi.EnvConfigSecretKeys, secretKeys)
	add(pulumi.EnvDryRun, strconv.FormatBool(req.GetDryRun()))
	add(pulumi.EnvParallel, strconv.Itoa(int(req.GetParallel())))
	add(pulumi.EnvMonitor, req.GetMonitorAddress())
	add(pulumi.EnvEngine, h.engineAddress)
	return env, nil
}

// checkMinimumGoVersion parses `go version` ("go version go1.26.8 linux/amd64") as the real host does.
func checkMinimumGoVersion(gobin string) error {
	out, err := exec.Command(gobin, "version").Output()
	if err != nil {
		return fmt.Errorf("determining go version: %w", err)
	}
	split := strings.Split(string(out), " ")
	if len(split) <= 2 {
		return fmt.Errorf("unexpected format for go version output: \"%s\"", out)
	}
	v := strings.Split(strings.TrimPrefix(strings.TrimSpace(split[2]), "go"), "-")[0]
	current, err := goversion.NewVersion(v)
	if err != nil {
		return fmt.Errorf("parsing go version: %w", err)
	}
	if current.LessThan(minGoVersion) {
		return fmt.Errorf("go version must be %s or higher (%s detected)", minGoVersion, v)
	}
	return nil
}

// InstallDependencies runs `go mod tidy -compat=1.18` in the program directory.
func (h *goHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	fmt.Fprint(stdout, "Installing dependencies...\n\n")
	gobin, err := executable.FindExecutable("go")
	if err != nil {
		return err
	}
	if err := checkMinimumGoVersion(gobin); err != nil {
		return err
	}
	cmd := exec.Command(gobin, "mod", "tidy", "-compat=1.18")
	cmd.Dir = req.Info.ProgramDirectory
	cmd.Env = os.Environ()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return errutil.ErrorWithStderr(err, "`go mod tidy` failed to install dependencies")
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

// Link adds a replace directive for each generated SDK to the program's go.mod.
func (h *goHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if req.Info == nil {
		return nil, errNoProgramInfo
	}
	instructions := "You can import the SDK in your Go code with:\n\n  import (\n"
	if len(req.Packages) > 1 {
		instructions = "You can import the SDKs in your Go code with:\n\n  import (\n"
	}
	modules := map[string]string{} // module path -> replacement path
	var imports strings.Builder
	err := forEachLinkedPackage(ctx, req, map[string]schema.Language{"go": gogen.Importer},
		func(dep *pulumirpc.LinkRequest_LinkDependency, ref schema.PackageReference, pkg *schema.Package) error {
			if ref == nil { // the pulumi SDK itself
				modules["github.com/pulumi/pulumi/sdk/v3"] = dep.Path
				return nil
			}
			var modulePath string
			if info, ok := pkg.Language["go"].(gogen.GoPackageInfo); ok {
				modulePath = info.ModulePath
				if modulePath == "" && info.ImportBasePath != "" {
					modulePath = path.Dir(info.ImportBasePath)
				}
			}
			if modulePath == "" {
				modulePath = gogen.ExtractModulePath(pkg.Reference())
			}
			// A relative replacement must start with ./ (https://go.dev/ref/mod#go-mod-file-replace).
			start := "./"
			if runtime.GOOS == "windows" {
				start = ".\\"
			}
			modules[modulePath] = dep.Path
			if !strings.HasPrefix(dep.Path, start) {
				modules[modulePath] = start + dep.Path
			}
			fmt.Fprintf(&imports, "    \"%s\"\n", gogen.ExtractImportBasePath(pkg.Reference()))
			return nil
		})
	if err != nil {
		return nil, err
	}
	instructions += imports.String() + "  )\n"

	gomodPath := filepath.Join(req.Info.ProgramDirectory, "go.mod")
	stat, err := os.Stat(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", gomodPath, err)
	}
	content, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("reading go.mod: %w", err)
	}
	gomod, err := modfile.Parse(gomodPath, content, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod parse: %w", err)
	}
	for modulePath, replacement := range modules {
		if err := gomod.AddReplace(modulePath, "", replacement, ""); err != nil {
			return nil, fmt.Errorf("could not add replace statement: %w", err)
		}
	}
	data, err := gomod.Format()
	if err != nil {
		return nil, fmt.Errorf("formatting go.mod: %w", err)
	}
	if err := os.WriteFile(gomodPath, data, stat.Mode().Perm()); err != nil {
		return nil, fmt.Errorf("writing go.mod: %w", err)
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions}, nil
}

func (h *goHost) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}
