#include "engine/dom.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <set>

#include "common/strings.h"
#include "common/text.h"

namespace formsender::engine {
namespace {

// Inline or sheet declarations that take an element out of sight. `decls` is lower-case
// without spaces.
std::string HidingDeclaration(std::string_view decls) {
  auto has = [&](std::string_view d) { return decls.find(d) != std::string_view::npos; };
  if (has("display:none")) return "display:none";
  if (has("visibility:hidden") || has("visibility:collapse")) return "visibility:hidden";
  for (std::string_view key : {"opacity:0;", "opacity:0!"}) {
    if (has(key)) return "opacity:0";
  }
  if (decls.size() >= 9 && decls.substr(decls.size() - 9) == "opacity:0") return "opacity:0";
  for (std::string_view prop : {"left:-", "top:-", "margin-left:-", "text-indent:-", "right:-"}) {
    size_t pos = 0;
    while ((pos = decls.find(prop, pos)) != std::string_view::npos) {
      // Property boundary: start or ';' / '{' before it (so "padding-left" is not "left").
      bool boundary = pos == 0 || decls[pos - 1] == ';' || decls[pos - 1] == '{';
      pos += prop.size();
      if (!boundary) continue;
      long v = std::strtol(std::string(decls.substr(pos, 8)).c_str(), nullptr, 10);
      if (v >= 500) return "off-screen";
    }
  }
  bool tiny_w = has("width:0") || has("width:1px");
  bool tiny_h = has("height:0") || has("height:1px");
  if (tiny_w && tiny_h) return "zero-size";
  if ((tiny_w || tiny_h) && has("overflow:hidden")) return "zero-size";
  if (has("clip:rect(0") || has("clip-path:inset(50%")) return "clipped";
  return "";
}

std::string Compact(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

void CollectStyleRules(Node root, std::vector<std::string>& classes,
                       std::vector<std::string>& ids) {
  for (Node style : FindAll(root, GUMBO_TAG_STYLE)) {
    std::string css;
    const GumboVector& kids = style->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<Node>(kids.data[i]);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) css += k->v.text.text;
    }
    size_t pos = 0;
    while (pos < css.size()) {
      size_t open = css.find('{', pos);
      if (open == std::string::npos) break;
      size_t close = css.find('}', open);
      if (close == std::string::npos) break;
      std::string selectors = css.substr(pos, open - pos);
      std::string decls = Compact(std::string_view(css).substr(open + 1, close - open - 1));
      pos = close + 1;
      // @media blocks: step inside by treating the inner text as the next selectors.
      if (selectors.find('@') != std::string::npos) {
        pos = open + 1;
        continue;
      }
      if (HidingDeclaration(decls).empty()) continue;
      for (const std::string& sel : Split(selectors, ',')) {
        std::string s(Trim(sel));
        // Only the last compound matters for what the rule applies to.
        size_t sp = s.find_last_of(" >+~");
        if (sp != std::string::npos) s = s.substr(sp + 1);
        if (s.find(':') != std::string::npos || s.find('[') != std::string::npos) continue;
        size_t dot = s.find('.');
        size_t hash = s.find('#');
        if (dot != std::string::npos && s.find('.', dot + 1) == std::string::npos) {
          classes.push_back(s.substr(dot + 1));
        } else if (hash != std::string::npos && dot == std::string::npos) {
          ids.push_back(s.substr(hash + 1));
        }
      }
    }
  }
}

void AppendText(Node n, bool skip_controls, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT ||
      t == GUMBO_TAG_TEMPLATE) {
    return;
  }
  if (skip_controls && (t == GUMBO_TAG_SELECT || t == GUMBO_TAG_TEXTAREA)) return;
  // Labels drawn as images (<img alt="お名前">, <img alt="必須">) read as their alt text.
  if (t == GUMBO_TAG_IMG) {
    std::string_view alt = Attr(n, "alt");
    if (!alt.empty()) {
      out.push_back(' ');
      out.append(alt);
      out.push_back(' ');
    }
    return;
  }
  bool block = t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || t == GUMBO_TAG_LI ||
               t == GUMBO_TAG_TR || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_DT ||
               t == GUMBO_TAG_DD || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6);
  if (block) out.push_back('\n');
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    AppendText(static_cast<Node>(kids.data[i]), skip_controls, out);
  }
  if (block) out.push_back('\n');
}

}  // namespace

size_t NestingCutOffset(std::string_view html, int max_depth) {
  static const std::set<std::string, std::less<>> kVoid = {
      "area", "base", "br",    "col",    "embed", "hr",  "img",   "input",
      "link", "meta", "param", "source", "track", "wbr", "keygen"};
  auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  };
  int depth = 0;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) return std::string_view::npos;
      i = end + 3;
      continue;
    }
    if (i + 1 >= html.size()) break;
    char c = html[i + 1];
    if (c == '!' || c == '?') {
      i += 2;
      continue;
    }
    bool closing = c == '/';
    size_t name_start = i + (closing ? 2 : 1);
    size_t name_end = name_start;
    while (name_end < html.size() && is_name_char(html[name_end])) ++name_end;
    if (name_end == name_start) {
      ++i;
      continue;
    }
    std::string name = ToLowerAscii(html.substr(name_start, name_end - name_start));
    size_t tag_end = html.find('>', name_end);
    if (tag_end == std::string_view::npos) break;
    if (closing) {
      depth = std::max(0, depth - 1);
    } else if (!kVoid.count(name) && html[tag_end - 1] != '/') {
      if (name == "script" || name == "style" || name == "textarea" || name == "title") {
        // Raw text: nothing inside nests; skip to the end tag.
        size_t end = html.find("</", tag_end);
        while (end != std::string_view::npos &&
               ToLowerAscii(html.substr(end + 2, name.size())) != name) {
          end = html.find("</", end + 2);
        }
        if (end == std::string_view::npos) break;
        i = end;
        continue;
      }
      if (++depth > max_depth) return i;
    }
    i = tag_end + 1;
  }
  return std::string_view::npos;
}

Document::Document(std::string html) : html_(std::move(html)) {
  size_t cut = NestingCutOffset(html_, kMaxNesting);
  if (cut != std::string::npos) {
    html_.resize(cut);
    truncated_ = true;
  }
  output_.reset(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size()));
  CollectStyleRules(root(), hidden_classes_, hidden_ids_);
}

std::string Document::Title() const {
  auto titles = FindAll(root(), GUMBO_TAG_TITLE);
  return titles.empty() ? "" : TextContent(titles.front());
}

bool IsElement(Node n) {
  return n != nullptr && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}

std::string TagName(Node n) {
  if (!IsElement(n)) return "";
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) {
    return gumbo_normalized_tagname(n->v.element.tag);
  }
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ToLowerAscii(std::string_view(piece.data, piece.length));
}

bool IsTag(Node n, GumboTag tag) { return IsElement(n) && n->v.element.tag == tag; }

std::string_view Attr(Node n, std::string_view name) {
  if (!IsElement(n)) return {};
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (EqualsIgnoreCase(a->name, name)) return a->value;
  }
  return {};
}

bool HasAttr(Node n, std::string_view name) {
  if (!IsElement(n)) return false;
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (EqualsIgnoreCase(a->name, name)) return true;
  }
  return false;
}

bool HasClass(Node n, std::string_view cls) {
  std::string_view all = Attr(n, "class");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && std::isspace(static_cast<unsigned char>(all[i]))) ++i;
    size_t j = i;
    while (j < all.size() && !std::isspace(static_cast<unsigned char>(all[j]))) ++j;
    if (j > i && all.substr(i, j - i) == cls) return true;
    i = j;
  }
  return false;
}

Node Parent(Node n) {
  if (n == nullptr || n->parent == nullptr) return nullptr;
  return n->parent->type == GUMBO_NODE_DOCUMENT ? nullptr : n->parent;
}

std::vector<Node> ElementChildren(Node n) {
  std::vector<Node> out;
  if (!IsElement(n)) return out;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto k = static_cast<Node>(kids.data[i]);
    if (IsElement(k)) out.push_back(k);
  }
  return out;
}

void Walk(Node n, const std::function<bool(Node)>& f) {
  if (!IsElement(n)) return;
  if (!f(n)) return;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) Walk(static_cast<Node>(kids.data[i]), f);
}

std::string TextContent(Node n, bool skip_controls) {
  std::string raw;
  if (n != nullptr) AppendText(n, skip_controls, raw);
  return text::CollapseWhitespace(raw);
}

std::string OwnText(Node n) {
  std::string raw;
  if (!IsElement(n)) return raw;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto k = static_cast<Node>(kids.data[i]);
    if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) raw += k->v.text.text;
  }
  return text::CollapseWhitespace(raw);
}

bool Contains(Node ancestor, Node n) {
  for (Node p = n; p != nullptr; p = p->parent) {
    if (p == ancestor) return true;
  }
  return false;
}

Node AncestorWithTag(Node n, GumboTag tag, int max_depth) {
  Node p = Parent(n);
  for (int d = 0; p != nullptr && d < max_depth; ++d, p = Parent(p)) {
    if (IsTag(p, tag)) return p;
  }
  return nullptr;
}

std::vector<Node> FindAll(Node n, GumboTag tag) {
  std::vector<Node> out;
  Walk(n, [&](Node e) {
    if (e->v.element.tag == tag) out.push_back(e);
    return true;
  });
  return out;
}

Node FindById(Node root, std::string_view id) {
  Node found = nullptr;
  if (id.empty()) return nullptr;
  Walk(root, [&](Node e) {
    if (found != nullptr) return false;
    if (Attr(e, "id") == id) found = e;
    return found == nullptr;
  });
  return found;
}

std::string HiddenReason(const Document& doc, Node n, Node stop) {
  for (Node p = n; p != nullptr && p != stop; p = Parent(p)) {
    if (HasAttr(p, "hidden")) return "hidden attribute";
    if (Attr(p, "aria-hidden") == "true" && p != n) return "aria-hidden container";
    std::string style = Compact(Attr(p, "style"));
    if (!style.empty()) {
      std::string why = HidingDeclaration(style);
      if (!why.empty()) return "inline style " + why;
    }
    for (const std::string& c : doc.hidden_classes()) {
      if (HasClass(p, c)) return "style sheet hides ." + c;
    }
    std::string_view id = Attr(p, "id");
    for (const std::string& i : doc.hidden_ids()) {
      if (id == i) return "style sheet hides #" + i;
    }
  }
  return "";
}

bool IsHiddenByStyle(const Document& doc, Node n, Node stop) {
  return !HiddenReason(doc, n, stop).empty();
}

}  // namespace formsender::engine
