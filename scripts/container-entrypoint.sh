#!/bin/sh
# The container image's entry point. A command (`dd-lint ...`, `dd-lint-webhook ...`, `sh`) runs as
# given; no arguments, or arguments that are options (`--host=0.0.0.0`, as the webhook chart passes
# them), start the webhook with them.
set -e
case "${1:-}" in
  '' | -*) exec dd-lint-webhook "$@" ;;
  *) exec "$@" ;;
esac
