#pragma once
// What the engine knows about one form: its controls in tree order with their labels, its
// buttons, where it submits. Built by ExtractForms (extract.h) from a Document.

#include <string>
#include <vector>

#include "engine/dom.h"

namespace formsender::engine {

struct SelectOption {
  std::string value;  // the value submitted (the text when the attribute is absent)
  std::string text;   // visible text, collapsed
  bool selected = false;
  bool disabled = false;
};

// A piece of text that describes a control, and where it came from.
struct LabelText {
  std::string text;    // collapsed, as shown
  std::string source;  // label_for, label_wrap, aria_label, aria_labelledby, th, dt, td,
                       // preceding_text, legend, heading, row
  int level = 0;       // 0 = next to the control; higher = further up the tree
};

enum class ControlKind {
  kText,  // input text/email/tel/url/number/search/untyped, date-like inputs
  kTextarea,
  kSelect,
  kCheckbox,
  kRadio,
  kHidden,
  kPassword,
  kFile,
  kButton,  // submit/button/image/reset inputs and <button> (in buttons, not here)
};

struct Control {
  int index = 0;  // position among the form's controls
  Node node = nullptr;
  ControlKind kind = ControlKind::kText;
  std::string tag;   // input, textarea, select
  std::string type;  // lower-case type attribute ("text" when absent for inputs)
  std::string name;
  std::string id;
  std::string classes;
  std::string placeholder;
  std::string value;  // value attribute / textarea text / selected option value
  std::string title;
  std::string aria_label;
  std::string autocomplete;
  std::string pattern;
  std::string inputmode;
  int maxlength = -1;
  bool required_attr = false;  // required / aria-required / CF7 / MW WP Form classes
  bool disabled = false;
  bool readonly = false;
  bool checked = false;  // checkbox/radio default state
  std::vector<SelectOption> options;
  std::string option_label;  // checkbox/radio: the text of this option
  // Labels, nearest first. `own` is label[for]/wrapping label/aria text; `chain` the texts
  // found walking up the tree (table header, dt, preceding text …).
  std::string own_label;
  std::string own_label_source;
  std::vector<LabelText> chain;
  std::string after_text;  // text right after the control ("(ハイフンなし)", "@")
  Node row = nullptr;      // the element whose label text `chain` ends with
  // Set when the control directly follows another one with no text of its own in between
  // ("〒<input zip1> - <input zip2>"): it shares that control's labels.
  Node continues = nullptr;
  bool required_marker = false;  // 必須 / * near the label
  bool optional_marker = false;  // 任意 near the label
  std::string hidden_reason;     // why it is invisible ("" when visible)
  bool tabindex_negative = false;
};

struct Button {
  Node node = nullptr;
  std::string tag;   // button, input, a, div …
  std::string type;  // submit, image, button, reset
  std::string name;
  std::string value;
  std::string text;  // text content, value or alt
  std::string formaction;
  std::string formmethod;
  std::string formenctype;
  std::string onclick;
  bool is_submit = false;  // submits the form when clicked (submit/image/<button> default)
  bool disabled = false;
  bool hidden = false;
};

struct FormModel {
  Node node = nullptr;       // the <form>, or the container of a form-less control group
  bool is_pseudo = false;    // controls without a <form> element
  bool action_known = true;  // false for a pseudo-form whose endpoint only its script knows
  std::string selector;      // a CSS selector that finds it again
  std::string action;        // raw attribute ("" = the page URL)
  std::string method = "get";
  std::string enctype = "application/x-www-form-urlencoded";
  std::string accept_charset;
  std::string id;
  std::string classes;
  std::vector<Control> controls;
  std::vector<Button> buttons;
  std::string text;  // visible text of the form, collapsed
};

}  // namespace formsender::engine
