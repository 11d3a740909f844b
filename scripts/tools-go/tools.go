//go:build tools

// Package tools pins the Go programs that scripts/build-tools.sh builds from
// this wrapper module (see that script). It contains no Pulumi source code;
// ./gen is this repository's own program.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
