#include "common/redact.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/strings.h"

namespace formsender {
namespace {

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

bool IsJwtChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Finds `needle` case-insensitively in `hay` from `from`.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    bool match = true;
    for (size_t j = 0; j < needle.size(); ++j) {
      if (std::tolower(static_cast<unsigned char>(hay[i + j])) !=
          std::tolower(static_cast<unsigned char>(needle[j]))) {
        match = false;
        break;
      }
    }
    if (match) return i;
  }
  return std::string_view::npos;
}

// -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY----- (also with literal "\n").
std::string RedactPrivateKeys(std::string s) {
  size_t pos = 0;
  while ((pos = s.find("-----BEGIN", pos)) != std::string::npos) {
    size_t end_marker = s.find("-----END", pos);
    if (end_marker == std::string::npos) {
      s.replace(pos, s.size() - pos, "[REDACTED_PRIVATE_KEY]");
      break;
    }
    size_t close = s.find("-----", end_marker + 8);
    size_t end = close == std::string::npos ? s.size() : close + 5;
    std::string_view block(s.data() + pos, end - pos);
    if (block.find("PRIVATE KEY") != std::string_view::npos) {
      s.replace(pos, end - pos, "[REDACTED_PRIVATE_KEY]");
      pos += 22;
    } else {
      pos = end;
    }
  }
  return s;
}

// Replaces the run of token characters after each occurrence of `prefix` (case-insensitive).
std::string RedactAfter(std::string s, std::string_view prefix, bool (*is_char)(char)) {
  size_t pos = 0;
  while ((pos = FindNoCase(s, prefix, pos)) != std::string::npos) {
    size_t start = pos + prefix.size();
    size_t end = start;
    while (end < s.size() && is_char(s[end])) ++end;
    if (end > start && s.compare(start, end - start, kRedacted) != 0) {
      s.replace(start, end - start, kRedacted);
      pos = start + kRedacted.size();
    } else {
      pos = start;
    }
  }
  return s;
}

bool IsQueryValueChar(char c) {
  return c != '&' && c != ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != '\n' &&
         c != '\r' && c != '\t' && c != ',' && c != ';' && c != ')';
}

// JWTs: three base64url segments, the first starting with "eyJ".
std::string RedactJwts(std::string s) {
  size_t pos = 0;
  while ((pos = s.find("eyJ", pos)) != std::string::npos) {
    if (pos > 0 && IsJwtChar(s[pos - 1]) && s[pos - 1] != '.') {
      pos += 3;
      continue;
    }
    size_t end = pos;
    int dots = 0;
    while (end < s.size() && IsJwtChar(s[end])) {
      if (s[end] == '.') ++dots;
      ++end;
    }
    if (dots >= 2 && end - pos >= 20) {
      s.replace(pos, end - pos, "[REDACTED_JWT]");
      pos += 14;
    } else {
      pos = end;
    }
  }
  return s;
}

// "field": "value" for secret-named JSON fields (string values, escapes honoured).
std::string RedactJsonFields(std::string s) {
  static constexpr std::array<std::string_view, 12> kFields = {
      "private_key", "access_token", "id_token", "refresh_token", "client_secret",    "password",
      "token",       "apikey",       "api_key",  "secret",        "service_role_key", "signature"};
  for (std::string_view field : kFields) {
    std::string quoted = "\"" + std::string(field) + "\"";
    size_t pos = 0;
    while ((pos = FindNoCase(s, quoted, pos)) != std::string::npos) {
      size_t i = pos + quoted.size();
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i >= s.size() || s[i] != ':') {
        pos = i;
        continue;
      }
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i >= s.size() || s[i] != '"') {
        pos = i;
        continue;
      }
      size_t start = ++i;
      while (i < s.size() && s[i] != '"') i += (s[i] == '\\') ? 2 : 1;
      size_t end = std::min(i, s.size());
      s.replace(start, end - start, kRedacted);
      pos = start + kRedacted.size();
    }
  }
  return s;
}

// "Authorization: …" and "apikey: …" header lines: the value up to the end of the line.
std::string RedactHeaders(std::string s) {
  for (std::string_view header : {std::string_view("authorization:"), std::string_view("apikey:"),
                                  std::string_view("x-api-key:"), std::string_view("cookie:")}) {
    size_t pos = 0;
    while ((pos = FindNoCase(s, header, pos)) != std::string::npos) {
      size_t start = pos + header.size();
      while (start < s.size() && s[start] == ' ') ++start;
      size_t end = start;
      while (end < s.size() && s[end] != '\n' && s[end] != '\r' && s[end] != '"') ++end;
      if (end > start) {
        s.replace(start, end - start, kRedacted);
        pos = start + kRedacted.size();
      } else {
        pos = start;
      }
    }
  }
  return s;
}

// scheme://user:password@host → scheme://user:[REDACTED]@host
std::string RedactUrlPasswords(std::string s) {
  size_t pos = 0;
  while ((pos = s.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = start;
    while (end < s.size() && s[end] != '@' && s[end] != '/' && s[end] != ' ' && s[end] != '"' &&
           s[end] != '\n') {
      ++end;
    }
    if (end < s.size() && s[end] == '@') {
      size_t colon = s.find(':', start);
      if (colon != std::string::npos && colon < end &&
          s.compare(colon + 1, end - colon - 1, kRedacted) != 0) {
        s.replace(colon + 1, end - colon - 1, kRedacted);
        end = colon + 1 + kRedacted.size();
      }
    }
    pos = end;
  }
  return s;
}

}  // namespace

std::string RedactSecrets(std::string_view text) {
  std::string s = RedactPrivateKeys(std::string(text));
  s = RedactHeaders(std::move(s));
  s = RedactAfter(std::move(s), "bearer ", IsTokenChar);
  s = RedactAfter(std::move(s), "ya29.", IsTokenChar);
  s = RedactJwts(std::move(s));
  for (std::string_view param : {"x-goog-signature=", "signature=", "access_token=", "id_token=",
                                 "token=", "apikey=", "api_key=", "sig="}) {
    s = RedactAfter(std::move(s), param, IsQueryValueChar);
  }
  s = RedactJsonFields(std::move(s));
  s = RedactUrlPasswords(std::move(s));
  return s;
}

void Redactor::AddSecret(std::string value) {
  if (value.size() < 8) return;
  std::lock_guard lock(mu_);
  if (std::find(secrets_.begin(), secrets_.end(), value) == secrets_.end()) {
    secrets_.push_back(std::move(value));
  }
}

std::string Redactor::Redact(std::string_view text) const {
  std::string s(text);
  {
    std::lock_guard lock(mu_);
    for (const auto& secret : secrets_) s = ReplaceAll(std::move(s), secret, kRedacted);
  }
  return RedactSecrets(s);
}

}  // namespace formsender
