#include "common/csv.h"

namespace formsender {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

bool IsContinuationByte(int c) { return (c & 0xC0) == 0x80; }

}  // namespace

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    if (i + len > n) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      if (!IsContinuationByte(s[i + k])) {
        if (bad_offset) *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

CsvReader::CsvReader(std::istream& in, std::string source_name, CsvOptions options)
    : in_(in), source_name_(std::move(source_name)), options_(options) {
  buffer_.resize(kChunkBytes);
}

int CsvReader::Peek() {
  if (pos_ == end_) {
    if (eof_) return -1;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<size_t>(in_.gcount());
    pos_ = 0;
    if (end_ == 0) {
      eof_ = true;
      return -1;
    }
  }
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::Get() {
  int c = Peek();
  if (c < 0) return c;
  ++pos_;
  // A lone CR ends a line as LF and CRLF do (classic Mac Excel exports): records and errors
  // after it must not all report the first line.
  if (c == '\n' || (c == '\r' && Peek() != '\n')) {
    ++line_;
    column_ = 1;
  } else if (!IsContinuationByte(c)) {
    ++column_;
  }
  return c;
}

std::string CsvReader::Where(CsvPosition position) const {
  std::string out = source_name_ + " line " + std::to_string(position.line);
  if (position.column > 0) out += " column " + std::to_string(position.column);
  return out;
}

Status CsvReader::Error(CsvPosition position, std::string_view message) const {
  return Status::InvalidArgument(Where(position) + ": " + std::string(message));
}

Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark (spreadsheet exports write one) is not part of the first field.
    if (Peek() == 0xEF && end_ - pos_ >= 3 && buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
      pos_ += 3;
    }
  }
  while (true) {
    fields.clear();
    positions_.clear();
    if (Peek() < 0) return false;
    record_line_ = line_;
    bool end_of_record = false;
    bool first_quoted = false;
    while (!end_of_record) {
      CsvPosition start{line_, column_};
      positions_.push_back(start);
      std::string& field = fields.emplace_back();
      int c = Peek();
      first_quoted = fields.size() == 1 ? c == '"' : first_quoted;
      if (c == '"') {
        Get();
        while (true) {
          c = Get();
          if (c < 0) return Error(start, "quoted field is never closed (a \" is missing)");
          if (c == '"') {
            if (Peek() == '"') {
              Get();
              field.push_back('"');
              continue;
            }
            break;
          }
          field.push_back(static_cast<char>(c));
        }
        c = Peek();
        if (c == ',') {
          Get();
        } else if (c == '\r') {
          Get();
          if (Peek() == '\n') Get();
          end_of_record = true;
        } else if (c == '\n' || c < 0) {
          if (c == '\n') Get();
          end_of_record = true;
        } else {
          return Error({line_, column_},
                       "unexpected character after a closing quote (expected , or end of line)");
        }
      } else {
        while (true) {
          c = Peek();
          if (c < 0) {
            end_of_record = true;
            break;
          }
          if (c == ',') {
            Get();
            break;
          }
          if (c == '\r') {
            Get();
            if (Peek() == '\n') Get();
            end_of_record = true;
            break;
          }
          if (c == '\n') {
            Get();
            end_of_record = true;
            break;
          }
          if (c == '"') {
            return Error({line_, column_},
                         "a \" inside an unquoted field (quote the whole field and double the "
                         "quote)");
          }
          field.push_back(static_cast<char>(Get()));
        }
      }
      if (options_.require_utf8) {
        size_t bad = 0;
        if (!IsValidUtf8(field, &bad)) {
          return Error(start, "not valid UTF-8 (save the file as UTF-8)");
        }
      }
    }
    if (options_.skip_blank_lines && fields.size() == 1 && fields[0].empty() && !first_quoted) {
      continue;
    }
    return true;
  }
}

std::string FormatCsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace formsender
