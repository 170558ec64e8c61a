#pragma once
// Company-name rules of the queue build: the ng_companies list of a targeting and the name
// policy (medical corporations, hospitals, law and tax offices, schools are never contacted).
// Names are compared after NFKC normalisation with every whitespace character removed, so
// "Sample Inc." matches "Sample　Inc." and "ＳａｍｐｌｅＩｎｃ．" (the reference compared raw
// names for equality after removing ASCII spaces from the list only, Q-7).

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace formsender::sendqueue {

// NFKC, then every Unicode whitespace character removed. Invalid UTF-8 is replaced (U+FFFD).
std::string NormalizeCompanyName(std::string_view name);

// The reference runner's name_policy_exclude_keywords defaults.
const std::vector<std::string>& DefaultNamePolicyKeywords();

// A targeting's ng_companies cell: names separated by commas (ASCII or full-width) or line
// breaks; blanks are ignored.
class NgCompanyList {
 public:
  NgCompanyList() = default;
  static NgCompanyList Parse(std::string_view cell);
  // `normalized_name` must come from NormalizeCompanyName.
  bool Contains(const std::string& normalized_name) const {
    return names_.count(normalized_name) > 0;
  }
  size_t size() const { return names_.size(); }

 private:
  std::unordered_set<std::string> names_;
};

class NamePolicy {
 public:
  explicit NamePolicy(const std::vector<std::string>& keywords = DefaultNamePolicyKeywords());
  // The first keyword contained in `normalized_name`, if any.
  std::optional<std::string> Match(std::string_view normalized_name) const;

 private:
  std::vector<std::string> keywords_;  // normalised
};

}  // namespace formsender::sendqueue
