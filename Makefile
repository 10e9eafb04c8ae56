# Shortcuts for the scripts (the scripts are the source of truth).
.PHONY: run test bench build
run:
	scripts/run-local.sh
test:
	scripts/test.sh
bench:
	bench/run.sh
build:
	swift build
