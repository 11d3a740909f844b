// The Python language host of the stand-in (pulumi-language-python): runs Python programs, installs their
// dependencies and links generated SDKs into them, the way the real host does. It follows
// sdk/python/cmd/pulumi-language-python/main.go of pulumi/pulumi (Run, constructArguments, constructConfig,
// constructConfigSecretKeys, parseOptions, InstallDependencies, Link, Cancel), and does its work with the same
// toolchain package the real host uses, github.com/pulumi/pulumi/sdk/v3/python/toolchain (pip, poetry or uv;
// the virtualenv option; venv creation and `pip install -r requirements.txt`; the requirements.txt edit of
// Link), at the version pinned in ../go.mod.
//
// The program itself is run by pulumi-language-python-exec, the Python shim that ships in the sdk/v3 module
// (sdk/python/cmd/pulumi-language-python-exec) and that scripts/build-tools.sh installs next to this binary,
// where the real host looks for it.
//
// Not implemented (as in the rest of the stand-in): the debugger attach of Run, RunPlugin (Python plugins),
// GetRequiredPackages (the engine treats it as best effort), program generation and Pack.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/protobuf/types/known/emptypb"
)

func init() {
	languageHosts["python"] = func(h *host) pulumirpc.LanguageRuntimeServer { return newPythonHost(h) }
}

const (
	// The shim that runs the program, next to the language host (pythonDefaultExec in the real host).
	pythonDefaultExec = "pulumi-language-python-exec"
	// The exit code of a program that already showed the user an actionable message.
	pythonProcessExitedAfterShowingUserActionableMessage = 32
)

type pythonHost struct {
	*host
	cancelCtx  context.Context    // cancelled by the Cancel RPC
	cancelFunc context.CancelFunc //
}

func newPythonHost(h *host) *pythonHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &pythonHost{host: h, cancelCtx: ctx, cancelFunc: cancel}
}

// pythonExecutor is the pulumi-language-python-exec next to this executable, as the real host's main() finds it.
func pythonExecutor() (string, error) {
	thisPath, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("could not determine current executable: %w", err)
	}
	pathExec := filepath.Join(filepath.Dir(thisPath), pythonDefaultExec)
	if _, err := os.Stat(pathExec); os.IsNotExist(err) {
		return "", fmt.Errorf("missing executor %s: %w", pathExec, err)
	}
	return pathExec, nil
}

// The real host's typechecker and toolchain runtime options (pulumi-language-python main.go), as data: each
// value sets its field of the toolchain options.
var pythonChoiceOptions = map[string]map[string]func(*toolchain.PythonOptions){
	"typechecker": {
		"mypy":    func(o *toolchain.PythonOptions) { o.Typechecker = toolchain.TypeCheckerMypy },
		"pyright": func(o *toolchain.PythonOptions) { o.Typechecker = toolchain.TypeCheckerPyright },
	},
	"toolchain": {
		"pip":    func(o *toolchain.PythonOptions) { o.Toolchain = toolchain.Pip },
		"poetry": func(o *toolchain.PythonOptions) { o.Toolchain = toolchain.Poetry },
		"uv":     func(o *toolchain.PythonOptions) { o.Toolchain = toolchain.Uv },
	},
}

// parsePythonOptions reads the runtime options (virtualenv, typechecker, toolchain) like the real parseOptions;
// plugins default to a `venv` virtual environment.
func parsePythonOptions(root, programDir string, options map[string]any, isPlugin bool) (toolchain.PythonOptions, error) {
	opts := toolchain.PythonOptions{Root: root, ProgramDir: programDir}
	virtualenv, _, err := stringOption(options, "virtualenv")
	if err != nil {
		return opts, err
	}
	opts.Virtualenv = virtualenv
	for name, choices := range pythonChoiceOptions {
		if value, ok, err := stringOption(options, name); err != nil {
			return opts, err
		} else if ok {
			set, known := choices[value]
			if !known {
				return opts, fmt.Errorf("unsupported %s option: %s", name, value)
			}
			set(&opts)
		}
	}
	if isPlugin && (opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	return opts, nil
}

func infoOptions(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.Options == nil {
		return map[string]any{}
	}
	return info.Options.AsMap()
}

// Run runs the program with `python pulumi-language-python-exec <args> <entry point>` in the toolchain's
// environment (the virtualenv activated), the configuration in PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS,
// after the typechecker when one is configured.
func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.engineAddress == "" {
		return nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "the kmskey stand-in python host cannot attach a debugger"}, nil
	}
	opts, err := parsePythonOptions(req.Info.RootDirectory, req.Info.ProgramDirectory, infoOptions(req.Info), false)
	if err != nil {
		return nil, err
	}
	executor, err := pythonExecutor()
	if err != nil {
		return nil, err
	}
	args := append([]string{executor}, h.pythonArguments(req)...)

	config, err := configJSON(req)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration: %w", err)
	}
	secretKeys, err := configSecretKeysJSON(req)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration secret keys: %w", err)
	}

	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}
	// Cancelled by the Cancel RPC or when the request ends.
	runCtx, runCancel := context.WithCancel(h.cancelCtx)
	defer runCancel()
	context.AfterFunc(ctx, runCancel)
	cmd, err := tc.Command(runCtx, args...)
	if err != nil {
		return nil, err
	}
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	if config != "" {
		env = append(env, "PULUMI_CONFIG="+config)
	}
	env = append(env, "PULUMI_CONFIG_SECRET_KEYS="+secretKeys)
	cmd.Env = env

	if err := runPythonTypechecker(ctx, tc, opts, req.Info.ProgramDirectory); err != nil {
		return nil, err
	}

	if err := cmd.Run(); err != nil {
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				switch status.ExitStatus() {
				case 0:
					err = fmt.Errorf("program exited unexpectedly: %w", exitErr)
				case pythonProcessExitedAfterShowingUserActionableMessage:
					return &pulumirpc.RunResponse{Bail: true}, nil
				default:
					err = fmt.Errorf("program exited with non-zero exit code: %d", status.ExitStatus())
				}
			} else {
				err = fmt.Errorf("program exited unexpectedly: %w", exitErr)
			}
		} else {
			err = fmt.Errorf("problem executing program (could not run language executor): %w", err)
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// pythonArguments is the exec shim's command line (the real constructArguments).
func (h *pythonHost) pythonArguments(req *pulumirpc.RunRequest) []string {
	var args []string
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("project", req.GetProject())
	add("root_directory", req.GetInfo().RootDirectory)
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", strconv.FormatBool(req.GetDryRun()))
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("organization", req.GetOrganization())
	args = append(args, req.Info.EntryPoint)
	return append(args, req.GetArgs()...)
}

// configJSON is the run's configuration as JSON ("" when there is none), as the real Python and Go hosts send it.
func configJSON(req *pulumirpc.RunRequest) (string, error) {
	if req.GetConfig() == nil {
		return "", nil
	}
	data, err := json.Marshal(req.GetConfig())
	return string(data), err
}

// configSecretKeysJSON is the JSON list of secret config keys ("[]" when there are none), as the real Python
// and Go hosts send it.
func configSecretKeysJSON(req *pulumirpc.RunRequest) (string, error) {
	keys := req.GetConfigSecretKeys()
	if keys == nil {
		return "[]", nil
	}
	data, err := json.Marshal(keys)
	return string(data), err
}

// runPythonTypechecker runs mypy or pyright on the program directory when the typechecker option asks for it.
func runPythonTypechecker(ctx context.Context, tc toolchain.Toolchain, opts toolchain.PythonOptions, programDir string) error {
	var typechecker string
	switch opts.Typechecker {
	case toolchain.TypeCheckerMypy:
		typechecker = "mypy"
	case toolchain.TypeCheckerPyright:
		typechecker = "pyright"
	default:
		return nil
	}
	args := []string{"-m", typechecker}
	if typechecker == "mypy" {
		venv, err := tc.VirtualEnvPath(ctx)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(programDir, venv)
		if err != nil {
			return err
		}
		args = append(args, "--exclude", rel)
	}
	args = append(args, programDir)
	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(os.Stdout, &out)
	cmd.Stderr = io.MultiWriter(os.Stderr, &out)
	cmd.Dir = programDir
	packages, err := tc.ListPackages(ctx, true)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(packages, func(p plugin.DependencyInfo) bool { return p.Name == typechecker }) {
		install := fmt.Sprintf("Please install it using `poetry add %s`.", typechecker)
		if opts.Toolchain != toolchain.Poetry {
			install = fmt.Sprintf("Please add an entry for %s to requirements.txt and run `%s/bin/pip install -r requirements.txt`",
				typechecker, opts.Virtualenv)
		}
		return fmt.Errorf("The typechecker option is set to %s, but %s is not installed. %s", typechecker, typechecker, install)
	}
	if err := cmd.Run(); err != nil {
		if out.Len() > 0 {
			return fmt.Errorf("%s failed: %w\n%s", typechecker, err, out.String())
		}
		return fmt.Errorf("%s failed: %w", typechecker, err)
	}
	return nil
}

// InstallDependencies creates the virtual environment and installs requirements.txt (pip), or runs poetry or
// uv, through the toolchain; for a plugin with a buildable pyproject.toml it also installs the plugin itself.
func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	opts, err := parsePythonOptions(req.Info.RootDirectory, req.Info.ProgramDirectory, infoOptions(req.Info), req.IsPlugin)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()
	fmt.Fprint(stdout, "Installing dependencies...\n\n")

	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}
	ctx := server.Context()
	if req.IsPlugin {
		buildable, err := toolchain.IsBuildablePackage(req.Info.ProgramDirectory)
		if err != nil {
			return fmt.Errorf("checking if plugin is a buildable package: %w", err)
		}
		if buildable {
			if err := tc.EnsureVenv(ctx, req.Info.ProgramDirectory, req.UseLanguageVersionTools, true, stdout, stderr); err != nil {
				return fmt.Errorf("creating virtual environment: %w", err)
			}
			cmd, err := tc.ModuleCommand(ctx, "pip", "install", req.Info.ProgramDirectory)
			if err != nil {
				return fmt.Errorf("preparing pip install command: %w", err)
			}
			cmd.Stdout, cmd.Stderr = stdout, stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("installing package: %w", err)
			}
		}
	}
	if err := tc.InstallDependencies(ctx, req.Info.ProgramDirectory, req.UseLanguageVersionTools, true, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

// Link adds generated SDKs to the program (`pulumi package add`): with pip, a line with the SDK's path in
// requirements.txt (replacing any line for the same package); poetry and uv add a path dependency to
// pyproject.toml. The engine's following InstallDependencies call installs it.
func (h *pythonHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if req.Info == nil {
		return nil, errNoProgramInfo
	}
	opts, err := parsePythonOptions(req.Info.RootDirectory, req.Info.ProgramDirectory, infoOptions(req.Info), false)
	if err != nil {
		return nil, err
	}
	instructions := "You can import the SDK in your Python code with:\n\n"
	if len(req.Packages) > 1 {
		instructions = "You can import the SDKs in your Python code with:\n\n"
	}
	packages := map[string]string{} // Python package name -> path
	var imports strings.Builder
	err = forEachLinkedPackage(ctx, req, map[string]schema.Language{"python": pythongen.Importer},
		func(dep *pulumirpc.LinkRequest_LinkDependency, ref schema.PackageReference, pkg *schema.Package) error {
			if ref == nil { // the pulumi SDK itself
				packages["pulumi"] = dep.Path
				return nil
			}
			var importName, packageName string
			if info, ok := pkg.Language["python"].(pythongen.PackageInfo); ok && info.PackageName != "" {
				importName, packageName = info.PackageName, info.PackageName
			}
			if importName == "" {
				importName = strings.ReplaceAll(ref.Name(), "-", "_")
			}
			if packageName == "" {
				packageName = pythongen.PyPack(ref.Namespace(), ref.Name())
			}
			packages[packageName] = dep.Path
			fmt.Fprintf(&imports, "  import %s as %s\n", packageName, importName)
			return nil
		})
	if err != nil {
		return nil, err
	}
	instructions += imports.String()

	if opts.Toolchain != toolchain.Pip {
		// Not pip, but no pyproject.toml yet and a requirements.txt: link into requirements.txt as pip does
		// (pulumi/pulumi#19763).
		if _, err := os.Stat(filepath.Join(req.Info.ProgramDirectory, "pyproject.toml")); os.IsNotExist(err) {
			if _, err := os.Stat(filepath.Join(req.Info.ProgramDirectory, "requirements.txt")); os.IsNotExist(err) {
				return nil, fmt.Errorf("no pyproject.toml or requirements.txt found in %s", req.Info.ProgramDirectory)
			}
			opts.Toolchain = toolchain.Pip
		}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.LinkPackages(ctx, packages); err != nil {
		return nil, fmt.Errorf("linking packages: %w", err)
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions}, nil
}

func (h *pythonHost) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}
