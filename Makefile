# Shortcuts for the scripts (the scripts are the source of truth).
.PHONY: run test bench bench-ingest build
run:
	scripts/run-local.sh
test:
	scripts/test.sh
bench:
	bench/run.sh
bench-ingest:
	bench/ingest.sh
build:
	swift build
