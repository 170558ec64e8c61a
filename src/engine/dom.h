#pragma once
// A read-only view of an HTML5 document parsed by gumbo, with the few queries the engine
// needs: tags, attributes, visible text, tree walks and a small CSS "is it hidden" check.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/handles.h"

namespace formsender::engine {

using Node = const GumboNode*;

class Document {
 public:
  // Parses UTF-8 HTML (decode first). Never fails: gumbo repairs any input. Markup nested
  // deeper than kMaxNesting is cut off before parsing (truncated() tells): gumbo's time grows
  // with the square of the depth, so 800,000 nested <div>s (4 MB, under the body cap) took
  // minutes of CPU that no time limit can interrupt. No real page comes near the limit.
  explicit Document(std::string html);
  static constexpr int kMaxNesting = 4096;
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;

  Node root() const { return output_->root; }
  const std::string& html() const { return html_; }
  // <title> text, collapsed.
  std::string Title() const;
  // Class names and ids that the page's <style> blocks hide (display:none, visibility:hidden,
  // off-screen positions, zero size): honeypot containers are usually hidden this way.
  const std::vector<std::string>& hidden_classes() const { return hidden_classes_; }
  const std::vector<std::string>& hidden_ids() const { return hidden_ids_; }
  // The page was cut where its nesting went past kMaxNesting.
  bool truncated() const { return truncated_; }

 private:
  std::string html_;
  bool truncated_ = false;
  GumboOutputPtr output_;
  std::vector<std::string> hidden_classes_;
  std::vector<std::string> hidden_ids_;
};

// Where `html` first nests elements deeper than `max_depth` (the offset of that start tag), or
// npos. A linear scan of tags that counts what a parser would keep open: void elements,
// self-closing tags, comments, doctypes and the contents of script/style do not nest.
size_t NestingCutOffset(std::string_view html, int max_depth);

bool IsElement(Node n);
// Lower-case tag name ("input", "my-widget").
std::string TagName(Node n);
bool IsTag(Node n, GumboTag tag);
// Attribute value or "" (HasAttr tells them apart).
std::string_view Attr(Node n, std::string_view name);
bool HasAttr(Node n, std::string_view name);
// True when `cls` is one of the whitespace-separated class names.
bool HasClass(Node n, std::string_view cls);
Node Parent(Node n);
// Element children in order.
std::vector<Node> ElementChildren(Node n);
// Calls f for every element under `n` (n included) in document order; f returns false to skip
// the element's subtree.
void Walk(Node n, const std::function<bool(Node)>& f);
// Text content (script, style, noscript, template, select options excluded when
// `skip_controls`), white space collapsed.
std::string TextContent(Node n, bool skip_controls = true);
// Text of the node's own text children only (not descendants).
std::string OwnText(Node n);
// True when `ancestor` contains `n` (or is `n`).
bool Contains(Node ancestor, Node n);
// The nearest ancestor (n excluded) with the given tag, or nullptr.
Node AncestorWithTag(Node n, GumboTag tag, int max_depth = 64);
// All elements with tag `tag` under n.
std::vector<Node> FindAll(Node n, GumboTag tag);
// Element by id, or nullptr.
Node FindById(Node root, std::string_view id);
// True when the element is hidden by its own attributes or inline style (hidden attribute,
// display:none, visibility:hidden, opacity:0, off-screen, 0/1px size) or by a class/id the
// document's style sheet hides. Ancestors are checked up to `stop` (exclusive).
bool IsHiddenByStyle(const Document& doc, Node n, Node stop);
// The reason string for IsHiddenByStyle ("" when visible).
std::string HiddenReason(const Document& doc, Node n, Node stop);

}  // namespace formsender::engine
