#!/usr/bin/env bash
# Builds the Pulumi CLI and language hosts from Go modules into .tools/bin.
#
#   scripts/build-tools.sh            build if needed (a no-op when .tools/bin is up to date)
#   scripts/build-tools.sh --force    rebuild even if the stamp says up to date
#   scripts/build-tools.sh --update   re-resolve the wrapper go.mod/go.sum files in
#                                     scripts/tools-go from the pins below, then build
#
# Everything comes from the Go module proxy through the ordinary `go` client, and
# once the module cache (GOMODCACHE) is filled the build runs offline
# (GOPROXY=off works). Compiled packages are reused from GOCACHE, so a rebuild
# after a cache-warm run takes seconds.
#
# Wrapper modules (go.mod/go.sum committed, no Pulumi source committed):
#   scripts/tools-go        pulumi CLI and the repo's own pulumi-kmskey-gen
#                           (scripts/tools-go/gen), installed as the
#                           nodejs/python/go/dotnet language hosts -- see below
#   scripts/tools-go/yaml   pulumi-language-yaml (needs an older pkg/v3)
#   scripts/tools-go/java   pulumi-language-java (needs an older pkg/v3)
# Each module is copied to .tools/build/<name> and built there.
#
# Why a stand-in for the nodejs/python/go hosts: the module proxy reachable here
# does not serve the untagged host modules
# (github.com/pulumi/pulumi/sdk/{nodejs/cmd/pulumi-language-nodejs,
# python/cmd/pulumi-language-python,go/pulumi-language-go}/v3 answer 403 at every
# version), so they cannot be built. For dotnet the real host builds, but its
# SDK generator downloads the NuGet icon over the internet, so gen-sdk fails
# offline; the stand-in uses the same dotnet codegen package with an offline
# icon. pulumi-kmskey-gen implements the part of the LanguageRuntime protocol
# that `pulumi package gen-sdk` (all four), `pulumi package get-schema` /
# running Node.js plugins (nodejs), running programs, `pulumi install` and
# `pulumi package add` (nodejs, python, go) need, on top of the pinned codegen
# libraries and the real python host's toolchain package (sdk/v3). The CLI looks
# the hosts up as pulumi-language-<lang> next to itself: the links below. Python
# programs run through pulumi-language-python-exec, installed next to them as
# the real python host expects. Java and YAML are the real hosts.
set -euo pipefail

# ---- pins ------------------------------------------------------------------
# Newest github.com/pulumi/pulumi/pkg/v3 that the proxy serves together with
# sdk/v3 of the same version.
PULUMI_VERSION=v3.276.0
# Module of the dotnet codegen package used by the stand-in; builds against PULUMI_VERSION.
DOTNET_HOST_VERSION=v3.112.1
# pulumi-yaml v1.25.0 needs pkg/v3 v3.206.0 (does not compile against v3.276.0).
YAML_VERSION=v1.25.0
# pulumi-java/pkg v1.12.0 wants pkg/v3 at a pseudo-version that has no
# checksum-database entry, so its module pins the nearest served release,
# JAVA_PULUMI_VERSION (it does not compile against v3.276.0). pulumi-java v1.16.0
# is on the proxy but has no checksum-database entry either.
JAVA_VERSION=v1.12.0
JAVA_PULUMI_VERSION=v3.186.0
# Replace directives copied from the upstream go.mod files (sdk/go.mod and
# pkg/go.mod; logrus/gogo ones from pulumi-language-dotnet and pulumi-java/pkg
# are added in --update below).
CLIPBOARD_REPLACE=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
XTEXT_REPLACE=golang.org/x/text=golang.org/x/text@v0.41.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/scripts/tools-go"
TOOLS="$ROOT/.tools"
BUILD="$TOOLS/build"
BIN="$TOOLS/bin"
STAMP="$BIN/.tools-stamp"
VERSION_PKG=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

FORCE=0
UPDATE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --update) UPDATE=1; FORCE=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build-tools.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

export CGO_ENABLED=0
export GOTOOLCHAIN=local   # never download a toolchain; go.mod files need go >= 1.26.6
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

log() { printf '[build-tools] %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || { log "go is not on PATH (Go >= 1.26.6 is needed)"; exit 1; }
mkdir -p "$TOOLS"
# One build at a time (e.g. under make -j): wait for a concurrent run.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.build-tools.lock"
  flock 9
fi

# Binaries this script must produce; the stamp is only valid if all exist.
BINARIES=(pulumi pulumi-kmskey-gen pulumi-language-nodejs pulumi-language-python
  pulumi-language-python-exec pulumi-language-go pulumi-language-dotnet
  pulumi-language-yaml pulumi-language-java)

# The stamp records everything that determines the output.
stamp_content() {
  {
    echo "pulumi=$PULUMI_VERSION dotnet=$DOTNET_HOST_VERSION yaml=$YAML_VERSION java=$JAVA_VERSION/$JAVA_PULUMI_VERSION"
    go env GOVERSION GOOS GOARCH
    cat "$ROOT/scripts/build-tools.sh"
    (cd "$SRC" && find . -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) | LC_ALL=C sort |
      while read -r f; do echo "== $f"; cat "$f"; done)
  } | sha256sum | cut -d' ' -f1
}

if [[ $FORCE == 0 && -f "$STAMP" ]]; then
  want="$(stamp_content)"
  ok=1
  [[ "$(cat "$STAMP")" == "$want" ]] || ok=0
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || ok=0; done
  if [[ $ok == 1 ]]; then
    touch "$STAMP"
    log "up to date: pulumi $PULUMI_VERSION and language hosts in ${BIN#"$ROOT/"}"
    exit 0
  fi
fi

# ---- go.mod resolution (only with --update) ----------------------------------
if [[ $UPDATE == 1 ]]; then
  log "re-resolving wrapper modules"
  # main module
  work="$BUILD/resolve-main"
  rm -rf "$work"; mkdir -p "$work"
  cp "$SRC/tools.go" "$work/"; cp -r "$SRC/gen" "$work/gen"
  (
    cd "$work"
    go mod init kmskey.local/tools >/dev/null 2>&1
    go mod edit -go=1.26.6 -replace "$CLIPBOARD_REPLACE" -replace "$XTEXT_REPLACE" \
      -replace github.com/Sirupsen/logrus=github.com/sirupsen/logrus@v1.8.3 \
      -replace github.com/gogo/protobuf=github.com/gogo/protobuf@v1.3.2
    go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" \
      "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3@$DOTNET_HOST_VERSION"
    go mod tidy
    # tidy must not have moved the pins
    [[ "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)" == "$PULUMI_VERSION" ]]
    [[ "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)" == "$PULUMI_VERSION" ]]
  )
  cp "$work/go.mod" "$work/go.sum" "$SRC/"
  # yaml
  work="$BUILD/resolve-yaml"
  rm -rf "$work"; mkdir -p "$work"; cp "$SRC/yaml/tools.go" "$work/"
  (
    cd "$work"
    go mod init kmskey.local/tools/yaml >/dev/null 2>&1
    go mod edit -replace "$CLIPBOARD_REPLACE"
    go get "github.com/pulumi/pulumi-yaml@$YAML_VERSION"
    go mod tidy
  )
  cp "$work/go.mod" "$work/go.sum" "$SRC/yaml/"
  # java
  work="$BUILD/resolve-java"
  rm -rf "$work"; mkdir -p "$work"; cp "$SRC/java/tools.go" "$work/"
  (
    cd "$work"
    go mod init kmskey.local/tools/java >/dev/null 2>&1
    go mod edit -replace "$CLIPBOARD_REPLACE" \
      -replace github.com/Sirupsen/logrus=github.com/sirupsen/logrus@v1.5.0 \
      -replace github.com/gogo/protobuf=github.com/gogo/protobuf@v1.3.2 \
      -require "github.com/pulumi/pulumi-java/pkg@$JAVA_VERSION" \
      -require "github.com/pulumi/pulumi/pkg/v3@$JAVA_PULUMI_VERSION" \
      -require "github.com/pulumi/pulumi/sdk/v3@$JAVA_PULUMI_VERSION"
    go mod tidy
    [[ "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)" == "$JAVA_PULUMI_VERSION" ]]
  )
  cp "$work/go.mod" "$work/go.sum" "$SRC/java/"
fi

# ---- build ----------------------------------------------------------------
# Copy a committed wrapper module to .tools/build/<name> (nested modules excluded).
stage() {
  local from="$1" to="$2"
  rm -rf "$to"; mkdir -p "$to"
  (cd "$from" && find . -maxdepth 1 -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -exec cp {} "$to/" \;)
  if [[ -d "$from/gen" ]]; then cp -r "$from/gen" "$to/gen"; fi
}

OUT="$BUILD/out"
rm -rf "$OUT"; mkdir -p "$OUT/main" "$OUT/yaml" "$OUT/java"
stage "$SRC" "$BUILD/main"
stage "$SRC/yaml" "$BUILD/yaml"
stage "$SRC/java" "$BUILD/java"

GOBUILD=(go build -mod=readonly -trimpath -tags osusergo,grpcnotrace)

build_main() {
  cd "$BUILD/main"
  "${GOBUILD[@]}" -ldflags "-s -w -X $VERSION_PKG=$PULUMI_VERSION" -o "$OUT/main/" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./gen
}
build_yaml() {
  cd "$BUILD/yaml"
  "${GOBUILD[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
    -o "$OUT/yaml/" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}
build_java() {
  cd "$BUILD/java"
  "${GOBUILD[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi-java/pkg/version.Version=$JAVA_VERSION" \
    -o "$OUT/java/" github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java
}

# `go build` already uses both cores for one module; the three module builds run
# side by side so one module's single-threaded link overlaps another's compile.
start=$SECONDS
log "building pulumi $PULUMI_VERSION (+ dotnet codegen $DOTNET_HOST_VERSION), yaml host $YAML_VERSION, java host $JAVA_VERSION (logs in ${BUILD#"$ROOT/"}/*.log)"
pids=()
for m in main yaml java; do
  ( "build_$m" ) >"$BUILD/$m.log" 2>&1 &
  pids+=("$!")
done
fail=0
i=0
for m in main yaml java; do
  if ! wait "${pids[$i]}"; then
    log "FAILED: $m module; last lines of ${BUILD#"$ROOT/"}/$m.log:"
    tail -n 30 "$BUILD/$m.log" >&2
    fail=1
  fi
  i=$((i + 1))
done
[[ $fail == 0 ]] || exit 1
log "compiled in $((SECONDS - start))s"

# ---- install ----------------------------------------------------------------
mkdir -p "$BIN"
rm -f "$STAMP"
install -m 0755 "$OUT/main/pulumi" \
  "$OUT/yaml/pulumi-language-yaml" "$OUT/java/pulumi-language-java" "$BIN/"
install -m 0755 "$OUT/main/gen" "$BIN/pulumi-kmskey-gen"
# The stand-in answers as pulumi-language-<lang> when started under that name.
for lang in nodejs python go dotnet; do
  ln -sfn pulumi-kmskey-gen "$BIN/pulumi-language-$lang"
done
# The shim the python host (real or stand-in) runs programs with, next to itself; shipped in the sdk/v3 module.
SDK_DIR="$(cd "$BUILD/main" && go list -mod=readonly -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$SDK_DIR/python/cmd/pulumi-language-python-exec" "$BIN/"

stamp_content >"$STAMP"
log "done: $("$BIN/pulumi" version) in ${BIN#"$ROOT/"} ($(du -sh "$BIN" | cut -f1))"
