#pragma once
// 営業お断り detection: does the page refuse sales contact through its form? Sentence-level:
// a sales term (営業, セールス, 勧誘, 売り込み, 販売目的 …, "solicitation") together with a
// refusal (お断り, ご遠慮, 禁止, 受け付けておりません, "not accepted" …) or an attestation that
// the sender is not selling (営業目的ではありません). The false positives of the reference are
// avoided: 営業時間/営業日 are not sales terms, privacy and content-reuse notices
// (個人情報の販売, 商業利用・転載) and welcoming sentences do not count.

#include <string>
#include <vector>

#include "engine/dom.h"

namespace formsender::engine {

struct RefusalResult {
  bool detected = false;
  std::vector<std::string> phrases;  // the sentences that refuse, as shown on the page
};

// Checks the visible text of `root` (select option lists excluded).
RefusalResult DetectRefusal(Node root);
// Checks plain text (lines separated by '\n').
RefusalResult DetectRefusalInText(std::string_view text);

// Visible text of `root` with one line per block element (paragraph, cell, list item …).
std::string BlockText(Node root);

}  // namespace formsender::engine
