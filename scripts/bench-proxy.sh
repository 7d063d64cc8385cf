#!/usr/bin/env bash
# The proxy load benchmark: builds the proxy jar and the benchmarks jar, then runs N clients against the demo
# upstream directly, through the proxy (a separate JVM) and through nginx (Debian's package), and measures the proxy's RSS
# with 1,000 open sessions.
# Usage: scripts/bench-proxy.sh [--clients 16 | --clients 16,4,1] [--seconds 20] [--slices 4] [--round 10] [--max-warmup 600]
#        [--sessions 1000] [--java PATH] [--jvm "-Xmx128m ..."] [--serve "--event-loops 1"]
#        [--versus "--event-loops 2"] [--versus-java PATH] [--versus-jar PATH]   (a second Toolgate in the relay's place: an A/B in one run)
#        [--relay nginx | vertx | tcp | netty-http] [--nginx PATH]   (the third target: nginx by default; a bare Vert.x relay, a TCP byte pipe, or an HTTP relay on plain Netty)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl proxy package -DskipTests
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar dev.toolgate.bench.load.ProxyLoadBenchmark --jar proxy/target/toolgate-proxy.jar "$@"
