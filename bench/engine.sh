#!/usr/bin/env bash
# The form engine's bench (bench/engine/README.md): analyze-only pages/s on stored pages, then
# the full flow against the sample sites at concurrency 32 with 300 ms of added latency, with
# the Playwright baseline (chromium-headless-shell) measured in the same run, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
COUNT=${COUNT:-256}
if [[ ! -x "$BUILD/bench/engine_bench" || ! -x "$BUILD/formsender" ]]; then
  cmake --build "$BUILD" --target engine_bench formsender >/dev/null
fi
echo "-- analyze only (stored pages, one core)"
"$BUILD/bench/engine_bench" analyze --forms tests/forms --seconds 5
echo "-- analyze only, pages padded to real-site size (+80 KiB of menus, scripts, footers)"
"$BUILD/bench/engine_bench" analyze --forms tests/forms --seconds 5 --pad-kib 80
baseline=()
if [[ -x /usr/bin/chromium-headless-shell ]] && command -v node >/dev/null; then
  if [[ ! -d bench/playwright/node_modules/playwright-core ]]; then
    (cd bench/playwright && npm ci --no-audit --no-fund >/dev/null)
  fi
  baseline=(--baseline "node bench/playwright/run.js" --baseline-concurrency "${BASELINE_CONCURRENCY:-4,8,16}"
            --baseline-count "${BASELINE_COUNT:-48}")
else
  echo "(no chromium-headless-shell or node: the Playwright baseline is skipped)"
fi
browser=()
if [[ -x /usr/bin/chromium-headless-shell || -x /usr/bin/chromium ]]; then
  browser=(--browser-count "${BROWSER_COUNT:-32}" --browser-pages "${BROWSER_PAGES:-2}")
fi
echo "-- full flow: $COUNT forms, concurrency 32, 300 ms latency; then the browser path; then the baseline"
"$BUILD/bench/engine_bench" flow --formsender "$BUILD/formsender" --forms tests/forms --count "$COUNT" \
  --concurrency 32 --latency-ms 300 "${browser[@]}" "${baseline[@]}"
