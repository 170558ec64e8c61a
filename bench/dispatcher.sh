#!/usr/bin/env bash
# The dispatcher's task intake (POST /v1/form-sender/tasks) measured with wrk on loopback:
# requests per second and latency percentiles of `formsender serve` on the embedded backends
# (SQLite, local object store, local task queue) with the batch backend `noop`, so what is
# measured is the dispatcher itself: authentication, payload validation, the duplicate check,
# the signed URL's freshness probe (a HEAD to the object store), the job_executions insert and
# the batch submission. Every request is a new run (its own targeting id), never a duplicate.
# GET /healthz is measured alongside as the HTTP floor.
#
#   bench/dispatcher.sh                 DURATION=10 CONNECTIONS=8 THREADS=2 BUILD=build
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
for tool in wrk node curl; do
  command -v "$tool" >/dev/null || {
    echo "bench/dispatcher.sh: $tool is missing (scripts/install-deps installs it)" >&2
    exit 2
  }
done
if [[ ! -x "$BUILD/formsender" ]]; then
  cmake --build "$BUILD" --target formsender >/dev/null
fi
fs=$(realpath "$BUILD/formsender")
work=$(mktemp -d /tmp/formsender-dispatcher-bench.XXXXXX)
serve=""
cleanup() {
  if [[ -n $serve ]]; then
    kill "$serve" 2>/dev/null || true
    wait "$serve" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export FORMSENDER_DATA_DIR=$work/data FORMSENDER_BATCH_BACKEND=noop
unset FORMSENDER_DATABASE_URL FORMSENDER_CONFIG
"$fs" db migrate >/dev/null
"$fs" import clients docs/examples/clients.csv >/dev/null
"$fs" import targeting docs/examples/targeting.csv >/dev/null

"$fs" --json serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
serve=$!
for _ in $(seq 100); do
  [[ -s $work/serve.out ]] && break
  sleep 0.1
done
base=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).base_url)' \
  "$work/serve.out")
token=$(cat "$FORMSENDER_DATA_DIR/keys/dispatcher.token")

# One real task, made the way the scheduler makes it (client config uploaded, signed URL), is
# the template: its payload is read back from the execution serve recorded.
"$fs" trigger 1 --test-mode >/dev/null
payload=""
for _ in $(seq 100); do
  payload=$(curl -sf -H "Authorization: Bearer $token" \
    "$base/v1/form-sender/executions?targeting_id=1" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      const e=JSON.parse(s).executions; if(e.length) console.log(JSON.stringify(e[0].metadata.task_payload))})')
  [[ -n $payload ]] && break
  sleep 0.1
done
if [[ -z $payload ]]; then
  echo "bench/dispatcher.sh: the template task never reached serve; serve's log:" >&2
  tail -n 20 "$work/serve.log" >&2
  exit 1
fi

# Each wrk thread numbers its requests from its own base, so every targeting id is new.
cat >"$work/intake.lua" <<EOF
local template = [==[$payload]==]
local counter = 0
base = 0  -- set per thread by setup() (a global: thread:set cannot reach a local)
local threads = {}
function setup(thread)
  thread:set("base", (#threads + 1) * 10000000)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  local body = template:gsub('"targeting_id":%d+', '"targeting_id":' .. (base + counter), 1)
  body = body:gsub('"execution_id":"[^"]*",?', '', 1)
  return wrk.format("POST", "/v1/form-sender/tasks", {
    ["Authorization"] = "Bearer $token",
    ["Content-Type"] = "application/json"}, body)
end
answers = {}
function response(status, headers, body)
  local key = status .. " " .. (body:match('"status":"(%w+)"') or "")
  answers[key] = (answers[key] or 0) + 1
  if status ~= 200 and answers[key] == 1 then io.stderr:write(key .. ": " .. body .. "\n") end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("answers")) do total[key] = (total[key] or 0) + n end
  end
  for key, n in pairs(total) do io.write("  answered ", key, ": ", n, "\n") end
end
EOF

run() {
  local name=$1
  shift
  echo "-- $name: $CONNECTIONS connections, $THREADS threads, ${DURATION}s"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency "$@" |
    grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|75|90|99)%|requests in|answered'
}
run "GET /healthz" "$base/healthz"
run "POST /v1/form-sender/tasks (new run each)" -s "$work/intake.lua" "$base"
echo "job_executions rows (the template run included): $(sqlite3 "$FORMSENDER_DATA_DIR/formsender.db" \
  'SELECT count(*) FROM job_executions')"
echo "peak RSS of serve: $(awk '/VmHWM/ {print int($2/1024)}' "/proc/$serve/status") MiB"
