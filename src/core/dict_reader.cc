#include "core/dict_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "dyad/text.h"

namespace dyad {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status RefuseNul(std::string_view content, std::string_view name) {
  const size_t at = content.find('\0');
  if (at == std::string_view::npos) return Status::Ok();
  const size_t line = 1 + static_cast<size_t>(std::count(content.begin(), content.begin() + at, '\n'));
  return Status::InvalidArgument(fmt::format("{}:{}: NUL byte in the dictionary", name, line));
}

std::vector<std::string> SplitAlternatives(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    size_t bar = s.find('|');
    std::string_view part = Trim(s.substr(0, bar));
    if (!part.empty()) out.emplace_back(part);
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}

bool CommentedLines::Next(std::string_view& line) {
  while (pos_ < content_.size()) {
    size_t nl = content_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = content_.size();
    std::string_view raw = content_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++number_;
    size_t hash = raw.find('#');
    raw = Trim(hash == std::string_view::npos ? raw : raw.substr(0, hash));
    if (raw.empty()) continue;
    line = raw;
    return true;
  }
  return false;
}

std::string PetrarchPhrase(std::string_view raw) {
  std::string s(Trim(raw));
  while (!s.empty() && s.back() == '_') s.pop_back();
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

bool DictReader::NextRaw(std::string_view& line) {
  while (pos_ < content_.size()) {
    size_t nl = content_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = content_.size();
    std::string_view raw = content_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++line_no_;
    // A comment is '#' at the start or after whitespace; "No. #1" style text
    // inside values is rare in dictionaries and would need escaping.
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '#' && (i == 0 || raw[i - 1] == ' ' || raw[i - 1] == '\t')) {
        raw = raw.substr(0, i);
        break;
      }
    }
    raw = Trim(raw);
    if (raw.empty()) continue;
    line = raw;
    return true;
  }
  return false;
}

Status DictReader::ExpectMagic(std::string_view magic, int max_version) {
  DYAD_RETURN_IF_ERROR(RefuseNul(content_, name_));
  std::string_view line;
  if (!NextRaw(line))
    return Status::InvalidArgument(fmt::format("{}: empty dictionary (expected '{} 1')", name_, magic));
  if (!IsValidUtf8(content_))
    return Status::InvalidArgument(fmt::format("{}: not valid UTF-8", name_));
  if (line.substr(0, magic.size()) != magic)
    return Status::InvalidArgument(fmt::format("{}:{}: expected '{} <version>' as the first line, found '{}'",
                                               name_, line_no_, magic, line.substr(0, 60)));
  std::string_view ver = Trim(line.substr(magic.size()));
  auto [p, ec] = std::from_chars(ver.data(), ver.data() + ver.size(), version_);
  if (ec != std::errc() || p != ver.data() + ver.size() || version_ < 1)
    return Status::InvalidArgument(fmt::format("{}:{}: bad version '{}'", name_, line_no_, ver));
  if (version_ > max_version)
    return Status::InvalidArgument(fmt::format("{}:{}: format version {} is newer than this dyad reads ({})",
                                               name_, line_no_, version_, max_version));
  return Status::Ok();
}

bool DictReader::Next(DictLine& out) {
  std::string_view line;
  if (!status_.ok() || !NextRaw(line)) return false;
  out = DictLine();
  out.number = line_no_;
  if (line.front() == '@') {
    size_t sp = line.find_first_of(" \t");
    out.kind = DictLine::kMeta;
    out.key = std::string(line.substr(1, sp == std::string_view::npos ? std::string_view::npos : sp - 1));
    out.value = sp == std::string_view::npos ? "" : std::string(Trim(line.substr(sp)));
    return true;
  }
  if (line.front() == '[') {
    if (line.back() != ']' || line.size() < 3) {
      status_ = Status::InvalidArgument(fmt::format("{}:{}: entry header must be [CODE]", name_, line_no_));
      return false;
    }
    out.kind = DictLine::kHeader;
    out.header = std::string(Trim(line.substr(1, line.size() - 2)));
    return true;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    status_ = Status::InvalidArgument(
        fmt::format("{}:{}: expected 'field: value', found '{}'", name_, line_no_, line.substr(0, 60)));
    return false;
  }
  out.kind = DictLine::kField;
  out.key = std::string(Trim(line.substr(0, colon)));
  out.value = std::string(Trim(line.substr(colon + 1)));
  out.values = SplitAlternatives(out.value);
  if (out.values.empty()) {
    status_ = Status::InvalidArgument(fmt::format("{}:{}: field '{}' has no value", name_, line_no_, out.key));
    return false;
  }
  return true;
}

}  // namespace dyad
