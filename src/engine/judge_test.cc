// JudgeDialog: an alert() shown after the send button, read with the page judge's words.
#include "engine/judge.h"

#include <gtest/gtest.h>

namespace formsender::engine {
namespace {

TEST(JudgeDialogTest, ThanksIsASuccessAndErrorsAFailure) {
  for (const char* thanks : {"送信しました", "お問い合わせありがとうございました。",
                             "Thank you! Your message has been sent.", "送信が完了しました"}) {
    Judgment j = JudgeDialog(thanks);
    EXPECT_EQ(j.outcome, "success") << thanks;
    EXPECT_EQ(j.code, "SUCCESS") << thanks;
    ASSERT_FALSE(j.signals.empty());
    EXPECT_NE(j.signals[0].find(thanks), std::string::npos);
  }
  for (const char* error : {"メールアドレスを入力してください", "送信できませんでした。",
                            "お名前は必須です", "Please enter your e-mail address"}) {
    Judgment j = JudgeDialog(error);
    EXPECT_EQ(j.outcome, "failed") << error;
    EXPECT_EQ(j.code, "FORM_VALIDATION_ERROR") << error;
  }
}

TEST(JudgeDialogTest, AQuestionOrAnythingElseDecidesNothing) {
  for (const char* other : {"送信してもよろしいですか？", "この内容で送信します。", "", "OK"}) {
    Judgment j = JudgeDialog(other);
    EXPECT_TRUE(j.outcome.empty()) << other;
    EXPECT_TRUE(j.signals.empty()) << other;
  }
}

}  // namespace
}  // namespace formsender::engine
