//go:build tools

// Package tools pins pulumi-language-yaml for scripts/build-tools.sh.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
