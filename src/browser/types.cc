#include "browser/types.h"

namespace formsender::browser {

std::string_view FillKindName(FillKind kind) {
  switch (kind) {
    case FillKind::kText:
      return "text";
    case FillKind::kSelect:
      return "select";
    case FillKind::kCheck:
      return "check";
    case FillKind::kUncheck:
      return "uncheck";
    case FillKind::kRadio:
      return "radio";
  }
  return "unknown";
}

Result<FillKind> ParseFillKind(std::string_view name) {
  for (FillKind k : {FillKind::kText, FillKind::kSelect, FillKind::kCheck, FillKind::kUncheck,
                     FillKind::kRadio}) {
    if (FillKindName(k) == name) return k;
  }
  return Status::InvalidArgument("unknown fill kind \"" + std::string(name) +
                                 "\" (expected text, select, check, uncheck or radio)");
}

const FrameSnapshot* PageSnapshot::FrameOf(std::string_view element_id) const {
  size_t dot = element_id.find('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string_view prefix = element_id.substr(0, dot);
  for (const auto& f : frames) {
    if (std::to_string(f.document_index) == prefix) return &f;
  }
  return nullptr;
}

}  // namespace formsender::browser
