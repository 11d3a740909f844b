# shellcheck shell=bash
# Source me (bash or zsh):  . scripts/pulumi-env.sh
# Puts the Go-built Pulumi CLI and language hosts from .tools/bin (made by
# scripts/build-tools.sh / `make tools`) first on PATH and configures Pulumi for
# fully offline, local use: no update checks, no plugin downloads, no Pulumi
# Cloud, no registry look-ups; state and PULUMI_HOME live under .tools/.
# All paths are derived from this file's location.

if [ -n "${BASH_SOURCE:-}" ]; then
  _kmskey_env_src="${BASH_SOURCE[0]}"
elif [ -n "${ZSH_VERSION:-}" ]; then
  # shellcheck disable=SC2296
  _kmskey_env_src="${(%):-%x}"
else
  _kmskey_env_src="$0"
fi
KMSKEY_ROOT="$(cd "$(dirname "$_kmskey_env_src")/.." && pwd)"
unset _kmskey_env_src
export KMSKEY_ROOT
export KMSKEY_TOOLS_BIN="$KMSKEY_ROOT/.tools/bin"

case ":$PATH:" in
  *":$KMSKEY_TOOLS_BIN:"*) ;;
  *) export PATH="$KMSKEY_TOOLS_BIN:$PATH" ;;
esac

export PULUMI_HOME="$KMSKEY_ROOT/.tools/pulumi-home"
export PULUMI_BACKEND_URL="file://$KMSKEY_ROOT/.tools/state"
mkdir -p "$PULUMI_HOME" "$KMSKEY_ROOT/.tools/state"

export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-test}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
# Package names are never resolved through the Pulumi Registry.
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_SKIP_CONFIRMATIONS=true
export PULUMI_SKIP_NEW_CREDENTIALS_CHECK=true
export PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
export PULUMI_SUPPRESS_NEO_LINK=true
export PULUMI_NEO=false
# No Pulumi Cloud: never use a token from the caller's environment.
unset PULUMI_ACCESS_TOKEN PULUMI_API
