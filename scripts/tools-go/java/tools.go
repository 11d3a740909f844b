//go:build tools

// Package tools pins pulumi-language-java for scripts/build-tools.sh.
package tools

import (
	_ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java"
)
