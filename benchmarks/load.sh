#!/usr/bin/env bash
# Throughput of the service against a ceiling, in one run on this machine: a Kestrel endpoint that only reads the
# body and writes a fixed 2 KB answer, and the real service (its own process, SQLite audit in a temp dir), both
# loaded by wrk with the same order-select request (full prefetch, fresh hookInstance per request).
#
#   benchmarks/load.sh                 # ~2 min: 16 connections and 1 connection on both, then a 550 KB prefetch
#   DURATION=20 CONNECTIONS=16 SOAK=60 benchmarks/load.sh   # SOAK: seconds of extra load before reading memory
#   NO_BUILD=1 benchmarks/load.sh      # use the Release binaries already built
#
# Needs wrk (Debian: apt-get install -y wrk). Prints a table, the ratio and the service's working set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-16}
SOAK=${SOAK:-0}
SCENARIO=21-renal-order-select-selections
command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install -y wrk)" >&2; exit 2; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local port
  for port in $(shuf -i 56000-60999 -n 50); do
    ss -ltn "sport = :$port" | grep -q LISTEN || { echo "$port"; return; }
  done
  echo "no free port" >&2; exit 1
}

if [[ -z "${NO_BUILD:-}" ]]; then
echo "building (Release)..." >&2
dotnet build -c Release "$ROOT/benchmarks/CryoCdsHooks.Benchmarks" -v quiet -nologo >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; exit 1; }
fi
BENCH="dotnet $ROOT/benchmarks/CryoCdsHooks.Benchmarks/bin/Release/net10.0/CryoCdsHooks.Benchmarks.dll"
# SERVICE_DIR: another build of the service to load (e.g. an older commit's), same request and ceiling.
SERVICE_DIR=${SERVICE_DIR:-$ROOT/src/CryoCdsHooks.Web/bin/Release/net10.0}

$BENCH write-request "$SCENARIO" >"$WORK/request.json"
# 150 Conditions and 400 Observations in all (the scenario has 1 and 6).
$BENCH write-request "$SCENARIO" 149 394 >"$WORK/large.json"

CEILING_PORT=$(free_port)
# The ceiling runs with ASP.NET Core's default GC (server), like a plain web app.
DOTNET_gcServer=1 $BENCH ceiling-server "http://127.0.0.1:$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 &
CEILING_PID=$!
PIDS+=($CEILING_PID)

SERVICE_PORT=$(free_port)
(cd "$SERVICE_DIR" && exec env ASPNETCORE_ENVIRONMENT=Benchmark ASPNETCORE_URLS="http://127.0.0.1:$SERVICE_PORT" \
  ConnectionStrings__Audit="Data Source=$WORK/audit.db" CdsClients__RequireAuthentication=false \
  CdsService__PublicBaseUrl="http://127.0.0.1:$SERVICE_PORT" Smart__RedirectUri="http://127.0.0.1:$SERVICE_PORT/smart/callback" \
  RateLimiting__PermitsPerMinute=1000000 Logging__LogLevel__Default=Warning \
  dotnet CryoCdsHooks.Web.dll) >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=($SERVICE_PID)

for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$SERVICE_PORT/readyz" >/dev/null && curl -sf -o /dev/null -X POST -d '{}' \
    "http://127.0.0.1:$CEILING_PORT/" && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$SERVICE_PORT/readyz" >/dev/null || { cat "$WORK/service.log" >&2; exit 1; }

CEILING_URL="http://127.0.0.1:$CEILING_PORT/cds-services/cryoablation-order-select"
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT/cds-services/cryoablation-order-select"

field() { sed -E "s/.*\b$2=([0-9.]+).*/\1/" <<<"$1"; }
row() {
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$2" requests)" "$(field "$2" rps)" \
    "$(field "$2" p50)" "$(field "$2" p99)" "$(field "$2" max)" "$(field "$2" cpu)" \
    "$(( $(field "$2" non2xx) + $(field "$2" errors) ))"
}

# CPU time (user + system, ms) a process has used so far: robust to other load on a shared machine.
cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / tick) }' "/proc/$1/stat"; }

# load <url> <connections> <seconds> <pid> <body file>: prints wrk's RESULT line plus the target's CPU ms/request.
load() {
  local before result
  before=$(cpu_ms "$4")
  result=$(wrk -t "$(( $2 < 2 ? 1 : 2 ))" -c "$2" -d "${3}s" --timeout 10s -s "$ROOT/benchmarks/load.lua" "$1" -- "$5" \
    | grep '^RESULT' | sed 's/^RESULT //')
  echo "$result cpu=$(awk -v used="$(( $(cpu_ms "$4") - before ))" -v n="$(field "$result" requests)" 'BEGIN { printf "%.3f", used / n }')"
}


echo "warming up..." >&2
load "$CEILING_URL" "$CONNECTIONS" "$WARMUP" "$CEILING_PID" "$WORK/request.json" >/dev/null
load "$SERVICE_URL" "$CONNECTIONS" "$WARMUP" "$SERVICE_PID" "$WORK/request.json" >/dev/null

echo "measuring ${DURATION}s per row..." >&2
ceiling_n=$(load "$CEILING_URL" "$CONNECTIONS" "$DURATION" "$CEILING_PID" "$WORK/request.json")
service_n=$(load "$SERVICE_URL" "$CONNECTIONS" "$DURATION" "$SERVICE_PID" "$WORK/request.json")
ceiling_1=$(load "$CEILING_URL" 1 "$DURATION" "$CEILING_PID" "$WORK/request.json")
service_1=$(load "$SERVICE_URL" 1 "$DURATION" "$SERVICE_PID" "$WORK/request.json")
large_1=$(load "$SERVICE_URL" 1 "$DURATION" "$SERVICE_PID" "$WORK/large.json")
if (( SOAK > 0 )); then load "$SERVICE_URL" "$CONNECTIONS" "$SOAK" "$SERVICE_PID" "$WORK/request.json" >/dev/null; fi
rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVICE_PID/status" 2>/dev/null || echo 0)

cat <<TABLE

## load.sh — $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD)
request: $SCENARIO, compact $(wc -c <"$WORK/request.json") bytes; large: $(wc -c <"$WORK/large.json") bytes (150 Conditions, 400 Observations); ${DURATION} s per row after ${WARMUP} s warm-up; wrk on the same machine

| target | requests | req/s | p50 ms | p99 ms | max ms | CPU ms/req | failures |
|---|---:|---:|---:|---:|---:|---:|---:|
$(row "ceiling, $CONNECTIONS connections" "$ceiling_n")
$(row "service, $CONNECTIONS connections" "$service_n")
$(row "ceiling, 1 connection" "$ceiling_1")
$(row "service, 1 connection" "$service_1")
$(row "service, 1 connection, large prefetch" "$large_1")

service / ceiling throughput at $CONNECTIONS connections = $(awk -v s="$(field "$service_n" rps)" -v c="$(field "$ceiling_n" rps)" 'BEGIN { printf "%.3f", s / c }')
ceiling / service CPU per request at $CONNECTIONS connections = $(awk -v s="$(field "$service_n" cpu)" -v c="$(field "$ceiling_n" cpu)" 'BEGIN { printf "%.3f", c / s }') (the throughput ratio a machine with no other load would give when both are CPU-bound)
service working set after $(( 2 * WARMUP + 3 * DURATION + SOAK )) s of load on it: $(( rss_kib / 1024 )) MiB
TABLE
