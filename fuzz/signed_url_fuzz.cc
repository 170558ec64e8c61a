// The signed-URL verifiers (objects/) on arbitrary URLs and requests: the embedded store's
// HMAC check of GET /objects/<key>?expires=…&signature=… (what `formsender serve` authorises),
// both stores' InspectSignedUrl / CheckIssuedUrl (what the signed-URL manager trusts before
// handing a URL to a runner) and the URL splitter under them.
//
// Input: a selector byte, then "<path or URL>\n<query>". Whatever the input, nothing but a
// URL the store itself signed (and not yet expired) is authorised, and a key it authorises is
// a valid object key.
#include <unistd.h>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/http.h"
#include "common/http_client.h"
#include "fuzz/fuzz_input.h"
#include "gcp/rest_client.h"
#include "gcp/storage_client.h"
#include "objects/gcs_object_store.h"
#include "objects/local_object_store.h"
#include "objects/url_parts.h"

namespace {

using namespace formsender;
using namespace formsender::objects;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 4 / 1};

// The stores, built once: a LocalObjectStore in a temporary data directory (removed at exit)
// and a GcsObjectStore (its client is never called: inspection is local).
struct Stores {
  Stores() : clock(kNow), storage(rest, "https://storage.googleapis.com/") {
    dir = std::filesystem::temp_directory_path() /
          ("formsender-fuzz-signed-url-" + std::to_string(::getpid()));
    // A fixed signing key (mode 0600, as the store demands), so the seeds can hold URLs the
    // store really signed: the fuzzer mutates genuine signatures, not only garbage.
    std::filesystem::create_directories(dir / "keys");
    {
      std::ofstream key(dir / "keys" / "objects-url.key");
      key << std::string(64, 'a') << "\n";
    }
    std::filesystem::permissions(
        dir / "keys" / "objects-url.key",
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto opened = LocalObjectStore::Open({dir, "http://127.0.0.1:8080"}, clock);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      std::abort();
    }
    local = std::move(*opened);
    gcs = std::make_unique<GcsObjectStore>("fs-bucket", storage, nullptr, clock);
  }
  ~Stores() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  FakeClock clock;
  CurlHttpClient http;
  gcp::RestClient rest{http, nullptr, clock};
  gcp::StorageClient storage;
  std::filesystem::path dir;
  std::unique_ptr<LocalObjectStore> local;
  std::unique_ptr<GcsObjectStore> gcs;
};

Stores& TheStores() {
  static Stores stores;
  return stores;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Stores& s = TheStores();
  fuzz::FuzzInput in(data, size);
  const uint8_t which = in.Byte();
  const std::string first(in.Line(2048));
  const std::string second(in.Rest());

  switch (which % 4) {
    case 0: {  // a request to the object server
      HttpRequest request;
      request.path = first;
      request.query = second;
      auto key = s.local->Authorize(request.path, request.QueryParams(), kNow);
      if (key.ok()) {
        FUZZ_CHECK(ValidateObjectKey(*key).ok(), "authorised an invalid key: " + *key);
        // Only a signature the store made: re-signing the key at the stated expiry must give
        // the URL's signature, which the check below does through the store's own path.
        auto url = "http://127.0.0.1:8080" + request.path + "?" + request.query;
        auto info = s.local->InspectSignedUrl(url);
        FUZZ_CHECK(info.ok(), "authorised a URL it cannot inspect: " + url);
        FUZZ_CHECK(info->key == *key, "inspect and authorise disagree on the key");
        FUZZ_CHECK(!info->expires_at || *info->expires_at > kNow, "authorised an expired URL");
      } else {
        FUZZ_CHECK(key.status().code() == StatusCode::kInvalidArgument ||
                       key.status().code() == StatusCode::kPermissionDenied,
                   key.status().ToString());
      }
      break;
    }
    case 1: {  // a stored URL, as the signed-URL manager inspects it
      const std::string url = first + second;
      (void)s.local->InspectSignedUrl(url);
      (void)s.local->KeyFromRef(url);
      (void)s.local->CheckIssuedUrl(first, second);
      break;
    }
    case 2: {
      const std::string url = first + second;
      (void)s.gcs->InspectSignedUrl(url);
      (void)s.gcs->KeyFromRef(url);
      (void)s.gcs->CheckIssuedUrl(first, second);
      break;
    }
    case 3: {
      (void)SplitUrl(first + second);
      (void)ValidateObjectKey(first);
      // A URL the store signs for a valid key is authorised, and only for that key.
      if (ValidateObjectKey(first).ok()) {
        auto url = s.local->SignedGetUrl(first, std::chrono::hours(1));
        FUZZ_CHECK(url.ok(), url.status().ToString());
        auto info = s.local->InspectSignedUrl(*url);
        FUZZ_CHECK(info.ok() && info->key == first, "a signed URL does not inspect: " + *url);
      }
      break;
    }
  }
  return 0;
}
