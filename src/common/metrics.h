#pragma once
// A small Prometheus metrics registry: counters, gauges and histograms with labels, rendered in
// the text exposition format (version 0.0.4) for `GET /metrics`.
//
//   MetricsRegistry metrics;
//   auto& sent = metrics.AddCounter("formsender_forms_processed_total", "…", {"outcome", "code"});
//   sent.With({"success", "SUCCESS"}).Inc();
//   auto& stage = metrics.AddHistogram("formsender_engine_stage_seconds", "…", {"stage"},
//                                      DefaultLatencyBuckets());
//   stage.With({"fetch"}).Observe(0.42);
//   metrics.AddCollector([&](MetricsRegistry& m) { …set gauges from the store… });
//   std::string text = metrics.Render();   // runs the collectors first
//
// Components take a `MetricsRegistry*` (null: not measured), so nothing global exists.
// Thread-safe: families and series may be used from any thread.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace formsender {

enum class MetricType { kCounter, kGauge, kHistogram };
std::string_view MetricTypeName(MetricType type);

// One series' values. A counter or gauge uses `value`; a histogram its buckets, sum and count.
struct MetricSample {
  double value = 0;
  std::vector<uint64_t> bucket_counts;  // per bound, not cumulative
  double sum = 0;
  uint64_t count = 0;
};

class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names, std::vector<double> bounds);

  // A handle on one labelled series; cheap to copy, valid as long as the family.
  class Series {
   public:
    void Inc(double amount = 1);  // counters and gauges; a counter ignores amount < 0
    void Dec(double amount = 1);  // gauges
    void Set(double value);       // gauges
    void Observe(double value);   // histograms
    // Histograms: adds observations made elsewhere, as counts per bound (not cumulative; a
    // count past the last bound is above every bound), their sum and their number.
    void AddObservations(const std::vector<int64_t>& bucket_counts, double sum, uint64_t count);
    double value() const;

   private:
    friend class MetricFamily;
    Series(MetricFamily* family, MetricSample* sample) : family_(family), sample_(sample) {}
    MetricFamily* family_;
    MetricSample* sample_;
  };

  // The series with these label values (in label_names order); created at zero on first use.
  // A wrong number of values is a programmer error: the values are padded or cut.
  Series With(const std::vector<std::string>& label_values);
  // Drops every series (collectors that rebuild a gauge from the store on each scrape).
  void Clear();

  const std::string& name() const { return name_; }
  MetricType type() const { return type_; }
  void RenderTo(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<MetricSample>> series_;
};

// Bucket bounds in seconds for latencies from 5 ms to 2 min.
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  using Collector = std::function<Status(MetricsRegistry&)>;

  // Registering a name twice returns the first family (its type must match; asserted).
  MetricFamily& AddCounter(const std::string& name, const std::string& help,
                           std::vector<std::string> label_names = {});
  MetricFamily& AddGauge(const std::string& name, const std::string& help,
                         std::vector<std::string> label_names = {});
  MetricFamily& AddHistogram(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names, std::vector<double> bounds);
  MetricFamily* Find(std::string_view name);

  // Runs before each Render (scrape-time values such as queue depth read from the store). A
  // failing collector counts in formsender_metrics_collector_errors_total{collector}.
  void AddCollector(std::string name, Collector collector);

  // Collects, then renders every family in registration order.
  std::string Render();

 private:
  MetricFamily& Add(const std::string& name, const std::string& help, MetricType type,
                    std::vector<std::string> label_names, std::vector<double> bounds);

  std::mutex mu_;
  std::vector<std::unique_ptr<MetricFamily>> families_;
  std::vector<std::pair<std::string, Collector>> collectors_;
  std::mutex collect_mu_;  // one scrape at a time runs the collectors
};

// The content type of Render's output.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace formsender
