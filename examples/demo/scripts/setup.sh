#!/usr/bin/env bash
# DEBT: installs tools globally; should use a pinned toolchain
echo "TODO: not an annotation"
