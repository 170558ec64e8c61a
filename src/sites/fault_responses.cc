#include "sites/fault_responses.h"

#include <zlib.h>

#include <algorithm>

namespace formsender::sites {
namespace {

constexpr std::string_view kFillerLine = "<div class=\"item\"><span></span></div>\n";

std::string FillerBlock(size_t bytes) {
  std::string block;
  block.reserve(bytes + kFillerLine.size());
  while (block.size() < bytes) block += kFillerLine;
  block.resize(bytes);
  return block;
}

// Streams deflate output of `input` chunks into a gzip container.
class GzipWriter {
 public:
  explicit GzipWriter(int level) {
    stream_ = {};
    deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  }
  ~GzipWriter() { deflateEnd(&stream_); }
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void Add(std::string_view input, bool finish) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    int flush = finish ? Z_FINISH : Z_NO_FLUSH;
    char buffer[65536];
    do {
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof buffer;
      deflate(&stream_, flush);
      out_.append(buffer, sizeof buffer - stream_.avail_out);
    } while (stream_.avail_out == 0);
  }
  std::string Take() { return std::move(out_); }

 private:
  z_stream stream_;
  std::string out_;
};

}  // namespace

std::string GzipCompress(std::string_view data) {
  // A fast level, as busy web servers use for dynamic pages.
  GzipWriter writer(Z_BEST_SPEED);
  writer.Add(data, true);
  return writer.Take();
}

std::string MakeGzipBomb(int64_t inflated_bytes) {
  GzipWriter writer(Z_BEST_COMPRESSION);
  const std::string head = "<!DOCTYPE html><html><head><title>お問い合わせ</title></head><body>";
  writer.Add(head, false);
  const std::string spaces(1 << 20, ' ');
  int64_t left = std::max<int64_t>(0, inflated_bytes - static_cast<int64_t>(head.size()));
  while (left > 0) {
    size_t n = static_cast<size_t>(std::min<int64_t>(left, static_cast<int64_t>(spaces.size())));
    writer.Add(std::string_view(spaces).substr(0, n), false);
    left -= static_cast<int64_t>(n);
  }
  writer.Add("", true);
  return writer.Take();
}

HttpResponse PadToSize(HttpResponse response, int64_t total_bytes) {
  std::string body = std::move(response.body);
  size_t split = body.rfind("</body>");
  if (split == std::string::npos) split = body.size();
  int64_t filler = std::max<int64_t>(0, total_bytes - static_cast<int64_t>(body.size()));
  response.headers.Set("Content-Length", std::to_string(body.size() + filler));
  response.stream = [body = std::move(body), split, filler](ResponseWriter& w) {
    if (!w.Write(std::string_view(body).substr(0, split))) return;
    const std::string block = FillerBlock(64 * 1024);
    int64_t left = filler;
    while (left > 0) {
      size_t n = static_cast<size_t>(std::min<int64_t>(left, static_cast<int64_t>(block.size())));
      if (!w.Write(std::string_view(block).substr(0, n))) return;
      left -= static_cast<int64_t>(n);
    }
    w.Write(std::string_view(body).substr(split));
  };
  return response;
}

HttpResponse EndlessChunked(HttpResponse response, const std::atomic<bool>& stopping) {
  std::string body = std::move(response.body);
  size_t split = body.rfind("</body>");
  if (split == std::string::npos) split = body.size();
  response.headers.Remove("Content-Length");
  response.stream = [body = std::move(body), split, &stopping](ResponseWriter& w) {
    if (!w.Write(std::string_view(body).substr(0, split))) return;
    const std::string block = FillerBlock(16 * 1024);
    while (!stopping.load() && w.Write(block)) {
    }
  };
  return response;
}

HttpResponse SlowDrip(HttpResponse response, int64_t tick_ms, int64_t bytes_per_tick,
                      Pauser& pauser) {
  std::string body = std::move(response.body);
  response.headers.Set("Content-Length", std::to_string(body.size()));
  response.stream = [body = std::move(body), tick_ms, bytes_per_tick, &pauser](ResponseWriter& w) {
    size_t step = static_cast<size_t>(std::max<int64_t>(1, bytes_per_tick));
    for (size_t pos = 0; pos < body.size(); pos += step) {
      if (!pauser.Pause(std::chrono::milliseconds(tick_ms))) return;
      if (!w.Write(std::string_view(body).substr(pos, step))) return;
    }
  };
  return response;
}

HttpResponse GzipBombResponse(std::shared_ptr<const std::string> compressed) {
  HttpResponse response;
  response.status = 200;
  response.headers.Set("Content-Type", "text/html; charset=UTF-8");
  response.headers.Set("Content-Encoding", "gzip");
  response.headers.Set("Content-Length", std::to_string(compressed->size()));
  response.stream = [compressed = std::move(compressed)](ResponseWriter& w) {
    w.Write(*compressed);
  };
  return response;
}

}  // namespace formsender::sites
