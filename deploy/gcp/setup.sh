#!/usr/bin/env bash
# Sets up formsender on Google Cloud from zero, with gcloud: APIs, the batch VPC (private
# subnet with Private Google Access, Cloud Router + Cloud NAT), service accounts and their
# roles (operations guide §2), the client_config bucket (objects deleted after 7 days),
# secrets, the container image, the Cloud Tasks queue, the dispatcher (Cloud Run service
# running `formsender serve`), the runner as a Cloud Run job (serverless mode) and the Cloud
# Batch job template (batch mode).
#
#   deploy/gcp/setup.sh --config deploy/gcp/setup.env            do it
#   deploy/gcp/setup.sh --config deploy/gcp/setup.env --dry-run  print every command, run none
#   deploy/gcp/setup.sh … --only network,queue                  some steps only
#
# Steps, in order: apis network accounts bucket secrets image queue dispatcher job template
# roles properties. Every step can run again: what exists is kept (or updated where gcloud
# updates in place). docs/setup.md walks through each command.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

dry_run=0
config=""
only=""
usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}
while (($# > 0)); do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --config)
      config=${2:?--config needs a file}
      shift
      ;;
    --config=*) config=${1#--config=} ;;
    --only)
      only=${2:?--only needs a list of steps}
      shift
      ;;
    --only=*) only=${1#--only=} ;;
    -h | --help) usage 0 ;;
    *)
      echo "setup.sh: unknown argument '$1'" >&2
      usage 2
      ;;
  esac
  shift
done

if [[ -n $config ]]; then
  [[ -r $config ]] || { echo "setup.sh: cannot read --config $config" >&2; exit 2; }
  # shellcheck source=/dev/null
  source "$config"
fi

# ---------------------------------------------------------------------------- settings
# Required.
PROJECT_ID=${PROJECT_ID:-}
# The reference deployment's names and sizes; override any of them in the config file.
REGION=${REGION:-asia-northeast1}
NETWORK=${NETWORK:-form-sender-batch-vpc}
SUBNET=${SUBNET:-form-sender-batch-subnet}
SUBNET_RANGE=${SUBNET_RANGE:-10.20.0.0/20}
ROUTER=${ROUTER:-form-sender-batch-router}
NAT=${NAT:-form-sender-batch-nat}
BUCKET=${BUCKET:-${PROJECT_ID}-form-sender-client-config}
QUEUE=${QUEUE:-form-sender-dispatcher}
REPOSITORY=${REPOSITORY:-formsender}
IMAGE_TAG=${IMAGE_TAG:-latest}
IMAGE=${IMAGE:-${REGION}-docker.pkg.dev/${PROJECT_ID}/${REPOSITORY}/formsender:${IMAGE_TAG}}
SERVICE=${SERVICE:-form-sender-dispatcher}
RUN_JOB=${RUN_JOB:-form-sender-runner}
TEMPLATE_JOB=${TEMPLATE_JOB:-form-sender}
TASK_GROUP=${TASK_GROUP:-form-sender-task-group}
ORCHESTRATOR_SA_NAME=${ORCHESTRATOR_SA_NAME:-form-sender-gas}
DISPATCHER_SA_NAME=${DISPATCHER_SA_NAME:-form-sender-dispatcher}
BATCH_SA_NAME=${BATCH_SA_NAME:-form-sender-batch}
DATABASE_SECRET=${DATABASE_SECRET:-form-sender-database-url}
# A file holding the PostgreSQL (Supabase) connection string, postgresql://…; read only when
# the secret has no version yet.
DATABASE_URL_FILE=${DATABASE_URL_FILE:-}
# Optional, for deployments that keep the reference's Supabase secrets: files with the
# Supabase URL and service-role key. When both are given they become secrets, the dispatcher's
# FORM_SENDER_BATCH_SUPABASE_URL_SECRET / …_SERVICE_ROLE_SECRET (passed to every Batch task as
# SUPABASE_URL / SUPABASE_SERVICE_ROLE_KEY) and the runner job's secrets.
SUPABASE_URL_FILE=${SUPABASE_URL_FILE:-}
SUPABASE_SERVICE_ROLE_KEY_FILE=${SUPABASE_SERVICE_ROLE_KEY_FILE:-}
SUPABASE_URL_SECRET=${SUPABASE_URL_SECRET:-form-sender-supabase-url}
SUPABASE_KEY_SECRET=${SUPABASE_KEY_SECRET:-form-sender-supabase-service-role-key}
# Execution mode of campaigns whose targeting row leaves it blank: batch or serverless.
DEFAULT_MODE=${DEFAULT_MODE:-batch}
# Cloud Tasks queue (terraform of the reference: 3 attempts, 100/s, 10 concurrent; its setup
# guide: 10 attempts over 15 h, backoff 60–600 s).
QUEUE_MAX_ATTEMPTS=${QUEUE_MAX_ATTEMPTS:-10}
QUEUE_MAX_RETRY_DURATION=${QUEUE_MAX_RETRY_DURATION:-54000s}
QUEUE_MIN_BACKOFF=${QUEUE_MIN_BACKOFF:-60s}
QUEUE_MAX_BACKOFF=${QUEUE_MAX_BACKOFF:-600s}
QUEUE_MAX_DISPATCHES_PER_SECOND=${QUEUE_MAX_DISPATCHES_PER_SECOND:-100}
QUEUE_MAX_CONCURRENT_DISPATCHES=${QUEUE_MAX_CONCURRENT_DISPATCHES:-10}
# Dispatcher service: one instance always up with CPU outside requests, because the batch
# monitor and the scheduler run inside `formsender serve` (Q-14).
DISPATCHER_MIN_INSTANCES=${DISPATCHER_MIN_INSTANCES:-1}
DISPATCHER_MAX_INSTANCES=${DISPATCHER_MAX_INSTANCES:-3}
DISPATCHER_CPU=${DISPATCHER_CPU:-1}
DISPATCHER_MEMORY=${DISPATCHER_MEMORY:-1Gi}
DISPATCHER_TIMEOUT=${DISPATCHER_TIMEOUT:-900s}
# Runner job (serverless mode): the reference's serverless guide sizes.
JOB_TASK_TIMEOUT=${JOB_TASK_TIMEOUT:-32400s}
JOB_MAX_RETRIES=${JOB_MAX_RETRIES:-3}
JOB_CPU=${JOB_CPU:-4}
JOB_MEMORY=${JOB_MEMORY:-14Gi}
JOB_PARALLELISM=${JOB_PARALLELISM:-0}

all_steps="apis network accounts bucket secrets image queue dispatcher job template roles properties"

die() {
  echo "setup.sh: $*" >&2
  exit 2
}
[[ -n $PROJECT_ID ]] || die "PROJECT_ID is not set (in --config or the environment)"
if [[ -n $SUPABASE_URL_FILE || -n $SUPABASE_SERVICE_ROLE_KEY_FILE ]]; then
  [[ -n $SUPABASE_URL_FILE && -n $SUPABASE_SERVICE_ROLE_KEY_FILE ]] ||
    die "set both SUPABASE_URL_FILE and SUPABASE_SERVICE_ROLE_KEY_FILE, or neither"
  with_supabase=1
else
  with_supabase=0
fi
[[ $DEFAULT_MODE == batch || $DEFAULT_MODE == serverless ]] ||
  die "DEFAULT_MODE must be batch or serverless, got '$DEFAULT_MODE'"
for step in ${only//,/ }; do
  [[ " $all_steps " == *" $step "* ]] || die "unknown step '$step' (steps: $all_steps)"
done
if ((!dry_run)); then
  command -v gcloud >/dev/null || die "gcloud is not installed (Google Cloud SDK)"
fi

ORCHESTRATOR_SA=${ORCHESTRATOR_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com
DISPATCHER_SA=${DISPATCHER_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com
BATCH_SA=${BATCH_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com
NETWORK_PATH=projects/${PROJECT_ID}/global/networks/${NETWORK}
SUBNET_PATH=projects/${PROJECT_ID}/regions/${REGION}/subnetworks/${SUBNET}
QUEUE_PATH=projects/${PROJECT_ID}/locations/${REGION}/queues/${QUEUE}
TEMPLATE_PATH=projects/${PROJECT_ID}/locations/${REGION}/jobs/${TEMPLATE_JOB}
DATABASE_SECRET_PATH=projects/${PROJECT_ID}/secrets/${DATABASE_SECRET}/versions/latest

# ---------------------------------------------------------------------------- helpers
# One argument as a shell word: plain when it is safe, single-quoted otherwise.
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}
show() {
  local out="" arg
  for arg in "$@"; do out+="$(quote "$arg") "; done
  printf '%s\n' "${out% }"
}
# Runs a command (prints it first); with --dry-run only prints it.
run() {
  show "$@"
  if ((!dry_run)); then "$@"; fi
}
# Whether a resource exists (a describe command that succeeds). With --dry-run nothing is
# looked up and everything counts as missing, so every create command is printed.
exists() {
  if ((dry_run)); then return 1; fi
  "$@" >/dev/null 2>&1
}
# The output of a command; with --dry-run prints it and answers the placeholder $1.
capture() {
  local placeholder=$1
  shift
  if ((dry_run)); then
    show "$@" >&2
    printf '%s' "$placeholder"
  else
    "$@"
  fi
}
wanted() { [[ -z $only || ",$only," == *",$1,"* ]]; }
step() { printf '\n# ---- %s\n' "$1"; }
g() { run gcloud "$@" --project="$PROJECT_ID"; }

# --- env of the dispatcher (formsender serve). Every name is one formsender reads (the
# settings catalog, docs/settings.md); deploy/tests checks it.
dispatcher_env() {
  local mode_property=USE_GCP_BATCH
  [[ $DEFAULT_MODE == serverless ]] && mode_property=USE_SERVERLESS_FORM_SENDER
  local vars=(
    "DISPATCHER_PROJECT_ID=${PROJECT_ID}"
    "DISPATCHER_LOCATION=${REGION}"
    "FORM_SENDER_CLOUD_RUN_JOB=${RUN_JOB}"
    "FORMSENDER_TASKS_BACKEND=cloudtasks"
    "FORMSENDER_BATCH_BACKEND=gcp"
    "FORMSENDER_OBJECTS_BACKEND=gcs"
    "FORMSENDER_DISPATCHER_TRUST_FORWARDED_FOR=true"
    "${mode_property}=true"
    "FORM_SENDER_TASKS_QUEUE=${QUEUE_PATH}"
    "FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT=${DISPATCHER_SA}"
    "FORM_SENDER_GCS_BUCKET=${BUCKET}"
    "FORM_SENDER_CLIENT_CONFIG_BUCKET=${BUCKET}"
    "FORM_SENDER_BATCH_JOB_TEMPLATE=${TEMPLATE_PATH}"
    "FORM_SENDER_BATCH_TASK_GROUP=${TASK_GROUP}"
    "FORM_SENDER_BATCH_SERVICE_ACCOUNT=${BATCH_SA}"
    "FORM_SENDER_BATCH_CONTAINER_IMAGE=${IMAGE}"
    "FORM_SENDER_BATCH_NETWORK=${NETWORK_PATH}"
    "FORM_SENDER_BATCH_SUBNETWORK=${SUBNET_PATH}"
    "FORM_SENDER_BATCH_NO_EXTERNAL_IP=true"
  )
  if ((with_supabase)); then
    vars+=("FORM_SENDER_BATCH_SUPABASE_URL_SECRET=${SUPABASE_URL_SECRET}"
      "FORM_SENDER_BATCH_SUPABASE_SERVICE_ROLE_SECRET=${SUPABASE_KEY_SECRET}")
  fi
  local IFS=,
  printf '%s' "${vars[*]}"
}

# The runner's secrets (Cloud Run job): env name=secret:version, comma-separated.
runner_secrets() {
  local secrets="FORMSENDER_DATABASE_URL=${DATABASE_SECRET}:latest"
  if ((with_supabase)); then
    secrets+=",SUPABASE_URL=${SUPABASE_URL_SECRET}:latest"
    secrets+=",SUPABASE_SERVICE_ROLE_KEY=${SUPABASE_KEY_SECRET}:latest"
  fi
  printf '%s' "$secrets"
}

# A secret with a first version from `file` when it has none yet.
ensure_secret() {
  local name=$1 file=$2 what=$3
  if ! exists gcloud secrets describe "$name" --project="$PROJECT_ID"; then
    g secrets create "$name" --replication-policy=automatic
  fi
  if ! exists gcloud secrets versions describe latest --secret="$name" --project="$PROJECT_ID"; then
    if [[ -z $file ]]; then
      ((dry_run)) || die "the secret $name has no version: give the file with $what"
      file="<file with $what>"
    fi
    g secrets versions add "$name" --data-file="$file"
  fi
}

# The Batch job template with this deployment's names (deploy/gcp/batch-job-template.json).
render_template() {
  sed -e "s|\${IMAGE}|${IMAGE}|g" -e "s|\${PROJECT_ID}|${PROJECT_ID}|g" \
    -e "s|\${REGION}|${REGION}|g" -e "s|\${BATCH_SA}|${BATCH_SA}|g" \
    -e "s|\${NETWORK_PATH}|${NETWORK_PATH}|g" -e "s|\${SUBNET_PATH}|${SUBNET_PATH}|g" \
    -e "s|\${TASK_GROUP}|${TASK_GROUP}|g" \
    -e "s|\${DATABASE_SECRET_PATH}|${DATABASE_SECRET_PATH}|g" \
    "$here/batch-job-template.json"
}

echo "# formsender setup for project ${PROJECT_ID} in ${REGION}$( ((dry_run)) && echo ' (dry run)')"

# ---------------------------------------------------------------------------- apis
if wanted apis; then
  step "APIs"
  g services enable compute.googleapis.com batch.googleapis.com run.googleapis.com \
    cloudtasks.googleapis.com storage.googleapis.com secretmanager.googleapis.com \
    artifactregistry.googleapis.com cloudbuild.googleapis.com iamcredentials.googleapis.com \
    logging.googleapis.com
fi

# ---------------------------------------------------------------------------- network
if wanted network; then
  step "network: private subnet with Private Google Access, Cloud NAT for egress"
  if ! exists gcloud compute networks describe "$NETWORK" --project="$PROJECT_ID"; then
    g compute networks create "$NETWORK" --subnet-mode=custom
  fi
  if ! exists gcloud compute networks subnets describe "$SUBNET" --region="$REGION" \
    --project="$PROJECT_ID"; then
    g compute networks subnets create "$SUBNET" --network="$NETWORK" --region="$REGION" \
      --range="$SUBNET_RANGE" --enable-private-ip-google-access
  else
    g compute networks subnets update "$SUBNET" --region="$REGION" \
      --enable-private-ip-google-access
  fi
  if ! exists gcloud compute routers describe "$ROUTER" --region="$REGION" \
    --project="$PROJECT_ID"; then
    g compute routers create "$ROUTER" --network="$NETWORK" --region="$REGION"
  fi
  if ! exists gcloud compute routers nats describe "$NAT" --router="$ROUTER" \
    --region="$REGION" --project="$PROJECT_ID"; then
    g compute routers nats create "$NAT" --router="$ROUTER" --region="$REGION" \
      --auto-allocate-nat-external-ips --nat-all-subnet-ip-ranges
  fi
fi

# ---------------------------------------------------------------------------- accounts
if wanted accounts; then
  step "service accounts"
  for pair in "${ORCHESTRATOR_SA_NAME}:formsender orchestrator (SERVICE_ACCOUNT_JSON)" \
    "${DISPATCHER_SA_NAME}:formsender dispatcher (Cloud Run service)" \
    "${BATCH_SA_NAME}:formsender runner (Cloud Batch VMs, Cloud Run job)"; do
    name=${pair%%:*}
    if ! exists gcloud iam service-accounts describe "${name}@${PROJECT_ID}.iam.gserviceaccount.com" \
      --project="$PROJECT_ID"; then
      g iam service-accounts create "$name" --display-name="${pair#*:}"
    fi
  done
fi

# ---------------------------------------------------------------------------- bucket
if wanted bucket; then
  step "bucket for client_config objects, deleted after 7 days"
  if ! exists gcloud storage buckets describe "gs://${BUCKET}" --project="$PROJECT_ID"; then
    g storage buckets create "gs://${BUCKET}" --location="$REGION" \
      --uniform-bucket-level-access --public-access-prevention
  fi
  g storage buckets update "gs://${BUCKET}" --lifecycle-file="$here/bucket-lifecycle.json"
fi

# ---------------------------------------------------------------------------- secrets
if wanted secrets; then
  step "secrets: the database URL (PostgreSQL / Supabase connection string)"
  ensure_secret "$DATABASE_SECRET" "$DATABASE_URL_FILE" "the postgresql:// URL (DATABASE_URL_FILE)"
  if ((with_supabase)); then
    ensure_secret "$SUPABASE_URL_SECRET" "$SUPABASE_URL_FILE" "the Supabase URL"
    ensure_secret "$SUPABASE_KEY_SECRET" "$SUPABASE_SERVICE_ROLE_KEY_FILE" \
      "the Supabase service-role key"
  fi
fi

# ---------------------------------------------------------------------------- image
if wanted image; then
  step "container image (deploy/Dockerfile, built by Cloud Build)"
  if ! exists gcloud artifacts repositories describe "$REPOSITORY" --location="$REGION" \
    --project="$PROJECT_ID"; then
    g artifacts repositories create "$REPOSITORY" --repository-format=docker \
      --location="$REGION"
  fi
  g builds submit "$root" --config="$here/cloudbuild.yaml" --substitutions="_IMAGE=${IMAGE}"
fi

# ---------------------------------------------------------------------------- queue
if wanted queue; then
  step "Cloud Tasks queue"
  queue_flags=(--max-attempts="$QUEUE_MAX_ATTEMPTS" --max-retry-duration="$QUEUE_MAX_RETRY_DURATION"
    --min-backoff="$QUEUE_MIN_BACKOFF" --max-backoff="$QUEUE_MAX_BACKOFF"
    --max-dispatches-per-second="$QUEUE_MAX_DISPATCHES_PER_SECOND"
    --max-concurrent-dispatches="$QUEUE_MAX_CONCURRENT_DISPATCHES")
  if ! exists gcloud tasks queues describe "$QUEUE" --location="$REGION" --project="$PROJECT_ID"; then
    g tasks queues create "$QUEUE" --location="$REGION" "${queue_flags[@]}"
  else
    g tasks queues update "$QUEUE" --location="$REGION" "${queue_flags[@]}"
  fi
fi

# ---------------------------------------------------------------------------- dispatcher
if wanted dispatcher; then
  step "dispatcher: Cloud Run service running formsender serve"
  g run deploy "$SERVICE" --image="$IMAGE" --region="$REGION" --args=serve \
    --service-account="$DISPATCHER_SA" --no-allow-unauthenticated --ingress=all \
    --port=8080 --cpu="$DISPATCHER_CPU" --memory="$DISPATCHER_MEMORY" \
    --timeout="$DISPATCHER_TIMEOUT" --min-instances="$DISPATCHER_MIN_INSTANCES" \
    --max-instances="$DISPATCHER_MAX_INSTANCES" --no-cpu-throttling \
    --set-env-vars="$(dispatcher_env)" \
    --set-secrets="FORMSENDER_DATABASE_URL=${DATABASE_SECRET}:latest"
  url=$(capture "https://${SERVICE}-<hash>-an.a.run.app" gcloud run services describe "$SERVICE" \
    --region="$REGION" --project="$PROJECT_ID" --format='value(status.url)')
  # The dispatcher's own address (signed-URL refresh, ID-token audience), known after deploy.
  g run services update "$SERVICE" --region="$REGION" \
    --update-env-vars="FORM_SENDER_DISPATCHER_BASE_URL=${url}"
fi

# ---------------------------------------------------------------------------- job
if wanted job; then
  step "runner: Cloud Run job for serverless mode (secrets live on the job)"
  g run jobs deploy "$RUN_JOB" --image="$IMAGE" --region="$REGION" --args=runner \
    --service-account="$BATCH_SA" --tasks=1 --parallelism="$JOB_PARALLELISM" \
    --max-retries="$JOB_MAX_RETRIES" --task-timeout="$JOB_TASK_TIMEOUT" --cpu="$JOB_CPU" \
    --memory="$JOB_MEMORY" --network="$NETWORK" --subnet="$SUBNET" \
    --vpc-egress=all-traffic --set-secrets="$(runner_secrets)"
fi

# ---------------------------------------------------------------------------- template
if wanted template; then
  step "Cloud Batch job template (${TEMPLATE_PATH})"
  # Batch jobs cannot be changed: the template is created once. It runs one task that stops
  # at once (the runner without a task's environment); the dispatcher copies its task group.
  if ! exists gcloud batch jobs describe "$TEMPLATE_JOB" --location="$REGION" \
    --project="$PROJECT_ID"; then
    rendered=$(mktemp "${TMPDIR:-/tmp}/formsender-batch-template.XXXXXX.json")
    trap 'rm -f "$rendered"' EXIT
    if ((dry_run)); then
      echo "# $rendered:"
      render_template | sed 's/^/#   /'
    else
      render_template >"$rendered"
    fi
    g batch jobs submit "$TEMPLATE_JOB" --location="$REGION" --config="$rendered"
  fi
fi

# ---------------------------------------------------------------------------- roles
if wanted roles; then
  step "roles (operations guide §2)"
  project_number=$(capture "<PROJECT_NUMBER>" gcloud projects describe "$PROJECT_ID" \
    --format='value(projectNumber)')
  tasks_agent=service-${project_number}@gcp-sa-cloudtasks.iam.gserviceaccount.com
  project_role() {
    g projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:$1" --role="$2" \
      --condition=None --quiet
  }
  # Orchestrator (formsender commands run with SERVICE_ACCOUNT_JSON, the reference's GAS).
  for role in roles/cloudtasks.enqueuer roles/storage.objectAdmin roles/run.invoker \
    roles/iam.serviceAccountUser; do
    project_role "$ORCHESTRATOR_SA" "$role"
  done
  # Dispatcher: enqueues, stores and signs client_config, runs Batch jobs and the Cloud Run job
  # as the runner's account, reads the database secret, writes logs.
  for role in roles/cloudtasks.enqueuer roles/storage.objectAdmin roles/batch.jobsEditor \
    roles/secretmanager.secretAccessor roles/logging.logWriter; do
    project_role "$DISPATCHER_SA" "$role"
  done
  g iam service-accounts add-iam-policy-binding "$DISPATCHER_SA" \
    --member="serviceAccount:${DISPATCHER_SA}" --role=roles/iam.serviceAccountTokenCreator
  g iam service-accounts add-iam-policy-binding "$DISPATCHER_SA" \
    --member="serviceAccount:${tasks_agent}" --role=roles/iam.serviceAccountTokenCreator
  for member in "$ORCHESTRATOR_SA" "$DISPATCHER_SA"; do
    g iam service-accounts add-iam-policy-binding "$DISPATCHER_SA" \
      --member="serviceAccount:${member}" --role=roles/iam.serviceAccountUser
  done
  g iam service-accounts add-iam-policy-binding "$BATCH_SA" \
    --member="serviceAccount:${DISPATCHER_SA}" --role=roles/iam.serviceAccountUser
  g run jobs add-iam-policy-binding "$RUN_JOB" --region="$REGION" \
    --member="serviceAccount:${DISPATCHER_SA}" --role=roles/run.developer
  # Runner: reports to Batch, writes logs, reads its config and the database secret, pulls the
  # image.
  for role in roles/batch.agentReporter roles/logging.logWriter roles/storage.objectViewer \
    roles/secretmanager.secretAccessor roles/artifactregistry.reader; do
    project_role "$BATCH_SA" "$role"
  done
  # Who may call the dispatcher: Cloud Tasks (OIDC tokens of the dispatcher's account), the
  # orchestrator, and the runners (signed-URL refresh).
  for member in "$DISPATCHER_SA" "$ORCHESTRATOR_SA" "$BATCH_SA"; do
    g run services add-iam-policy-binding "$SERVICE" --region="$REGION" \
      --member="serviceAccount:${member}" --role=roles/run.invoker
  done
fi

# ---------------------------------------------------------------------------- properties
if wanted properties; then
  step "formsender.toml for the machine that runs formsender commands (start, plan, stop …)"
  url=${url:-$(capture "https://${SERVICE}-<hash>-an.a.run.app" gcloud run services describe \
    "$SERVICE" --region="$REGION" --project="$PROJECT_ID" --format='value(status.url)')}
  mode_property=USE_GCP_BATCH
  [[ $DEFAULT_MODE == serverless ]] && mode_property=USE_SERVERLESS_FORM_SENDER
  cat <<TOML
# ---8<--- formsender.toml (SERVICE_ACCOUNT_JSON: a key of ${ORCHESTRATOR_SA}) ---8<---
${mode_property} = true
FORM_SENDER_TASKS_QUEUE = "${QUEUE_PATH}"
FORM_SENDER_DISPATCHER_BASE_URL = "${url}"
FORM_SENDER_DISPATCHER_SERVICE_ACCOUNT = "${DISPATCHER_SA}"
FORM_SENDER_GCS_BUCKET = "${BUCKET}"
# database_url = "postgresql://…"   (the URL in the secret ${DATABASE_SECRET}; or FORMSENDER_DATABASE_URL)

[tasks]
backend = "cloudtasks"

[objects]
backend = "gcs"
# ---8<---
TOML
fi

echo
echo "# done$( ((dry_run)) && echo ' (dry run: nothing was changed)')"
