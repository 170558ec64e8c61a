// Costs on the signed-URL path: what one task intake, one runner start and one object fetch
// pay for signing and checking. Run: build/bench/objects_bench (needs shared/anchors for the
// conformance key).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "common/clock.h"
#include "common/time.h"
#include "gcp/jwt.h"
#include "gcp/testing/test_keys.h"
#include "gcp/token_provider.h"
#include "objects/gcs_v4_signer.h"
#include "objects/local_object_store.h"

namespace formsender {
namespace {

gcp::ServiceAccountKey Key() {
  static const gcp::ServiceAccountKey key = *gcp::testing::LoadConformanceKey();
  return key;
}

void BM_V4SignedUrl(benchmark::State& state) {
  gcp::ServiceAccountBlobSigner signer(Key());
  objects::V4SignedUrlRequest request;
  request.bucket = "fs-bucket";
  request.object = "20251016/targeting-12-0f8fad5b-d9cb-469f-a165-70867728950e.json";
  request.expiration = std::chrono::hours(48);
  request.timestamp = FromUnixSeconds(1'760'580'000);
  for (auto _ : state) benchmark::DoNotOptimize(objects::SignUrlV4(request, signer));
}
BENCHMARK(BM_V4SignedUrl);

void BM_JwtAssertion(benchmark::State& state) {
  gcp::ServiceAccountKey key = Key();
  TimePoint now = FromUnixSeconds(1'760'580'000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(gcp::MakeAccessTokenAssertion(
        key, {"https://www.googleapis.com/auth/cloud-platform"}, now));
  }
}
BENCHMARK(BM_JwtAssertion);

class ConstantSource final : public gcp::TokenSource {
 public:
  explicit ConstantSource(const Clock& clock) : clock_(clock) {}
  Result<gcp::Token> Fetch() override {
    return gcp::Token{"ya29.constant", clock_.Now() + std::chrono::hours(1)};
  }

 private:
  const Clock& clock_;
};

void BM_CachedTokenHit(benchmark::State& state) {
  static SystemClock clock;
  static gcp::CachingTokenProvider provider(std::make_unique<ConstantSource>(clock), clock);
  for (auto _ : state) benchmark::DoNotOptimize(provider.GetToken());
}
BENCHMARK(BM_CachedTokenHit)->Threads(1)->Threads(4);

void BM_LocalSignAndAuthorize(benchmark::State& state) {
  SystemClock clock;
  auto dir = std::filesystem::temp_directory_path() / "fs-objects-bench";
  auto store = objects::LocalObjectStore::Open({dir, "http://127.0.0.1:8080"}, clock);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  std::string key = "20251016/targeting-12-0f8fad5b-d9cb-469f-a165-70867728950e.json";
  for (auto _ : state) {
    std::string url = *(*store)->SignedGetUrl(key, std::chrono::hours(1));
    size_t q = url.find('?');
    std::map<std::string, std::string> query;
    for (const std::string& part :
         {url.substr(q + 1, url.find('&') - q - 1), url.substr(url.find('&') + 1)}) {
      query[part.substr(0, part.find('='))] = part.substr(part.find('=') + 1);
    }
    std::string path = url.substr(std::string("http://127.0.0.1:8080").size(),
                                  q - std::string("http://127.0.0.1:8080").size());
    benchmark::DoNotOptimize((*store)->Authorize(path, query, clock.Now()));
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LocalSignAndAuthorize);

}  // namespace
}  // namespace formsender

BENCHMARK_MAIN();
