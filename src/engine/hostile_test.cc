// Hostile sites (issue 14) that the corpus cases do not already cover: each ends in a
// classified result within the engine's own limits (its time limit, its 5 MiB body cap, the
// address check on every connection), never a crash, a stack overflow or an unbounded
// allocation. The bounds are the engine's, asserted through the codes it returns.
#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "common/http_router.h"
#include "common/http_server.h"
#include "engine/dom.h"
#include "engine/engine.h"
#include "engine/test_util.h"

namespace formsender::engine {
namespace {

constexpr const char* kForm = testing::kMinimalForm;

class HostileSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("POST", "/send", [](HttpRequest&) {
      return HttpResponse::Html(200, "<h1>お問い合わせありがとうございました</h1>");
    });
    HttpServerOptions o;
    o.write_timeout = std::chrono::seconds(60);
    server_ = std::make_unique<HttpServer>(o, [this](HttpRequest& r) { return router_.Handle(r); });
    ASSERT_TRUE(server_->Start().ok());
  }
  std::string Url(const std::string& host, const std::string& path) const {
    return "http://" + host + ":" + std::to_string(server_->port()) + path;
  }
  FormTask Task(const std::string& path) {
    FormTask t;
    t.id = "hostile";
    t.url = Url("127.0.0.1", path);
    t.client_config = testing::SampleClientConfig();
    t.allow_private_targets = true;
    t.time_limit = std::chrono::seconds(30);
    return t;
  }
  FormResult Run(const FormTask& t) { return RunOne(t, options_, clock_, nullptr); }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  EngineOptions options_;
  SystemClock clock_;
};

TEST_F(HostileSiteTest, DeepNestingIsCutBeforeTheParserSeesIt) {
  // A form 2,000 levels down is still found and sent (no walk of the tree overflows) …
  auto page = [](int levels) {
    std::string html = "<!doctype html><html><body><h1>お問い合わせ</h1>";
    for (int i = 0; i < levels; ++i) html += "<div><span>";
    html += kForm;
    for (int i = 0; i < levels; ++i) html += "</span></div>";
    return html + "</body></html>";
  };
  router_.Add("GET", "/deep",
              [html = page(1'000)](HttpRequest&) { return HttpResponse::Html(200, html); });
  FormResult r = Run(Task("/deep"));
  EXPECT_EQ(r.outcome, "success") << r.code << ": " << r.message;
  // … 10,000 levels are cut at Document::kMaxNesting, so the form is not there: a classified
  // failure at once, where parsing the whole page costs time growing with the depth squared
  // (800,000 <div>s in 4 MB kept a CPU busy for minutes).
  router_.Add("GET", "/deeper",
              [html = page(5'000)](HttpRequest&) { return HttpResponse::Html(200, html); });
  r = Run(Task("/deeper"));
  EXPECT_NE(r.outcome, "success");
  EXPECT_EQ(r.code, "NO_FORM_FOUND") << r.message;
  std::string endless = "<html><body>";
  for (int i = 0; i < 800'000; ++i) endless += "<div>";
  router_.Add("GET", "/endless",
              [endless](HttpRequest&) { return HttpResponse::Html(200, endless); });
  EXPECT_EQ(Run(Task("/endless")).code, "NO_FORM_FOUND");
}

TEST(NestingCutTest, CountsWhatAParserKeepsOpen) {
  EXPECT_EQ(NestingCutOffset("<div><div><div>", 2), 10u);
  EXPECT_EQ(NestingCutOffset("<div></div><div></div><div></div>", 2), std::string::npos);
  // Void elements, self-closing tags, comments, doctypes and raw text do not nest.
  std::string flat = "<!doctype html><!-- <div><div><div> -->";
  for (int i = 0; i < 10; ++i) flat += "<br><img src=x><input name=a/><x-widget/>";
  flat += "<script>if (a<b) { document.write('<div><div><div>') }</script>";
  flat += "<textarea><div><div><div></textarea><style>p<q{}</style>";
  EXPECT_EQ(NestingCutOffset(flat, 2), std::string::npos);
  EXPECT_EQ(NestingCutOffset("<DIV><Div><div>", 2), 10u);
  EXPECT_EQ(NestingCutOffset("<div", 1), std::string::npos);
  EXPECT_EQ(NestingCutOffset("<script>never closed <div><div>", 1), std::string::npos);
  Document shallow("<div><p>x</p></div>");
  EXPECT_FALSE(shallow.truncated());
  std::string deep;
  for (int i = 0; i < Document::kMaxNesting + 10; ++i) deep += "<div>";
  EXPECT_TRUE(Document(deep).truncated());
}

TEST_F(HostileSiteTest, AHundredThousandInputs) {
  std::string html =
      "<!doctype html><html><body><h1>お問い合わせ</h1><form action=\"/send\" "
      "method=\"post\">";
  for (int i = 0; i < 100'000; ++i) {
    html += "<input type=\"hidden\" name=\"h" + std::to_string(i) + "\" value=\"x\">";
  }
  html += std::string(kForm).substr(std::string(kForm).find('>') + 1);
  router_.Add("GET", "/wide", [html](HttpRequest&) { return HttpResponse::Html(200, html); });
  FormResult r = Run(Task("/wide"));
  // Whatever is decided, it is decided (not cut off by the time limit) and classified.
  EXPECT_NE(r.code, "TIMEOUT") << r.message;
  EXPECT_FALSE(r.code.empty());
  EXPECT_TRUE(r.outcome == "success" || r.outcome == "failed" || r.outcome == "skipped");
}

TEST_F(HostileSiteTest, ABrotliBombStopsAtTheBodyCap) {
  // 64 MiB of spaces (the cap is 5 MiB), compressed to a few kilobytes.
  std::string plain(64u << 20, ' ');
  std::string packed(BrotliEncoderMaxCompressedSize(plain.size()), '\0');
  size_t packed_size = packed.size();
  ASSERT_TRUE(BrotliEncoderCompress(1, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, plain.size(),
                                    reinterpret_cast<const uint8_t*>(plain.data()), &packed_size,
                                    reinterpret_cast<uint8_t*>(packed.data())));
  packed.resize(packed_size);
  plain.clear();
  plain.shrink_to_fit();
  ASSERT_LT(packed.size(), 1u << 20);
  router_.Add("GET", "/bomb", [packed](HttpRequest&) {
    HttpResponse resp = HttpResponse::Html(200, packed);
    resp.headers.Set("Content-Encoding", "br");
    return resp;
  });
  FormResult r = Run(Task("/bomb"));
  EXPECT_EQ(r.code, "PAGE_TOO_LARGE") << r.message;
  EXPECT_FALSE(r.submitted);
}

// A site on https://127.0.0.1 that no client may trust: a certificate it signed itself, bytes
// that are not TLS at all, or a handshake it never answers. It counts the HTTP requests that
// reached it through TLS, which must stay zero: no page is read and nothing is submitted over a
// connection the engine could not verify.
class UntrustedTlsSite {
 public:
  enum class Mode { kSelfSigned, kNotTls, kSilent };

  explicit UntrustedTlsSite(Mode mode) : mode_(mode) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
        ::listen(listen_fd_, 8) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(a.sin_port);
    if (mode_ == Mode::kSelfSigned) MakeSelfSignedContext();
    thread_ = std::thread([this] { Serve(); });
  }
  ~UntrustedTlsSite() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    SSL_CTX_free(ctx_);
  }
  std::string Url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }
  int requests_read() const { return requests_read_; }

 private:
  void MakeSelfSignedContext() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx_, cert);
    SSL_CTX_use_PrivateKey(ctx_, key);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  // Waits for `fd` to be readable, up to 50 ms, so the loop sees stop_ in time.
  static bool Readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 50) > 0;
  }
  void Serve() {
    std::vector<int> held;  // kSilent: connections kept open and never answered
    while (!stop_) {
      if (!Readable(listen_fd_)) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      if (mode_ == Mode::kSilent) {
        held.push_back(fd);
        continue;
      }
      if (mode_ == Mode::kNotTls) {
        constexpr std::string_view kPlain = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
        (void)!::write(fd, kPlain.data(), kPlain.size());
      } else {
        SSL* ssl = SSL_new(ctx_);
        SSL_set_fd(ssl, fd);
        if (Readable(fd) && SSL_accept(ssl) == 1 && Readable(fd)) {
          char buf[512];
          if (SSL_read(ssl, buf, sizeof(buf)) > 0) ++requests_read_;
        }
        SSL_free(ssl);
      }
      ::close(fd);
    }
    for (int fd : held) ::close(fd);
  }

  Mode mode_;
  int listen_fd_ = -1;
  int port_ = 0;
  SSL_CTX* ctx_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_read_{0};
};

// Invalid TLS ends as TLS_ERROR (a certificate nobody vouches for, or a server that does not
// speak TLS) or TIMEOUT (a handshake never answered, cut by the connect timeout), in either case
// before any page is read and with nothing submitted.
TEST_F(HostileSiteTest, InvalidTlsIsAClassifiedFailureAndNothingIsSent) {
  struct Case {
    UntrustedTlsSite::Mode mode;
    const char* code;
  };
  for (Case c : {Case{UntrustedTlsSite::Mode::kSelfSigned, "TLS_ERROR"},
                 Case{UntrustedTlsSite::Mode::kNotTls, "TLS_ERROR"},
                 Case{UntrustedTlsSite::Mode::kSilent, "TIMEOUT"}}) {
    UntrustedTlsSite site(c.mode);
    FormTask t = Task("/");
    t.url = site.Url("/contact/");
    options_.connect_timeout = std::chrono::milliseconds(1500);
    FormResult r = Run(t);
    EXPECT_EQ(r.code, c.code) << t.url << ": " << r.message;
    EXPECT_EQ(r.outcome, "failed");
    EXPECT_FALSE(r.submitted);
    EXPECT_GE(site.connections(), 1) << "the engine never reached the site";
    EXPECT_EQ(site.requests_read(), 0) << "a request went over an unverified connection";
  }
  // Where a redirect leads to such a site, the same holds.
  UntrustedTlsSite site(UntrustedTlsSite::Mode::kSelfSigned);
  std::string to = site.Url("/contact/");
  router_.Add("GET", "/to-tls", [to](HttpRequest&) {
    HttpResponse resp = HttpResponse::Text(301, "");
    resp.headers.Set("Location", to);
    return resp;
  });
  FormResult r = Run(Task("/to-tls"));
  EXPECT_EQ(r.code, "TLS_ERROR") << r.message;
  EXPECT_EQ(site.requests_read(), 0);
}

// The one address the test site is allowed on is 127.0.0.1; its redirects to every other
// private, loopback, link-local, metadata or IPv4-mapped address are refused at connect time.
TEST_F(HostileSiteTest, RedirectsToRefusedAddressesAreBlockedWhereverTheyPoint) {
  std::string port = std::to_string(server_->port());
  const std::vector<std::string> targets = {
      "http://127.0.0.2:" + port + "/deep", "http://[::ffff:127.0.0.1]:" + port + "/c",
      "http://169.254.169.254/computeMetadata/", "http://[::1]:" + port + "/c", "http://10.0.0.1/",
      "http://0x7f.0.0.2:" + port + "/c",  // 127.0.0.2, spelt in hex
      // Refused by name, before any resolution: off the cloud it may resolve anywhere.
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://METADATA.goog./computeMetadata/v1/"};
  router_.Add("GET", "/c", [](HttpRequest&) {
    return HttpResponse::Html(200, std::string("<html><body>") + kForm + "</body></html>");
  });
  for (size_t i = 0; i < targets.size(); ++i) {
    std::string path = "/go" + std::to_string(i);
    std::string to = targets[i];
    router_.Add("GET", path, [to](HttpRequest&) {
      HttpResponse resp = HttpResponse::Text(302, "");
      resp.headers.Set("Location", to);
      return resp;
    });
    FormTask t = Task(path);
    t.allow_private_targets = false;
    t.allowed_private_addresses = {"127.0.0.1"};
    t.time_limit = std::chrono::seconds(10);
    FormResult r = Run(t);
    EXPECT_EQ(r.code, "SSRF_BLOCKED") << to << ": " << r.message;
    EXPECT_FALSE(r.submitted) << to;
  }
  // The allowed address itself is reachable: the refusals above are the redirects' doing.
  FormTask direct = Task("/c");
  direct.allow_private_targets = false;
  direct.allowed_private_addresses = {"127.0.0.1"};
  EXPECT_EQ(Run(direct).outcome, "success");
}

}  // namespace
}  // namespace formsender::engine
