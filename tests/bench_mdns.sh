#!/bin/sh
# bench_mdns.sh BUILD_DIR: the mDNS figures for make bench (caller start ->
# first NEXT, display restart -> caller served again), from tests/it_mdns.sh.
sh "$(dirname "$0")/it_mdns.sh" --bench "${1:-build/rel}" | grep -E '^  mdns:|^it_mdns:'
