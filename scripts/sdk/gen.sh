#!/usr/bin/env bash
# Generates the SDKs of every language from schema.json with `pulumi package gen-sdk`
# (the offline toolchain in .tools/bin, see scripts/pulumi-env.sh; build it with `make tools`).
#
#   scripts/sdk/gen.sh            regenerate sdk/{nodejs,python,go,dotnet,java} in place
#   scripts/sdk/gen.sh --check    generate into a temporary directory and fail, showing the
#                                 difference, when it differs from what is in sdk/
#
# Each language is generated into a fresh temporary directory and then replaces sdk/<lang> as a
# whole, so files the generator no longer writes disappear. sdk/go.mod and sdk/go.sum (the Go
# module that holds sdk/go/kmskey) are written by hand and left alone.
#
# One post-processing step: the Java generator's Gradle files hard-code a Maven mirror repository
# block next to mavenCentral(); it is removed (the project names no registry hosts in its files),
# leaving mavenLocal(), mavenCentral() and gradlePluginPortal(). Everything else is byte for byte
# what gen-sdk writes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LANGS=(nodejs python go dotnet java)
CHECK=0
case "${1:-}" in
  --check) CHECK=1 ;;
  "") ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "gen.sh: unknown argument: $1" >&2; exit 2 ;;
esac

cd "$ROOT"
# shellcheck source=../pulumi-env.sh
. scripts/pulumi-env.sh
command -v pulumi >/dev/null || { echo "gen.sh: pulumi not found; run 'make tools' first" >&2; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kmskey-gen-sdk.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# Drop `maven { // The google mirror ...\n url(...)\n }` blocks from the Gradle files.
strip_gradle_mirror() {
  local f
  for f in "$1"/build.gradle "$1"/settings.gradle; do
    [[ -f "$f" ]] || continue
    awk '
      skip > 0 { skip--; next }
      /^[[:space:]]*maven \{ \/\/ The google mirror/ { skip = 2; next }
      { print }
    ' "$f" >"$f.tmp"
    mv "$f.tmp" "$f"
  done
}

for lang in "${LANGS[@]}"; do
  # gen-sdk writes <out>/<lang>; its progress line goes to stderr only on failure.
  if ! pulumi package gen-sdk schema.json --language "$lang" --out "$TMP/out" >"$TMP/$lang.log" 2>&1; then
    cat "$TMP/$lang.log" >&2
    echo "gen.sh: gen-sdk --language $lang failed" >&2
    exit 1
  fi
  [[ -d "$TMP/out/$lang" ]] || { echo "gen.sh: gen-sdk wrote no $lang directory" >&2; exit 1; }
done
strip_gradle_mirror "$TMP/out/java"
if grep -rqE 'storage-download|googleapis' "$TMP/out/java"; then
  echo "gen.sh: the Java Gradle files still name a mirror host; update strip_gradle_mirror" >&2
  exit 1
fi

if [[ $CHECK == 1 ]]; then
  status=0
  for lang in "${LANGS[@]}"; do
    # Build products that the generated .gitignore files exclude are not part of the SDK.
    if ! diff -r -u --exclude=node_modules --exclude=bin --exclude=__pycache__ --exclude='*.pyc' \
        --exclude=build --exclude=dist --exclude='*.egg-info' --exclude=.mypy_cache \
        "sdk/$lang" "$TMP/out/$lang" >"$TMP/$lang.diff"; then
      echo "gen.sh: sdk/$lang is not what gen-sdk generates from schema.json (run 'make gen-sdk' and commit):" >&2
      head -n 60 "$TMP/$lang.diff" >&2
      status=1
    fi
  done
  [[ $status == 0 ]] && echo "gen-sdk check: sdk/{$(IFS=,; echo "${LANGS[*]}")} match schema.json"
  exit $status
fi

mkdir -p sdk
for lang in "${LANGS[@]}"; do
  rm -rf "sdk/$lang"
  cp -R "$TMP/out/$lang" "sdk/$lang"
done
echo "gen-sdk: wrote sdk/{$(IFS=,; echo "${LANGS[*]}")} from schema.json"
