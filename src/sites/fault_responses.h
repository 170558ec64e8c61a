#pragma once
// Responses that misbehave on purpose (huge pages, endless chunked bodies, slow drips, gzip
// bombs) and ordinary gzip compression. Internal to the sites component.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "common/http.h"
#include "sites/pauser.h"

namespace formsender::sites {

std::string GzipCompress(std::string_view data);
// A gzip stream of an HTML page padded with spaces to `inflated_bytes` (a few KB per MB).
std::string MakeGzipBomb(int64_t inflated_bytes);

// Pads `response`'s body to `total_bytes` with filler before </body>, streamed with a
// Content-Length so the whole page never sits in memory.
HttpResponse PadToSize(HttpResponse response, int64_t total_bytes);
// The body, then filler chunks until the client goes away or `stopping` is set.
HttpResponse EndlessChunked(HttpResponse response, const std::atomic<bool>& stopping);
// The body, `bytes_per_tick` bytes every `tick_ms`.
HttpResponse SlowDrip(HttpResponse response, int64_t tick_ms, int64_t bytes_per_tick,
                      Pauser& pauser);
HttpResponse GzipBombResponse(std::shared_ptr<const std::string> compressed);

}  // namespace formsender::sites
