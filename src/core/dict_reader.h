// Line reader shared by every dyad dictionary format (docs/dictionaries.md):
// comments, a magic + version line, @metadata, [entry] headers and
// `field: value | value` lines. It knows nothing of what the fields mean.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dyad/status.h"

namespace dyad {

std::string_view Trim(std::string_view s);
// Every dictionary reader refuses a NUL byte: it would end a name early in
// any C consumer and matches no token. The error names file and line.
Status RefuseNul(std::string_view content, std::string_view name);
// Splits on '|' and trims each part; empty parts are dropped.
std::vector<std::string> SplitAlternatives(std::string_view s);

// The lines of a text with their 1-based numbers: '#' comments stripped,
// whitespace trimmed, empty lines skipped. For the line-oriented formats
// (the CAMEO table, PETRARCH files).
class CommentedLines {
 public:
  explicit CommentedLines(std::string_view content) : content_(content) {}
  bool Next(std::string_view& line);
  int number() const { return number_; }

 private:
  std::string_view content_;
  size_t pos_ = 0;
  int number_ = 0;
};

// A TABARI/PETRARCH phrase as words: '_' joins words, a trailing '_' marks
// the end of a word ("UNITED_STATES_" -> "UNITED STATES").
std::string PetrarchPhrase(std::string_view raw);

struct DictLine {
  enum Kind { kMeta, kHeader, kField } kind = kField;
  int number = 0;              // 1-based line number
  std::string header;          // kHeader: text inside [...]
  std::string key;             // kField / kMeta
  std::string value;           // raw value, trimmed
  std::vector<std::string> values;  // value split on '|'
};

class DictReader {
 public:
  DictReader(std::string_view content, std::string_view name) : content_(content), name_(name) {}
  // Reads up to the magic line; fails unless it is `magic version` with a
  // version this reader supports.
  Status ExpectMagic(std::string_view magic, int max_version);
  // Next meaningful line; false at the end or on error (see status()).
  bool Next(DictLine& line);
  const Status& status() const { return status_; }
  int version() const { return version_; }

 private:
  bool NextRaw(std::string_view& line);
  std::string_view content_;
  std::string name_;
  size_t pos_ = 0;
  int line_no_ = 0;
  int version_ = 0;
  Status status_;
};

}  // namespace dyad
