# Pulumi CLI + language hosts built from Go modules into .tools/bin
# (scripts/build-tools.sh; it skips the build when the stamp is current).
# Use in recipes:   $(WITH_PULUMI) pulumi package gen-sdk ...
# and depend on $(TOOLS_STAMP) to get the tools built first.
TOOLS_BIN    := .tools/bin
TOOLS_STAMP  := $(TOOLS_BIN)/.tools-stamp
TOOLS_INPUTS := scripts/build-tools.sh $(shell find scripts/tools-go -name '*.go' -o -name 'go.mod' -o -name 'go.sum' 2>/dev/null)
WITH_PULUMI  := . scripts/pulumi-env.sh &&

$(TOOLS_STAMP): $(TOOLS_INPUTS)
	scripts/build-tools.sh

tools:
	scripts/build-tools.sh

.PHONY: tools
