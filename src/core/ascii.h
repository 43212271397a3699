// ASCII-only helpers for protocol and markup text (HTTP and WARC headers, tag
// and attribute names), where Unicode case folding would be wrong and slow.
#pragma once

#include <string>
#include <string_view>

namespace dyad {

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Strips spaces, tabs, CR and LF from both ends.
inline std::string_view TrimAsciiSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace dyad
