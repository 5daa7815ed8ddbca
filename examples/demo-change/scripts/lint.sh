#!/usr/bin/env bash
# Runs the linters the CI runs, locally.
set -euo pipefail
npx eslint .
