#pragma once
// Test support for the browser component: whether Chromium can run here, options for loopback
// sample sites, and lookups of data-fs-id values in serialized snapshots (with gumbo, the
// parser the engine uses, so the tests also prove the HTML parses the way the engine needs).

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "browser/browser_pool.h"

namespace formsender::browser {

// True when a Chromium binary exists. Tests call FS_REQUIRE_BROWSER() first: without Chromium
// they are skipped, unless FORMSENDER_REQUIRE_BROWSER=1 (`make test`), where that fails.
bool ChromiumAvailable();
bool BrowserRequired();

// Options for tests on loopback: private targets allowed, short timeouts, small pool.
BrowserOptions LoopbackBrowserOptions();

// The data-fs-id of the first element of `html` whose attribute `name` equals `value`
// (kNotFound naming both when there is none).
Result<std::string> FindIdByAttribute(const std::string& html, std::string_view name,
                                      std::string_view value);
// The data-fs-id of the first `tag` element whose text (trimmed) equals or contains `text`.
Result<std::string> FindIdByText(const std::string& html, std::string_view tag,
                                 std::string_view text);
// The value of attribute `attribute` on the element with data-fs-id `id`.
Result<std::string> AttributeOf(const std::string& html, std::string_view id,
                                std::string_view attribute);

}  // namespace formsender::browser

#define FS_REQUIRE_BROWSER()                                                       \
  do {                                                                             \
    if (!::formsender::browser::ChromiumAvailable()) {                             \
      if (::formsender::browser::BrowserRequired()) {                              \
        FAIL() << "FORMSENDER_REQUIRE_BROWSER=1 but no Chromium binary was found"; \
      }                                                                            \
      GTEST_SKIP() << "no Chromium binary (install chromium-headless-shell)";      \
    }                                                                              \
  } while (false)
