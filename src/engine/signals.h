#pragma once
// Per-control evidence gathered before the form-level decisions of classify.cc: which
// concepts the label, placeholder, attributes and options point to, with modifiers (kana,
// confirmation) and roles (surname / given name, phone part …).

#include <map>
#include <string>
#include <vector>

#include "engine/dom.h"
#include "engine/form_model.h"

namespace formsender::engine {

struct Signals {
  std::map<std::string, int> score;        // topic → points
  std::map<std::string, std::string> why;  // topic → best evidence line
  std::vector<std::string> evidence;       // every hit, for the mapping output
  bool kana = false;
  bool confirm = false;
  std::string role;                // last | first (names), 1 | 2 | 3 (phone, postal parts)
  bool role_from_text = false;     // the role was read in a label or placeholder
  std::string label;               // best human label
  std::string all_text;            // normalised texts joined (format hints)
  std::vector<int> address_parts;  // 1..5 mentioned by the label or placeholder
  bool hiragana = false;
  bool katakana = false;
};

// Normalised (NFKC, lower-case) form of a label.
std::string Norm(std::string_view s);

// Evidence for one text control or select.
Signals ControlSignals(const Control& c);
// Evidence for a radio/checkbox group (members in order).
Signals GroupSignals(const std::vector<const Control*>& members);

// Best topic and its score ("" when nothing scores).
std::pair<std::string, int> BestTopic(const Signals& s);

}  // namespace formsender::engine
