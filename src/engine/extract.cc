#include "engine/extract.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/strings.h"
#include "common/text.h"

namespace formsender::engine {
namespace {

bool IsControlTag(Node n) {
  return IsTag(n, GUMBO_TAG_INPUT) || IsTag(n, GUMBO_TAG_SELECT) || IsTag(n, GUMBO_TAG_TEXTAREA);
}

std::string InputType(Node n) {
  std::string t = ToLowerAscii(Trim(Attr(n, "type")));
  return t.empty() ? "text" : t;
}

// A control a user can see and change (not hidden inputs or buttons).
bool IsFillable(Node n) {
  if (IsTag(n, GUMBO_TAG_SELECT) || IsTag(n, GUMBO_TAG_TEXTAREA)) return true;
  if (!IsTag(n, GUMBO_TAG_INPUT)) return false;
  std::string t = InputType(n);
  return t != "hidden" && t != "submit" && t != "button" && t != "image" && t != "reset";
}

bool IsButtonNode(Node n) {
  if (IsTag(n, GUMBO_TAG_BUTTON)) return true;
  if (!IsTag(n, GUMBO_TAG_INPUT)) return false;
  std::string t = InputType(n);
  return t == "submit" || t == "image" || t == "button" || t == "reset";
}

bool IsPunctuationOnly(std::string_view s) {
  std::string n = text::Nfkc(s);
  for (unsigned char c : n) {
    if (std::isalnum(c) || c >= 0x80) {
      // Any non-ASCII character counts as text except common Japanese punctuation, handled
      // by the caller's cleaning.
      if (c >= 0x80) {
        std::string cleaned = CleanLabel(n);
        return cleaned.empty();
      }
      return false;
    }
  }
  return true;
}

std::string SourceFor(Node sib) {
  if (!IsElement(sib)) return "text";
  switch (sib->v.element.tag) {
    case GUMBO_TAG_TH:
      return "th";
    case GUMBO_TAG_DT:
      return "dt";
    case GUMBO_TAG_TD:
      return "td";
    case GUMBO_TAG_LABEL:
      return "label";
    case GUMBO_TAG_LEGEND:
      return "legend";
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return "heading";
    default:
      return "preceding_text";
  }
}

bool HasRequiredClass(Node n) {
  std::string c = ToLowerAscii(Attr(n, "class"));
  for (std::string_view k :
       {"required", "require", "must", "hissu", "need", "mandatory", "indispensable", "req"}) {
    if (c.find(k) != std::string::npos) return true;
  }
  return false;
}

bool TextHasRequiredMarker(std::string_view raw) {
  std::string n = text::NfkcLower(raw);
  if (n.find("必須") != std::string::npos || n.find("required") != std::string::npos) return true;
  std::string t(Trim(n));
  return t.find('*') != std::string::npos && t.size() < 80;
}

bool TextHasOptionalMarker(std::string_view raw) {
  std::string n = text::NfkcLower(raw);
  return n.find("任意") != std::string::npos || n.find("optional") != std::string::npos;
}

// Any descendant element with a required-like class or the 必須 word (span.req, em.must …).
bool SubtreeHasRequiredMark(Node n) {
  bool found = false;
  Walk(n, [&](Node e) {
    if (found) return false;
    if (IsControlTag(e)) return false;
    if (e != n && HasRequiredClass(e)) found = true;
    if (IsTag(e, GUMBO_TAG_IMG)) {
      std::string alt = text::NfkcLower(Attr(e, "alt"));
      if (alt.find("必須") != std::string::npos || alt.find("required") != std::string::npos) {
        found = true;
      }
    }
    return !found;
  });
  return found;
}

class LabelFinder {
 public:
  LabelFinder(const Document& doc, FormModel& form) : doc_(doc), form_(form) {
    for (const Control& c : form_.controls) {
      if (!IsFillable(c.node)) continue;
      for (Node p = c.node; p != nullptr; p = Parent(p)) {
        holders_[p].insert(GroupKey(c));
      }
    }
    Walk(doc_.root(), [&](Node e) {
      if (IsTag(e, GUMBO_TAG_LABEL) && HasAttr(e, "for")) {
        labels_for_.emplace(std::string(Attr(e, "for")), e);
      }
      return true;
    });
  }

  void Run() {
    for (Control& c : form_.controls) {
      if (!IsFillable(c.node)) continue;
      OwnLabel(c);
      Chain(c);
      if (c.kind != ControlKind::kRadio && c.kind != ControlKind::kCheckbox) {
        c.after_text = FollowingText(c.node, true);
      }
    }
    InheritFromNeighbours();
  }

 private:
  static std::string GroupKey(const Control& c) {
    if ((c.kind == ControlKind::kRadio || c.kind == ControlKind::kCheckbox) && !c.name.empty()) {
      return "g:" + c.name;
    }
    return "c:" + std::to_string(c.index);
  }

  // Text of a label element without the text of controls inside it.
  static std::string TextOfLabel(Node label) { return TextContent(label, true); }

  void OwnLabel(Control& c) {
    bool choice = c.kind == ControlKind::kRadio || c.kind == ControlKind::kCheckbox;
    std::string text;
    std::string source;
    if (!c.id.empty()) {
      auto it = labels_for_.find(c.id);
      if (it != labels_for_.end()) {
        text = TextOfLabel(it->second);
        source = "label_for";
        if (SubtreeHasRequiredMark(it->second)) c.required_marker = true;
      }
    }
    if (text.empty()) {
      if (Node l = AncestorWithTag(c.node, GUMBO_TAG_LABEL, 6)) {
        text = TextOfLabel(l);
        source = "label_wrap";
        if (SubtreeHasRequiredMark(l)) c.required_marker = true;
      }
    }
    if (text.empty() && HasAttr(c.node, "aria-labelledby")) {
      for (const std::string& id : Split(std::string(Attr(c.node, "aria-labelledby")), ' ')) {
        if (Node l = FindById(doc_.root(), id)) {
          if (!text.empty()) text += " ";
          text += TextContent(l);
        }
      }
      source = "aria_labelledby";
    }
    if (choice) {
      if (text.empty()) text = FollowingText(c.node);
      if (text.empty()) text = c.value;
      c.option_label = text;
      return;
    }
    if (text.empty() && !c.aria_label.empty()) {
      text = c.aria_label;
      source = "aria_label";
    }
    if (!text.empty()) {
      if (TextHasRequiredMarker(text)) c.required_marker = true;
      if (TextHasOptionalMarker(text)) c.optional_marker = true;
    }
    c.own_label = text;
    c.own_label_source = source;
  }

  // Text right after a checkbox/radio up to the next control (its option label).
  std::string FollowingText(Node n, bool past_line_breaks = false) {
    std::string out;
    Node parent = Parent(n);
    if (parent == nullptr) return out;
    const GumboVector& kids = parent->v.element.children;
    for (unsigned i = n->index_within_parent + 1; i < kids.length; ++i) {
      auto k = static_cast<Node>(kids.data[i]);
      if (IsElement(k) && (IsControlTag(k) || holders_.count(k) || IsButtonNode(k))) break;
      if (IsTag(k, GUMBO_TAG_BR)) {
        if (!past_line_breaks) break;
        continue;
      }
      // Another control's label starts the next field.
      if (IsTag(k, GUMBO_TAG_LABEL) && HasAttr(k, "for") && Attr(k, "for") != Attr(n, "id")) break;
      std::string t = IsElement(k) ? TextContent(k) : text::CollapseWhitespace(k->v.text.text);
      if (!t.empty()) {
        if (!out.empty()) out += " ";
        out += t;
      }
      if (out.size() > 120) break;
    }
    return out;
  }

  bool HoldsOtherControl(Node n, const std::string& key) const {
    auto it = holders_.find(n);
    if (it == holders_.end()) return false;
    for (const std::string& k : it->second) {
      if (k != key) return true;
    }
    return false;
  }

  size_t ControlGroupsIn(Node n) const {
    auto it = holders_.find(n);
    return it == holders_.end() ? 0 : it->second.size();
  }

  void Chain(Control& c) {
    const std::string key = GroupKey(c);
    bool choice = c.kind == ControlKind::kRadio || c.kind == ControlKind::kCheckbox;
    Node node = c.node;
    // A wrapping label is the control's own label: start above it.
    if (Node l = AncestorWithTag(c.node, GUMBO_TAG_LABEL, 6)) node = l;
    for (int level = 0; level < 7 && node != nullptr && node != form_.node; ++level) {
      Node parent = Parent(node);
      if (parent == nullptr) break;
      bool blocked = false;
      bool found = false;
      const GumboVector& kids = parent->v.element.children;
      for (int i = static_cast<int>(node->index_within_parent) - 1; i >= 0; --i) {
        auto sib = static_cast<Node>(kids.data[i]);
        if (IsElement(sib)) {
          if (IsControlTag(sib) || IsButtonNode(sib) || HoldsOtherControl(sib, key)) {
            blocked = true;
            if (level == 0 && !choice && !IsButtonNode(sib)) c.continues = sib;
            break;
          }
          if (IsTag(sib, GUMBO_TAG_SCRIPT) || IsTag(sib, GUMBO_TAG_STYLE)) continue;
          if (IsTag(sib, GUMBO_TAG_LABEL) && HasAttr(sib, "for") && Attr(sib, "for") != c.id) {
            // Another control's label: what precedes belongs to that control.
            Node target = FindById(doc_.root(), Attr(sib, "for"));
            if (target != nullptr && target != c.node) {
              blocked = true;
              break;
            }
          }
          if (choice && holders_.count(sib)) continue;  // same-group options
        } else if (sib->type != GUMBO_NODE_TEXT && sib->type != GUMBO_NODE_CDATA) {
          continue;
        }
        std::string raw =
            IsElement(sib) ? TextContent(sib) : text::CollapseWhitespace(sib->v.text.text);
        if (raw.empty()) continue;
        if (raw.size() > 600) {
          blocked = true;  // a paragraph of prose, not a label
          break;
        }
        if (TextHasRequiredMarker(raw) ||
            (IsElement(sib) && (HasRequiredClass(sib) || SubtreeHasRequiredMark(sib)))) {
          c.required_marker = true;
        }
        if (TextHasOptionalMarker(raw)) c.optional_marker = true;
        if (IsPunctuationOnly(raw)) continue;
        c.chain.push_back({raw, SourceFor(sib), level});
        c.row = parent;
        found = true;
        break;
      }
      if (found && ControlGroupsIn(parent) <= 1) break;
      if (found && blocked) break;
      if (blocked && !c.chain.empty()) break;
      // A row whose label was found does not look further once it holds several fields
      // that already have their own texts.
      if (!c.chain.empty() && c.chain.back().level < level && ControlGroupsIn(parent) > 1 &&
          c.chain.size() >= 2) {
        break;
      }
      node = parent;
    }
  }

  // A control with no label text of its own at all (the second box of a split postal code,
  // "<input zip1>-<input zip2>") takes the row label of the control before it in the same
  // container.
  void InheritFromNeighbours() {
    for (Control& c : form_.controls) {
      if (c.continues == nullptr || !c.own_label.empty()) continue;
      const Control* before = nullptr;
      for (const Control& p : form_.controls) {
        if (p.index >= c.index) break;
        if (IsFillable(p.node) && Contains(c.continues, p.node)) before = &p;
      }
      if (before == nullptr || before->chain.empty()) continue;
      c.chain = before->chain;
      c.row = before->row;
      c.required_marker = c.required_marker || before->required_marker;
    }
    const Control* prev = nullptr;
    for (Control& c : form_.controls) {
      if (!IsFillable(c.node)) continue;
      if (prev != nullptr && c.chain.empty() && c.own_label.empty() &&
          Parent(prev->node) != nullptr && Contains(Parent(prev->node), c.node)) {
        for (const LabelText& t : prev->chain) {
          if (t.level > 0 || prev->chain.size() == 1) c.chain.push_back(t);
        }
        if (c.chain.empty() && !prev->own_label.empty()) {
          c.chain.push_back({prev->own_label, prev->own_label_source, 0});
        }
        c.row = prev->row;
        c.required_marker = c.required_marker || prev->required_marker;
      }
      prev = &c;
    }
  }

  const Document& doc_;
  FormModel& form_;
  std::unordered_map<Node, std::set<std::string>> holders_;
  std::unordered_multimap<std::string, Node> labels_for_;
};

Control MakeControl(const Document& doc, Node n, Node form_node, int index) {
  Control c;
  c.index = index;
  c.node = n;
  c.tag = TagName(n);
  c.name = std::string(Attr(n, "name"));
  c.id = std::string(Attr(n, "id"));
  c.classes = std::string(Attr(n, "class"));
  c.placeholder = text::CollapseWhitespace(Attr(n, "placeholder"));
  c.title = text::CollapseWhitespace(Attr(n, "title"));
  c.aria_label = text::CollapseWhitespace(Attr(n, "aria-label"));
  c.autocomplete = ToLowerAscii(Trim(Attr(n, "autocomplete")));
  c.pattern = std::string(Attr(n, "pattern"));
  c.inputmode = ToLowerAscii(Attr(n, "inputmode"));
  if (auto ml = ParseInt64(Trim(Attr(n, "maxlength"))); ml.ok() && *ml >= 0) {
    c.maxlength = static_cast<int>(*ml);
  }
  c.disabled = HasAttr(n, "disabled");
  c.readonly = HasAttr(n, "readonly");
  c.required_attr = HasAttr(n, "required") || Attr(n, "aria-required") == "true" ||
                    HasClass(n, "wpcf7-validates-as-required") || HasAttr(n, "data-required") ||
                    ToLowerAscii(c.classes).find("required") != std::string::npos ||
                    ToLowerAscii(Attr(n, "data-validation")).find("required") != std::string::npos;
  c.tabindex_negative = Trim(Attr(n, "tabindex")).starts_with("-");
  if (c.tag == "textarea") {
    c.kind = ControlKind::kTextarea;
    c.type = "textarea";
    c.value = TextContent(n, false);
  } else if (c.tag == "select") {
    c.kind = ControlKind::kSelect;
    c.type = HasAttr(n, "multiple") ? "select-multiple" : "select-one";
    for (Node o : FindAll(n, GUMBO_TAG_OPTION)) {
      SelectOption opt;
      opt.text = TextContent(o, false);
      opt.value = HasAttr(o, "value") ? std::string(Attr(o, "value")) : opt.text;
      opt.selected = HasAttr(o, "selected");
      opt.disabled = HasAttr(o, "disabled");
      c.options.push_back(std::move(opt));
    }
    for (const SelectOption& o : c.options) {
      if (o.selected) c.value = o.value;
    }
    if (c.value.empty() && !c.options.empty() && !c.options.front().selected) {
      bool any = false;
      for (const SelectOption& o : c.options) any = any || o.selected;
      if (!any) c.value = c.options.front().value;
    }
  } else {
    c.type = InputType(n);
    c.value = std::string(Attr(n, "value"));
    c.checked = HasAttr(n, "checked");
    if (c.type == "checkbox") {
      c.kind = ControlKind::kCheckbox;
      if (!HasAttr(n, "value")) c.value = "on";
    } else if (c.type == "radio") {
      c.kind = ControlKind::kRadio;
      if (!HasAttr(n, "value")) c.value = "on";
    } else if (c.type == "hidden") {
      c.kind = ControlKind::kHidden;
    } else if (c.type == "password") {
      c.kind = ControlKind::kPassword;
    } else if (c.type == "file") {
      c.kind = ControlKind::kFile;
    } else {
      c.kind = ControlKind::kText;
    }
  }
  if (c.kind != ControlKind::kHidden) c.hidden_reason = HiddenReason(doc, n, Parent(form_node));
  return c;
}

Button MakeButton(const Document& doc, Node n, Node form_node) {
  Button b;
  b.node = n;
  b.tag = TagName(n);
  b.name = std::string(Attr(n, "name"));
  b.value = std::string(Attr(n, "value"));
  b.formaction = std::string(Attr(n, "formaction"));
  b.formmethod = ToLowerAscii(Attr(n, "formmethod"));
  b.formenctype = ToLowerAscii(Attr(n, "formenctype"));
  b.onclick = std::string(Attr(n, "onclick"));
  b.disabled = HasAttr(n, "disabled");
  b.hidden = IsHiddenByStyle(doc, n, Parent(form_node));
  if (b.tag == "button") {
    std::string t = ToLowerAscii(Trim(Attr(n, "type")));
    b.type = t.empty() ? "submit" : t;
    b.text = TextContent(n);
    if (b.text.empty()) {
      for (Node img : FindAll(n, GUMBO_TAG_IMG)) b.text += std::string(Attr(img, "alt"));
    }
  } else if (b.tag == "input") {
    b.type = InputType(n);
    b.text = b.type == "image" ? std::string(Attr(n, "alt")) : b.value;
    if (b.text.empty() && b.type == "submit") b.text = "送信";
  } else {
    b.type = "button";
    b.text = TextContent(n);
  }
  b.is_submit = b.type == "submit" || b.type == "image";
  return b;
}

std::string SelectorFor(Node n, int nth_form) {
  std::string id(Attr(n, "id"));
  if (!id.empty()) return "#" + id;
  std::string name(Attr(n, "name"));
  std::string tag = TagName(n);
  if (!name.empty()) return tag + "[name=\"" + name + "\"]";
  return tag + ":nth-of-type(" + std::to_string(nth_form + 1) + ")";
}

FormModel BuildForm(const Document& doc, Node container, bool pseudo,
                    const std::vector<Node>& extra_controls, int nth) {
  FormModel f;
  f.node = container;
  f.is_pseudo = pseudo;
  f.selector = SelectorFor(container, nth);
  f.id = std::string(Attr(container, "id"));
  f.classes = std::string(Attr(container, "class"));
  if (!pseudo) {
    f.action = std::string(Trim(Attr(container, "action")));
    std::string m = ToLowerAscii(Trim(Attr(container, "method")));
    f.method = m == "post" ? "post" : "get";
    std::string e = ToLowerAscii(Trim(Attr(container, "enctype")));
    if (e == "multipart/form-data" || e == "text/plain") f.enctype = e;
    f.accept_charset = std::string(Trim(Attr(container, "accept-charset")));
  } else {
    // A form-less group may still say where its script posts: data-action / data-method
    // on the container or an ancestor.
    f.action_known = false;
    for (Node p = container; p != nullptr; p = Parent(p)) {
      if (HasAttr(p, "data-action") && !Trim(Attr(p, "data-action")).empty()) {
        f.action = std::string(Trim(Attr(p, "data-action")));
        f.method = ToLowerAscii(Trim(Attr(p, "data-method"))) == "get" ? "get" : "post";
        f.action_known = true;
        break;
      }
    }
  }
  std::vector<Node> nodes;
  Walk(container, [&](Node e) {
    if (e != container && IsTag(e, GUMBO_TAG_FORM)) return false;
    if (pseudo && AncestorWithTag(e, GUMBO_TAG_FORM) != nullptr) return false;
    if (IsTag(e, GUMBO_TAG_TEMPLATE)) return false;
    if (!HasAttr(e, "form") || pseudo) {
      if (IsControlTag(e) || IsButtonNode(e)) nodes.push_back(e);
    }
    // Inputs inside a <button> belong to the form too (Snow Monkey Forms puts its step there).
    return !IsControlTag(e);
  });
  nodes.insert(nodes.end(), extra_controls.begin(), extra_controls.end());
  int index = 0;
  for (Node n : nodes) {
    if (IsButtonNode(n)) {
      f.buttons.push_back(MakeButton(doc, n, container));
      if (f.buttons.back().type == "reset") f.buttons.pop_back();
      continue;
    }
    f.controls.push_back(MakeControl(doc, n, container, index++));
  }
  // Clickable elements that act as the send button without being one: <a href=
  // "javascript:document.form1.submit()">, <img onclick="…submit()">, div role=button.
  Walk(container, [&](Node e) {
    bool clickable = IsTag(e, GUMBO_TAG_A) || IsTag(e, GUMBO_TAG_DIV) || IsTag(e, GUMBO_TAG_SPAN) ||
                     IsTag(e, GUMBO_TAG_IMG);
    if (!clickable) return true;
    std::string js =
        ToLowerAscii(std::string(Attr(e, "onclick")) + " " + std::string(Attr(e, "href")));
    bool submits = js.find("submit(") != std::string::npos;
    if (submits || (pseudo && (HasAttr(e, "onclick") || Attr(e, "role") == "button"))) {
      Button b = MakeButton(doc, e, container);
      if (IsTag(e, GUMBO_TAG_IMG)) b.text = std::string(Attr(e, "alt"));
      b.is_submit = submits;
      b.tag = TagName(e);
      f.buttons.push_back(std::move(b));
    }
    return true;
  });
  f.text = TextContent(container);
  LabelFinder(doc, f).Run();
  return f;
}

}  // namespace

std::string CleanLabel(std::string_view raw) {
  std::string s = text::CollapseWhitespace(text::Nfkc(raw));
  for (std::string_view marker :
       {"(必須)", "[必須]", "【必須】", "<必須>", "※必須", "*必須", "必須項目", "必須", "(任意)",
        "[任意]", "【任意】", "任意", "(required)", "required", "Required", "REQUIRED",
        "(optional)", "optional"}) {
    s = ReplaceAll(std::move(s), marker, " ");
  }
  // Trim markers and punctuation from both ends.
  auto is_trim = [](std::string_view rest) -> size_t {
    for (std::string_view p :
         {"*",  "※",  ":", "：", "|",  "・", "-",  "(", ")", "[", "]", "「", "」", "【", "】",
          "、", "。", ".", ",",  "　", " ",  "〒", "●", "■", "□", "◆", "▼",  "★",  "☆"}) {
      if (rest.starts_with(p)) return p.size();
    }
    return 0;
  };
  std::string_view v = s;
  bool changed = true;
  while (changed && !v.empty()) {
    changed = false;
    if (size_t n = is_trim(v); n > 0 && std::string_view(v.substr(0, n)) != "〒") {
      v.remove_prefix(n);
      changed = true;
    }
    for (std::string_view p :
         {"*", "※", ":", "|", ")", "(", "]", "[", "、", "。", " ", "・", "】", "【"}) {
      if (v.ends_with(p)) {
        v.remove_suffix(p.size());
        changed = true;
      }
    }
  }
  return text::CollapseWhitespace(v);
}

std::vector<FormModel> ExtractForms(const Document& doc) {
  std::vector<FormModel> forms;
  std::map<std::string, std::vector<Node>> by_form_attr;
  Walk(doc.root(), [&](Node e) {
    if ((IsControlTag(e) || IsButtonNode(e)) && HasAttr(e, "form")) {
      by_form_attr[std::string(Attr(e, "form"))].push_back(e);
    }
    return true;
  });
  int nth = 0;
  for (Node f : FindAll(doc.root(), GUMBO_TAG_FORM)) {
    std::vector<Node> extra;
    if (auto it = by_form_attr.find(std::string(Attr(f, "id"))); it != by_form_attr.end()) {
      extra = it->second;
    }
    forms.push_back(BuildForm(doc, f, false, extra, nth++));
  }
  // Form-less groups: from each textarea / email input outside a form, climb to the first
  // ancestor that also holds a button; that container is the pseudo-form. Which elements hold a
  // button is found once, by marking every button's ancestors (each stops at the first ancestor
  // already marked), so a page of deep nesting costs its size, not its depth times its size.
  std::unordered_set<Node> holds_button;
  Walk(doc.root(), [&](Node b) {
    if (IsButtonNode(b) || Attr(b, "role") == "button" ||
        ((IsTag(b, GUMBO_TAG_A) || IsTag(b, GUMBO_TAG_DIV)) && HasAttr(b, "onclick"))) {
      for (Node p = b; p != nullptr && holds_button.insert(p).second; p = Parent(p)) {
      }
    }
    return true;
  });
  std::vector<Node> containers;
  Walk(doc.root(), [&](Node e) {
    if (IsTag(e, GUMBO_TAG_FORM)) return false;
    bool anchor =
        IsTag(e, GUMBO_TAG_TEXTAREA) || (IsTag(e, GUMBO_TAG_INPUT) && InputType(e) == "email");
    if (!anchor) return true;
    for (Node p = Parent(e); p != nullptr && !IsTag(p, GUMBO_TAG_BODY); p = Parent(p)) {
      if (!holds_button.contains(p)) continue;
      bool inside_known = false;
      for (Node c : containers) inside_known = inside_known || Contains(c, p);
      if (!inside_known) containers.push_back(p);
      break;
    }
    return true;
  });
  for (Node c : containers) forms.push_back(BuildForm(doc, c, true, {}, nth++));
  return forms;
}

}  // namespace formsender::engine
