#!/usr/bin/env bash
# Limited calls per second through Toolgate, driven by wrk (a load run, not a test: never part of `mvn verify`).
#
# One run, four targets, measured in alternating slices so the machine's drift hits all of them alike:
#   direct  wrk -> upstream
#   nginx   wrk -> nginx as a plain reverse proxy (HTTP/1.1 keep-alive upstream, no buffering, 2 workers) -> upstream
#   memory  wrk -> Toolgate, counters in memory -> upstream
#   redis   wrk -> Toolgate --redis (a local redis-server) -> upstream
# The upstream is nginx answering every POST /mcp with one fixed JSON-RPC result (one worker), so neither the load
# generator (wrk, C, one thread) nor the upstream takes much of the cores the proxy needs; the Java load benchmark's
# clients and upstream cost ~300 us of CPU per call and cap a 2-core machine at ~4,000 calls/s before any proxy.
# Both Toolgates run benchmarks/limited-policy.yaml: list_workflows is a limited call (a per-grant daily counter
# whose limit is never reached), so every call is decided, reserved in the store and settled.
#
# Checks, so a fast refusal cannot pass for a fast call: every target answers the call with the upstream's result
# before the run; wrk's errors and non-2xx answers are reported (a run with any is marked); after the run the Redis
# counter must hold at least every call wrk completed through the Redis Toolgate, and the audit logs say how many
# calls each Toolgate did not allow (a refusal is a 200 answer to wrk).
#
# Usage (from the repository root, after `mvn -B -o -q -Pbench -pl benchmarks -am package -DskipTests`):
#   benchmarks/wrk/limited-calls.sh [--jar proxy/target/toolgate-proxy.jar] [--connections 16] [--threads 1]
#       [--seconds 10] [--rounds 3] [--warmup 60] [--proxy-cpus LIST --load-cpus LIST] [--versus-jar OLD.jar]
# --versus-jar adds a fifth target, `versus`: Toolgate --redis from another build, for an A/B of two commits in one run.
# --proxy-cpus/--load-cpus pin (taskset) the two proxies and nginx relay, and wrk, the upstream and Redis, to those CPUs.
# Needs wrk (Debian 4.1.0), nginx (1.22), redis-server (7.0), curl, taskset when pinning; Java 17.
set -euo pipefail

JAR=proxy/target/toolgate-proxy.jar
CONNECTIONS=16
THREADS=1
SECONDS_PER_SLICE=10
ROUNDS=3
WARMUP=60
PROXY_CPUS=""
VERSUS_JAR=""
LOAD_CPUS=""
JVM_OPTIONS=(-Xms64m -Xmx128m -XX:+UseSerialGC -Xss512k)
POLICY=benchmarks/limited-policy.yaml
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)

while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; exit 2; }
  case "$1" in
    --jar) JAR=$2 ;;
    --connections) CONNECTIONS=$2 ;;
    --threads) THREADS=$2 ;;
    --seconds) SECONDS_PER_SLICE=$2 ;;
    --rounds) ROUNDS=$2 ;;
    --warmup) WARMUP=$2 ;;
    --proxy-cpus) PROXY_CPUS=$2 ;;
    --load-cpus) LOAD_CPUS=$2 ;;
    --versus-jar) VERSUS_JAR=$2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift 2
done
for tool in wrk nginx redis-server redis-cli curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[[ -f $JAR ]] || { echo "no $JAR: build it first" >&2; exit 2; }

WORK=$(mktemp -d /tmp/toolgate-wrk.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# a free loopback port (the kernel picks it)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pinned() { local cpus=$1; shift; if [[ -n $cpus ]]; then taskset -c "$cpus" "$@"; else "$@"; fi; }
# the same in place of this (sub)shell, so that `(spawn ...) &` leaves the started program's own pid in $!
spawn() { local cpus=$1; shift; if [[ -n $cpus ]]; then exec taskset -c "$cpus" "$@"; else exec "$@"; fi; }

UPSTREAM_PORT=$(free_port); RELAY_PORT=$(free_port); REDIS_PORT=$(free_port)
MEMORY_PORT=$(free_port); MEMORY_ADMIN=$(free_port); REDIS_PROXY_PORT=$(free_port); REDIS_ADMIN=$(free_port)
RESULT='{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"wrk-upstream-ok"}]}}'

nginx_conf() { # directory, workers, server block
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<EOF
daemon off;
worker_processes $2;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    client_body_temp_path $1/body; proxy_temp_path $1/proxy; fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
$3
}
EOF
}

nginx_conf "$WORK/upstream" 1 "
    server {
        listen 127.0.0.1:$UPSTREAM_PORT backlog=4096;
        location = /ready { return 200; }
        location = /mcp { default_type application/json; return 200 '$RESULT'; }
    }"
nginx_conf "$WORK/relay" 2 "
    upstream mcp { server 127.0.0.1:$UPSTREAM_PORT; keepalive 256; keepalive_requests 100000000; }
    server {
        listen 127.0.0.1:$RELAY_PORT backlog=4096;
        location = /ready { return 200; }
        location / {
            proxy_pass http://mcp;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_buffering off;
            proxy_request_buffering off;
        }
    }"

(spawn "$LOAD_CPUS" nginx -p "$WORK/upstream" -c nginx.conf) & PIDS+=($!)
(spawn "$PROXY_CPUS" nginx -p "$WORK/relay" -c nginx.conf) & PIDS+=($!); RELAY_PID=$!
(spawn "$LOAD_CPUS" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --logfile "$WORK/redis.log") &
PIDS+=($!); REDIS_PID=$!
toolgate() { # jar, port, admin port, audit log, serve options...
  local jar=$1 port=$2 admin=$3 audit=$4; shift 4
  spawn "$PROXY_CPUS" java "${JVM_OPTIONS[@]}" -jar "$jar" serve --policy "$POLICY" \
    --upstream "http://127.0.0.1:$UPSTREAM_PORT/mcp" --port "$port" --admin-port "$admin" --audit-log "$audit" "$@" \
    > "$audit.out" 2>&1
}
(toolgate "$JAR" "$MEMORY_PORT" "$MEMORY_ADMIN" "$WORK/memory-audit.log") & PIDS+=($!); MEMORY_PID=$!
(toolgate "$JAR" "$REDIS_PROXY_PORT" "$REDIS_ADMIN" "$WORK/redis-audit.log" --redis "redis://127.0.0.1:$REDIS_PORT") & PIDS+=($!)
REDIS_PROXY_PID=$!
if [[ -n $VERSUS_JAR ]]; then
  VERSUS_PORT=$(free_port); VERSUS_ADMIN=$(free_port)
  # its own Redis database, so the counters of the two Redis Toolgates stay apart
  (toolgate "$VERSUS_JAR" "$VERSUS_PORT" "$VERSUS_ADMIN" "$WORK/versus-audit.log" --redis "redis://127.0.0.1:$REDIS_PORT/1") &
  PIDS+=($!); VERSUS_PID=$!
fi

await() { # url
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1 # polling processes this script does not control
  done
  echo "not ready: $1 (logs in $WORK)" >&2; exit 1
}
await "http://127.0.0.1:$UPSTREAM_PORT/ready"; await "http://127.0.0.1:$RELAY_PORT/ready"
await "http://127.0.0.1:$MEMORY_ADMIN/readyz"; await "http://127.0.0.1:$REDIS_ADMIN/readyz"
[[ -z $VERSUS_JAR ]] || await "http://127.0.0.1:$VERSUS_ADMIN/readyz"
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done

NAMES=(direct nginx memory redis)
declare -A URL=([direct]="http://127.0.0.1:$UPSTREAM_PORT/mcp" [nginx]="http://127.0.0.1:$RELAY_PORT/mcp"
  [memory]="http://127.0.0.1:$MEMORY_PORT/mcp" [redis]="http://127.0.0.1:$REDIS_PROXY_PORT/mcp")
declare -A CPU_PID=([nginx]=$RELAY_PID [memory]=$MEMORY_PID [redis]=$REDIS_PROXY_PID)
if [[ -n $VERSUS_JAR ]]; then
  NAMES+=(versus); URL[versus]="http://127.0.0.1:$VERSUS_PORT/mcp"; CPU_PID[versus]=$VERSUS_PID
fi
BODY=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$SCRIPT_DIR/tools-call.lua")

for name in "${NAMES[@]}"; do
  answer=$(curl -sS -X POST -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    --data "$BODY" "${URL[$name]}")
  if [[ $answer != *wrk-upstream-ok* || $answer == *isError* ]]; then
    echo "$name does not pass the call through: $answer (logs in $WORK)" >&2; exit 1
  fi
done

# CPU ticks (utime + stime) of a process and its children (nginx's workers; a JVM is one process)
ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
HZ=$(getconf CLK_TCK)

declare -A REQUESTS DURATION CPU P50S P99S ERRORS WRK_TOTAL REDIS_TICKS
run_wrk() { # name seconds -> RESULT line
  pinned "$LOAD_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 10s -s "$SCRIPT_DIR/tools-call.lua" "${URL[$1]}" \
    | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

echo "toolgate wrk run: $CONNECTIONS connections, $THREADS wrk thread(s), $ROUNDS rounds of ${SECONDS_PER_SLICE}s per target after"\
  "${WARMUP}s of warm-up per proxy; proxy CPUs: ${PROXY_CPUS:-any}, load CPUs: ${LOAD_CPUS:-any}; work dir $WORK"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# warm-up: the proxies' JIT (C2) needs tens of seconds of load before its code settles
for name in "${NAMES[@]:1}"; do
  for _ in 1 2; do
    line=$(run_wrk "$name" $((WARMUP / 2)))
    WRK_TOTAL[$name]=$(( ${WRK_TOTAL[$name]:-0} + $(field requests "$line") ))
  done
done

for round in $(seq 1 "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    before=0; [[ -n ${CPU_PID[$name]:-} ]] && before=$(ticks "${CPU_PID[$name]}")
    redis_before=$(ticks "$REDIS_PID")
    line=$(run_wrk "$name" "$SECONDS_PER_SLICE")
    after=0; [[ -n ${CPU_PID[$name]:-} ]] && after=$(ticks "${CPU_PID[$name]}")
    REDIS_TICKS[$name]=$(( ${REDIS_TICKS[$name]:-0} + $(ticks "$REDIS_PID") - redis_before ))
    REQUESTS[$name]=$(( ${REQUESTS[$name]:-0} + $(field requests "$line") ))
    WRK_TOTAL[$name]=$(( ${WRK_TOTAL[$name]:-0} + $(field requests "$line") ))
    DURATION[$name]=$(( ${DURATION[$name]:-0} + $(field duration_us "$line") ))
    CPU[$name]=$(( ${CPU[$name]:-0} + after - before ))
    ERRORS[$name]=$(( ${ERRORS[$name]:-0} + $(field errors "$line") ))
    P50S[$name]="${P50S[$name]:-} $(field p50_us "$line")"
    P99S[$name]="${P99S[$name]:-} $(field p99_us "$line")"
    printf '  round %d %-6s %8.0f calls/s  p50 %5d us  p99 %6d us  errors %d\n' "$round" "$name" \
      "$(bc -l <<<"$(field requests "$line") * 1000000 / $(field duration_us "$line")")" \
      "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field errors "$line")"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
rate() { bc -l <<<"${REQUESTS[$1]} * 1000000 / ${DURATION[$1]}"; }
DIRECT_RATE=$(rate direct)
echo
echo "| target | calls/s | vs direct | p50 ms (median of rounds) | p99 ms (median of rounds) | proxy CPU us/call | Redis CPU us/call | errors |"
echo "|---|---|---|---|---|---|---|---|"
for name in "${NAMES[@]}"; do
  r=$(rate "$name")
  cpu="—"; [[ -n ${CPU_PID[$name]:-} ]] && cpu=$(printf '%.0f' "$(bc -l <<<"${CPU[$name]} * 1000000 / $HZ / ${REQUESTS[$name]}")")
  redis_cpu="—"; [[ $name == redis || $name == versus ]] && redis_cpu=$(printf '%.0f' "$(bc -l <<<"${REDIS_TICKS[$name]} * 1000000 / $HZ / ${REQUESTS[$name]}")")
  printf '| %s | %.0f | %.2f | %.3f | %.3f | %s | %s | %d |\n' "$name" "$r" "$(bc -l <<<"$r / $DIRECT_RATE")" \
    "$(bc -l <<<"$(median "${P50S[$name]}") / 1000")" "$(bc -l <<<"$(median "${P99S[$name]}") / 1000")" "$cpu" "$redis_cpu" "${ERRORS[$name]}"
done
printf '\nRedis vs memory: p50 %+.0f us, throughput ratio %.2f\n' \
  "$(bc -l <<<"$(median "${P50S[redis]}") - $(median "${P50S[memory]}")")" "$(bc -l <<<"$(rate redis) / $(rate memory)")"
if [[ -n $VERSUS_JAR ]]; then
  printf 'versus (%s) vs memory: p50 %+.0f us, throughput ratio %.2f\n' "$VERSUS_JAR" \
    "$(bc -l <<<"$(median "${P50S[versus]}") - $(median "${P50S[memory]}")")" "$(bc -l <<<"$(rate versus) / $(rate memory)")"
fi

# every call wrk completed through the Redis Toolgate must have been counted in Redis (in-flight calls at the end of
# a slice may be counted without being completed, so the counter may be a little higher, never lower)
counted=0
for key in $(redis-cli -p "$REDIS_PORT" --scan --pattern 'toolgate:*'); do
  counted=$((counted + $(redis-cli -p "$REDIS_PORT" hget "$key" v)))
done
completed=$(( ${WRK_TOTAL[redis]} + 1 ))
verdict=ok; (( counted >= completed )) || verdict="MISSING $((completed - counted))"
echo "counted in Redis: $counted; calls completed through the Redis Toolgate (warm-up, check and measured): $completed ($verdict)"
# a refusal is a 200 answer to wrk: the audit logs say how many calls the Toolgates did not allow (with Redis: a store
# that did not answer within --redis-timeout-ms fails closed)
sleep 0.5 # the audit writer drains every 10 ms
for name in memory redis versus; do
  log="$WORK/$name-audit.log"
  [[ -f $log ]] || continue
  echo "$name: $(wc -l < "$log") calls audited, $(grep -vc '"decision":"ALLOW"' "$log" || true) not allowed" \
    "($(grep -c '"limitStore":"unavailable"' "$log" || true) of them because the store did not answer in time)"
done
total_errors=0
for name in "${NAMES[@]}"; do total_errors=$((total_errors + ${ERRORS[$name]})); done
if (( total_errors > 0 )); then
  echo "WARNING: some requests failed (see errors): the figures of those targets do not count" >&2
fi
