#include "sites/page_template.h"

#include <gtest/gtest.h>

namespace formsender::sites {
namespace {

TEST(PageTemplateTest, ValuesAreEscapedAndJoined) {
  RenderContext ctx;
  ctx.values = {
      {"name", "<佐藤>&\"'"}, {"item[]", "A"}, {"item[]", "B"}, {"msg", "1行目\r\n2行目"}};
  EXPECT_EQ(RenderTemplate("[{{value:name}}]", ctx), "[&lt;佐藤&gt;&amp;&quot;&#39;]");
  EXPECT_EQ(RenderTemplate("{{value:item[]}}", ctx), "A、B");
  EXPECT_EQ(RenderTemplate("{{value_br:msg}}", ctx), "1行目<br>\n2行目");
  EXPECT_EQ(RenderTemplate("{{value:missing}}", ctx), "");
  EXPECT_EQ(RenderTemplate("{{checked:item[]=B}}|{{selected:item[]=C}}", ctx), " checked|");
}

TEST(PageTemplateTest, HiddenInputsSkipExcludedNames) {
  RenderContext ctx;
  ctx.values = {{"name", "a\"b"}, {"submitConfirm", "確認"}, {"item[]", "1"}, {"item[]", "2"}};
  ctx.echo_excluded = {"submitConfirm"};
  EXPECT_EQ(RenderTemplate("{{hidden_all}}", ctx),
            "<input type=\"hidden\" name=\"name\" value=\"a&quot;b\">"
            "<input type=\"hidden\" name=\"item[]\" value=\"1\">"
            "<input type=\"hidden\" name=\"item[]\" value=\"2\">");
  EXPECT_EQ(RenderTemplate("{{hidden:name}}", ctx),
            "<input type=\"hidden\" name=\"name\" value=\"a&quot;b\">");
}

TEST(PageTemplateTest, ErrorsStateTokenAndUnknownPlaceholders) {
  FormSpec form;
  form.error_format = "<em>{message}</em>";
  form.errors_format = "<ol>{items}</ol>";
  form.error_item_format = "<li>{message}</li>";
  RenderContext ctx;
  ctx.form = &form;
  ctx.errors = {{"email", "メールアドレスは必須項目です。"}};
  ctx.csrf_token = "tok";
  ctx.state = "invalid";
  ctx.message = "入力内容に問題があります。";
  ctx.site_url = [](std::string_view name) { return "http://" + std::string(name) + ".localhost"; };
  EXPECT_EQ(RenderTemplate("{{error:email}}{{error:name}}", ctx),
            "<em>メールアドレスは必須項目です。</em>");
  EXPECT_EQ(RenderTemplate("{{errors}}", ctx), "<ol><li>メールアドレスは必須項目です。</li></ol>");
  EXPECT_EQ(RenderTemplate("{{csrf_token}} {{state}} {{message}}", ctx),
            "tok invalid 入力内容に問題があります。");
  EXPECT_EQ(RenderTemplate("{{site_url:forms}}/x", ctx), "http://forms.localhost/x");
  EXPECT_EQ(RenderTemplate("{{ vue.binding }} {{unknown:x}} {{", ctx),
            "{{ vue.binding }} {{unknown:x}} {{");
  EXPECT_TRUE(UsesCsrfToken("a {{csrf_token}}"));
  EXPECT_FALSE(UsesCsrfToken("a"));
}

}  // namespace
}  // namespace formsender::sites
