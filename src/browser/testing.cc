#include "browser/testing.h"

#include <cstdlib>
#include <functional>

#include "common/handles.h"
#include "common/strings.h"

namespace formsender::browser {
namespace {

const GumboAttribute* Attr(const GumboNode* node, std::string_view name) {
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (name == a->name) return a;
  }
  return nullptr;
}

// Depth-first search over elements (templates included); stops at the first match.
const GumboNode* FindElement(const GumboNode* node,
                             const std::function<bool(const GumboNode*)>& match) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
      node->type != GUMBO_NODE_TEMPLATE) {
    return nullptr;
  }
  if (node->type != GUMBO_NODE_DOCUMENT && match(node)) return node;
  const GumboVector& children =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (auto* found = FindElement(static_cast<const GumboNode*>(children.data[i]), match)) {
      return found;
    }
  }
  return nullptr;
}

void AppendText(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    AppendText(static_cast<const GumboNode*>(children.data[i]), out);
  }
}

Result<std::string> IdOf(const GumboNode* node, std::string_view what) {
  if (!node) return Status::NotFound("no element with " + std::string(what));
  const GumboAttribute* id = Attr(node, "data-fs-id");
  if (!id) return Status::NotFound("the element with " + std::string(what) + " has no data-fs-id");
  return std::string(id->value);
}

}  // namespace

bool ChromiumAvailable() { return ResolveChromiumExecutable("").ok(); }

bool BrowserRequired() {
  const char* v = std::getenv("FORMSENDER_REQUIRE_BROWSER");
  return v != nullptr && std::string_view(v) == "1";
}

BrowserOptions LoopbackBrowserOptions() {
  BrowserOptions options;
  options.requests.net_policy.allow_private_targets = true;
  options.launch_timeout = std::chrono::seconds(60);
  options.acquire_timeout = std::chrono::seconds(60);
  return options;
}

Result<std::string> FindIdByAttribute(const std::string& html, std::string_view name,
                                      std::string_view value) {
  GumboOutputPtr doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  auto* node = FindElement(doc->document, [&](const GumboNode* n) {
    const GumboAttribute* a = Attr(n, name);
    return a && value == a->value;
  });
  return IdOf(node, std::string(name) + "=\"" + std::string(value) + "\"");
}

Result<std::string> FindIdByText(const std::string& html, std::string_view tag,
                                 std::string_view text) {
  GumboOutputPtr doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  auto* node = FindElement(doc->document, [&](const GumboNode* n) {
    if (n->type != GUMBO_NODE_ELEMENT) return false;
    std::string name =
        n->v.element.tag == GUMBO_TAG_UNKNOWN
            ? std::string(n->v.element.original_tag.data, n->v.element.original_tag.length)
            : gumbo_normalized_tagname(n->v.element.tag);
    if (name != tag) return false;
    std::string content;
    AppendText(n, content);
    return std::string_view(Trim(content)).find(text) != std::string_view::npos;
  });
  return IdOf(node, "<" + std::string(tag) + "> text \"" + std::string(text) + "\"");
}

Result<std::string> AttributeOf(const std::string& html, std::string_view id,
                                std::string_view attribute) {
  GumboOutputPtr doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  auto* node = FindElement(doc->document, [&](const GumboNode* n) {
    const GumboAttribute* a = Attr(n, "data-fs-id");
    return a && id == a->value;
  });
  if (!node) return Status::NotFound("no element with data-fs-id=\"" + std::string(id) + "\"");
  const GumboAttribute* a = Attr(node, attribute);
  if (!a) {
    return Status::NotFound("element " + std::string(id) + " has no attribute " +
                            std::string(attribute));
  }
  return std::string(a->value);
}

}  // namespace formsender::browser
