#include "common/metrics.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace formsender {
namespace {

// Prometheus floats: integers without a fraction, NaN and infinities spelled its way.
std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  // The shortest of 15 or 17 digits that reads back as the same double (0.1, not 0.1000…01).
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string LabelText(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra_name = {}, std::string_view extra_value = {}) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"" + Escape(values[i], true) + "\"";
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  if (!out.empty()) out += "}";
  return out;
}

}  // namespace

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
}

MetricFamily::MetricFamily(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)),
      bounds_(std::move(bounds)) {}

MetricFamily::Series MetricFamily::With(const std::vector<std::string>& label_values) {
  assert(label_values.size() == label_names_.size());
  std::vector<std::string> key = label_values;
  key.resize(label_names_.size());
  std::lock_guard lock(mu_);
  auto& sample = series_[key];
  if (!sample) {
    sample = std::make_unique<MetricSample>();
    sample->bucket_counts.assign(bounds_.size(), 0);
  }
  return Series(this, sample.get());
}

void MetricFamily::Clear() {
  std::lock_guard lock(mu_);
  series_.clear();
}

void MetricFamily::Series::Inc(double amount) {
  if (family_->type_ == MetricType::kCounter && amount < 0) return;
  std::lock_guard lock(family_->mu_);
  sample_->value += amount;
}

void MetricFamily::Series::Dec(double amount) {
  if (family_->type_ != MetricType::kGauge) return;
  std::lock_guard lock(family_->mu_);
  sample_->value -= amount;
}

void MetricFamily::Series::Set(double value) {
  if (family_->type_ != MetricType::kGauge) return;
  std::lock_guard lock(family_->mu_);
  sample_->value = value;
}

void MetricFamily::Series::Observe(double value) {
  std::lock_guard lock(family_->mu_);
  for (size_t i = 0; i < family_->bounds_.size(); ++i) {
    if (value <= family_->bounds_[i]) {
      ++sample_->bucket_counts[i];
      break;
    }
  }
  sample_->sum += value;
  ++sample_->count;
}

void MetricFamily::Series::AddObservations(const std::vector<int64_t>& bucket_counts, double sum,
                                           uint64_t count) {
  if (family_->type_ != MetricType::kHistogram) return;
  std::lock_guard lock(family_->mu_);
  for (size_t i = 0; i < family_->bounds_.size() && i < bucket_counts.size(); ++i) {
    if (bucket_counts[i] > 0) sample_->bucket_counts[i] += static_cast<uint64_t>(bucket_counts[i]);
  }
  sample_->sum += sum;
  sample_->count += count;
}

double MetricFamily::Series::value() const {
  std::lock_guard lock(family_->mu_);
  return family_->type_ == MetricType::kHistogram ? static_cast<double>(sample_->count)
                                                  : sample_->value;
}

void MetricFamily::RenderTo(std::string& out) const {
  std::lock_guard lock(mu_);
  out += "# HELP " + name_ + " " + Escape(help_, false) + "\n";
  out += "# TYPE " + name_ + " " + std::string(MetricTypeName(type_)) + "\n";
  for (const auto& [values, sample] : series_) {
    if (type_ != MetricType::kHistogram) {
      out += name_ + LabelText(label_names_, values) + " " + FormatValue(sample->value) + "\n";
      continue;
    }
    uint64_t cumulative = 0;
    for (size_t i = 0; i < bounds_.size(); ++i) {
      cumulative += sample->bucket_counts[i];
      out += name_ + "_bucket" + LabelText(label_names_, values, "le", FormatValue(bounds_[i])) +
             " " + std::to_string(cumulative) + "\n";
    }
    out += name_ + "_bucket" + LabelText(label_names_, values, "le", "+Inf") + " " +
           std::to_string(sample->count) + "\n";
    out += name_ + "_sum" + LabelText(label_names_, values) + " " + FormatValue(sample->sum) + "\n";
    out += name_ + "_count" + LabelText(label_names_, values) + " " +
           std::to_string(sample->count) + "\n";
  }
}

MetricFamily& MetricsRegistry::Add(const std::string& name, const std::string& help,
                                   MetricType type, std::vector<std::string> label_names,
                                   std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  for (auto& f : families_) {
    if (f->name() == name) {
      assert(f->type() == type);
      return *f;
    }
  }
  families_.push_back(
      std::make_unique<MetricFamily>(name, help, type, std::move(label_names), std::move(bounds)));
  return *families_.back();
}

MetricFamily& MetricsRegistry::AddCounter(const std::string& name, const std::string& help,
                                          std::vector<std::string> label_names) {
  return Add(name, help, MetricType::kCounter, std::move(label_names), {});
}

MetricFamily& MetricsRegistry::AddGauge(const std::string& name, const std::string& help,
                                        std::vector<std::string> label_names) {
  return Add(name, help, MetricType::kGauge, std::move(label_names), {});
}

MetricFamily& MetricsRegistry::AddHistogram(const std::string& name, const std::string& help,
                                            std::vector<std::string> label_names,
                                            std::vector<double> bounds) {
  return Add(name, help, MetricType::kHistogram, std::move(label_names), std::move(bounds));
}

MetricFamily* MetricsRegistry::Find(std::string_view name) {
  std::lock_guard lock(mu_);
  for (auto& f : families_) {
    if (f->name() == name) return f.get();
  }
  return nullptr;
}

void MetricsRegistry::AddCollector(std::string name, Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.emplace_back(std::move(name), std::move(collector));
}

std::string MetricsRegistry::Render() {
  {
    std::lock_guard scrape(collect_mu_);
    std::vector<std::pair<std::string, Collector>> collectors;
    {
      std::lock_guard lock(mu_);
      collectors = collectors_;
    }
    MetricFamily& errors =
        AddCounter("formsender_metrics_collector_errors_total",
                   "Scrapes where a collector could not read its source (the store, a backend)",
                   {"collector"});
    for (auto& [name, collect] : collectors) {
      errors.With({name});  // present at zero, so an alert can watch it from the start
      if (!collect(*this).ok()) errors.With({name}).Inc();
    }
  }
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& f : families_) f->RenderTo(out);
  return out;
}

}  // namespace formsender
