#pragma once
// Sample sheets shared by the settings tests.

namespace formsender::settings::testing {

// A client sheet with the required columns only and client 7.
inline constexpr const char* kClientCsv =
    "id,company_name,company_name_kana,form_sender_name,last_name,first_name,last_name_kana,"
    "first_name_kana,last_name_hiragana,first_name_hiragana,position,gender,email_1,email_2,"
    "postal_code_1,postal_code_2,address_1,address_2,address_3,address_4,phone_1,phone_2,phone_3\n"
    "7,株式会社サンプル,カブシキガイシャサンプル,営業部,山田,太郎,ヤマダ,タロウ,やまだ,たろう,部長,"
    "男性,info,example.co.jp,100,0001,東京都,千代田区,千代田,1-1,03,1234,5678\n";

}  // namespace formsender::settings::testing
